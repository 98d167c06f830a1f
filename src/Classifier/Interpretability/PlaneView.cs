namespace HardmaxCore.Classifier;

/// <summary>
/// The plane a review's tokens are drawn in: the coordinates themselves when d = 2; otherwise the decoder direction
/// <c>v/‖v‖</c> and the first principal direction of the layer-0 tokens orthogonal to it.
/// </summary>
/// <remarks>
/// For d &gt; 2 the score <c>v·z + b = ‖v‖·x + b</c> depends on the first coordinate only, so the decoder line drawn in
/// the projection (<c>x = −b/‖v‖</c>) and the side each point falls on are exact; distances along the second axis are a
/// projection and can hide structure.
/// </remarks>
public sealed class PlaneView
{
    private readonly double[] _e1;
    private readonly double[] _e2;

    private PlaneView(double[] e1, double[] e2, bool exact, string xLabel, string yLabel, (double A, double B, double C) decoderLine)
    {
        this._e1 = e1;
        this._e2 = e2;
        this.IsExact = exact;
        this.XLabel = xLabel;
        this.YLabel = yLabel;
        this.DecoderLine = decoderLine;
    }

    /// <summary>True when d = 2 and the picture shows the tokens themselves.</summary>
    public bool IsExact { get; }

    /// <summary>What the x axis shows.</summary>
    public string XLabel { get; }

    /// <summary>What the y axis shows.</summary>
    public string YLabel { get; }

    /// <summary>The decoder line <c>v·z + b = 0</c> in the plane's coordinates, as <c>a·x + b·y + c = 0</c>.</summary>
    public (double A, double B, double C) DecoderLine { get; }

    /// <summary>The plane for one review.</summary>
    public static PlaneView For(ReviewAnatomy review)
    {
        int d = review.Dimension;
        if (d == 2)
        {
            return new PlaneView([1, 0], [0, 1], true, "z1", "z2", (review.Decoder[0], review.Decoder[1], review.Bias));
        }
        double norm = Math.Sqrt(review.Decoder.Sum(v => v * v));
        double[] e1 = norm > 0 ? review.Decoder.Select(v => v / norm).ToArray() : Unit(d, 0);
        double[] e2 = PrincipalDirection(review, e1);
        return new PlaneView(
            e1, e2, false,
            $"decoder direction v/|v| (d = {d}, projection)",
            "1st principal direction orthogonal to v (layer 0)",
            (norm, 0, review.Bias));
    }

    /// <summary>The plane coordinates of a point.</summary>
    public (double X, double Y) Project(ReadOnlySpan<double> z)
    {
        double x = 0, y = 0;
        for (int l = 0; l < z.Length; l++)
        {
            x += this._e1[l] * z[l];
            y += this._e2[l] * z[l];
        }
        return (x, y);
    }

    /// <summary>
    /// The leading eigenvector of the multiplicity-weighted covariance of the layer-0 tokens after removing their
    /// component along <paramref name="e1"/> (power iteration from a fixed start, so the picture is reproducible).
    /// </summary>
    private static double[] PrincipalDirection(ReviewAnatomy review, double[] e1)
    {
        int d = review.Dimension;
        int count = review.Count;
        double total = review.Multiplicity.Sum();
        var mean = new double[d];
        for (int u = 0; u < count; u++)
        {
            ReadOnlySpan<double> z = review.Point(0, u);
            for (int l = 0; l < d; l++)
            {
                mean[l] += review.Multiplicity[u] * z[l] / total;
            }
        }
        var residuals = new double[count][];
        for (int u = 0; u < count; u++)
        {
            double[] r = review.Point(0, u).ToArray();
            for (int l = 0; l < d; l++)
            {
                r[l] -= mean[l];
            }
            RemoveComponent(r, e1);
            residuals[u] = r;
        }
        double[] w = Unit(d, 0);
        for (int l = 0; l < d; l++)
        {
            w[l] = 1.0 / (l + 1);
        }
        RemoveComponent(w, e1);
        for (int iteration = 0; iteration < 300; iteration++)
        {
            var next = new double[d];
            for (int u = 0; u < count; u++)
            {
                double dot = 0;
                for (int l = 0; l < d; l++)
                {
                    dot += residuals[u][l] * w[l];
                }
                for (int l = 0; l < d; l++)
                {
                    next[l] += review.Multiplicity[u] * dot * residuals[u][l];
                }
            }
            RemoveComponent(next, e1);
            double size = Math.Sqrt(next.Sum(x => x * x));
            if (!(size > 1e-300))
            {
                break;
            }
            w = next.Select(x => x / size).ToArray();
        }
        double length = Math.Sqrt(w.Sum(x => x * x));
        if (!(length > 1e-12))
        {
            // No spread off the decoder direction: any unit vector orthogonal to e1.
            int axis = Array.IndexOf(e1, e1.MinBy(Math.Abs));
            w = Unit(d, axis);
            RemoveComponent(w, e1);
            length = Math.Sqrt(w.Sum(x => x * x));
        }
        return w.Select(x => x / length).ToArray();
    }

    private static void RemoveComponent(double[] x, double[] unit)
    {
        double dot = 0;
        for (int l = 0; l < x.Length; l++)
        {
            dot += x[l] * unit[l];
        }
        for (int l = 0; l < x.Length; l++)
        {
            x[l] -= dot * unit[l];
        }
    }

    private static double[] Unit(int d, int axis)
    {
        var e = new double[d];
        e[axis] = 1;
        return e;
    }
}
