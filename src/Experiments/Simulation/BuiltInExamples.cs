namespace HardmaxCore.Experiments.Simulation;

/// <summary>
/// The four configurations of [AFZ] Figure 2 with α = 0.5 (the same ones the unit tests check), for
/// <c>hardmax simulate --example NAME</c>.
/// </summary>
/// <remarks>
/// With A = I a token attends to the points maximising ⟨z_i, z_j⟩. Interior points are chosen off the lines where two
/// vertices tie, so each one attends to a single vertex for ever and converges to it.
/// </remarks>
internal static class BuiltInExamples
{
    /// <summary>α of every example, as in [AFZ] Figure 2.</summary>
    public const double Alpha = 0.5;

    /// <summary>The example names, in the order the help lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["square", "square-nonleader", "triangle", "emerging"];

    /// <summary>The square (±1, ±1), tokens 0–3, then ten interior points off the axes; each ends on the corner of its quadrant.</summary>
    public static double[][] Square =>
    [
        [1, 1], [-1, 1], [-1, -1], [1, -1],
        [0.3, 0.7], [0.9, 0.1], [0.45, 0.45],
        [-0.4, 0.6], [-0.8, 0.25],
        [-0.5, -0.5], [-0.1, -0.95],
        [0.6, -0.3], [0.2, -0.8], [0.75, -0.65],
    ];

    /// <summary>
    /// The square with the two extra points (±0.5, 0) as tokens 14 and 15: each ties between the two corners of its side,
    /// moves to their midpoint and ends on the non-leader cluster (±1, 0).
    /// </summary>
    public static double[][] SquareNonLeader => [.. Square, [0.5, 0], [-0.5, 0]];

    /// <summary>
    /// The triangle (1, 1), (0.5, −0.5), (−1, −1), tokens 0–2, then seven interior points; scores against the vertices are
    /// <c>x + y</c>, <c>(x − y)/2</c>, <c>−x − y</c>, and each point ends on the vertex with the largest.
    /// </summary>
    public static double[][] Triangle =>
    [
        [1, 1], [0.5, -0.5], [-1, -1],
        [0.6, 0.3], [0.7, 0.5],
        [0.2, -0.1], [0.4, -0.3],
        [-0.5, -0.6], [-0.2, -0.5], [0.1, -0.35],
    ];

    /// <summary>
    /// The "emerging leader" configuration: leaders {0, 2} at layer 0; token 1 attends to token 3, moves to
    /// (−1/18, 5/36) in one step, is a leader from then on and stays; every other token ends on (1, 1/3) or (−1, −1).
    /// </summary>
    public static double[][] Emerging =>
    [
        [1, 1.0 / 3], [-1.0 / 12, 1.0 / 12], [-1, -1], [0, 0.25],
        [-0.3, -0.7], [-0.6, -0.9], [0.8, 0.1], [0.6, 0.15],
    ];

    /// <summary>The example called <paramref name="name"/>.</summary>
    /// <exception cref="ExperimentException">No example has that name.</exception>
    public static SimulationProblem Get(string name)
    {
        double[][] rows = name switch
        {
            "square" => Square,
            "square-nonleader" => SquareNonLeader,
            "triangle" => Triangle,
            "emerging" => Emerging,
            _ => throw new ExperimentException(
                $"there is no example '{name}'; the examples are {string.Join(", ", Names)}."),
        };
        return SimulationProblem.FromRows($"example {name}", Alpha, keyQuery: null, tieTolerance: 0, rows);
    }
}
