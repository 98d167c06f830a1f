namespace HardmaxCore.UnitTests.Dynamics;

/// <summary>
/// The four configurations of [AFZ] Figure 2 (α = 0.5, A = I) with their exact limits, derived by hand below.
/// <c>hardmax simulate --example NAME</c> runs the same configurations (checked in the Simulate tests).
/// </summary>
/// <remarks>
/// With A = I token i attends to argmax_j ⟨z_i, z_j⟩. For a point strictly inside the convex hull of the vertices,
/// ⟨z, w⟩ over the hull is maximised at a vertex, so an interior point attends to the vertex v maximising ⟨z, v⟩, and
/// only to it when that maximum is strict. Moving towards v along z_t = (1−t)z + t v only increases ⟨z_t, v − v'⟩
/// (both ⟨z, v − v'⟩ and ⟨v, v − v'⟩ are positive), so the attention set {v} never changes and z − v shrinks by
/// 1/(1+α) per layer (SPEC §2 P5): the limit is v. <see cref="AttendedVertex"/> computes v and checks the margin, so no
/// interior point sits near a tie.
/// </remarks>
public static class Figure2
{
    /// <summary>α of every configuration, as in [AFZ] Figure 2.</summary>
    public const double Alpha = 0.5;

    /// <summary>The names <c>hardmax simulate --example</c> uses.</summary>
    public static readonly string[] Names = ["square", "square-nonleader", "triangle", "emerging"];

    private static readonly double[][] SquareCorners = [[1, 1], [-1, 1], [-1, -1], [1, -1]];

    /// <summary>Ten interior points of the square, none on an axis (x = 0 or y = 0 ties two corners).</summary>
    private static readonly double[][] SquareInterior =
    [
        [0.3, 0.7], [0.9, 0.1], [0.45, 0.45],
        [-0.4, 0.6], [-0.8, 0.25],
        [-0.5, -0.5], [-0.1, -0.95],
        [0.6, -0.3], [0.2, -0.8], [0.75, -0.65],
    ];

    private static readonly double[][] TriangleVertices = [[1, 1], [0.5, -0.5], [-1, -1]];

    /// <summary>
    /// Seven points inside the triangle (y &lt; x, y &gt; (x − 2)/3, y &gt; 3x − 2), away from the lines y = −x/3, y = −3x and
    /// y = −x where two vertex scores x + y, (x − y)/2, −x − y tie.
    /// </summary>
    private static readonly double[][] TriangleInterior =
    [
        [0.6, 0.3], [0.7, 0.5],
        [0.2, -0.1], [0.4, -0.3],
        [-0.5, -0.6], [-0.2, -0.5], [0.1, -0.35],
    ];

    /// <summary>The configuration called <paramref name="name"/>.</summary>
    public static double[][] Configuration(string name) => name switch
    {
        "square" => [.. SquareCorners, .. SquareInterior],
        "square-nonleader" => [.. SquareCorners, .. SquareInterior, [0.5, 0], [-0.5, 0]],
        "triangle" => [.. TriangleVertices, .. TriangleInterior],
        "emerging" =>
        [
            [1, 1.0 / 3], [-1.0 / 12, 1.0 / 12], [-1, -1], [0, 1.0 / 4],
            [-0.3, -0.7], [-0.6, -0.9], [0.8, 0.1], [0.6, 0.15],
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a Figure 2 configuration"),
    };

    /// <summary>The leaders of the limit, i.e. the token indices of its vertices.</summary>
    public static int[] LimitLeaders(string name) => name switch
    {
        "square" or "square-nonleader" => [0, 1, 2, 3],
        "triangle" => [0, 1, 2],
        "emerging" => [0, 1, 2],
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a Figure 2 configuration"),
    };

    /// <summary>The exact limit of every token.</summary>
    /// <remarks>
    /// square: corners stay (strict leaders); an interior point ends on the corner of its quadrant.
    /// square-nonleader: as square, and (±0.5, 0) ties between (±1, 1) and (±1, −1) (scores ±0.5 each, against 0.25
    /// for itself and |0.5·w_x| &lt; 0.5 for interior w); its attention mean is (±1, 0) and its y stays exactly 0, so it
    /// ends on the non-leader cluster (±1, 0).
    /// triangle: vertices stay; an interior point ends on the vertex maximising ⟨z, v⟩.
    /// emerging (checked in exact rational arithmetic): at layer 0 the attention sets are
    /// {0}, {3}, {2}, {0}, {2}, {2}, {0}, {0}, so the leaders are {0, 2}; token 1 moves to
    /// ((−1/12) + 0.5·0, 1/12 + 0.5·1/4)/1.5 = (−1/18, 5/36), where ⟨z_1, z_1⟩ = 29/1296 beats every other score
    /// (token 3 has moved to (1/3, 5/18), score 26/1296, and then on towards (1, 1/3), score −1/108), so token 1 is a
    /// strict leader from layer 1 on and stays; tokens 3, 6, 7 end on (1, 1/3) and 4, 5 on (−1, −1).
    /// </remarks>
    public static double[][] Limits(string name)
    {
        double[][] z = Configuration(name);
        switch (name)
        {
            case "square":
            case "square-nonleader":
            {
                var limits = new double[z.Length][];
                for (int i = 0; i < z.Length; i++)
                {
                    limits[i] = i >= 14 ? [Math.Sign(z[i][0]), 0] : AttendedVertex(z[i], SquareCorners);
                }
                return limits;
            }
            case "triangle":
                return [.. z.Select(zi => AttendedVertex(zi, TriangleVertices))];
            case "emerging":
            {
                double[] top = [1, 1.0 / 3];
                double[] bottom = [-1, -1];
                return [top, [-1.0 / 18, 5.0 / 36], bottom, top, bottom, bottom, top, top];
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "not a Figure 2 configuration");
        }
    }

    /// <summary>
    /// The vertex maximising ⟨z, v⟩; throws unless it wins by at least 0.01 (a vertex itself wins against the others
    /// by at least ⟨v, v − v'⟩, here ≥ 1).
    /// </summary>
    public static double[] AttendedVertex(double[] z, double[][] vertices)
    {
        double[] scores = [.. vertices.Select(v => (z[0] * v[0]) + (z[1] * v[1]))];
        int best = Array.IndexOf(scores, scores.Max());
        double runnerUp = scores.Where((_, j) => j != best).Max();
        if (scores[best] - runnerUp < 0.01)
        {
            throw new InvalidOperationException($"({z[0]}, {z[1]}) is too close to a tie between vertices; move it.");
        }
        return vertices[best];
    }

    /// <summary>Row-major n × d copy of a configuration.</summary>
    public static double[] Flatten(double[][] z) => [.. z.SelectMany(row => row)];

    /// <summary>The rows of a row-major n × d configuration.</summary>
    public static double[][] Rows<T>(ReadOnlySpan<T> z, int d)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var rows = new double[z.Length / d][];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = new double[d];
            for (int k = 0; k < d; k++)
            {
                rows[i][k] = double.CreateTruncating(z[i * d + k]);
            }
        }
        return rows;
    }
}
