using FsCheck.Xunit;

namespace HardmaxCore.PropertyTests;

/// <summary>P1 (SPEC §2): each layer maps every token to a convex combination of the tokens, so the hull never grows.</summary>
public sealed class ConvexityProperties
{
    private const int Layers = 4;

    /// <summary>
    /// P1 for hardmax: for every direction u tried, <c>max_i ⟨u, z_i^{k+1}⟩ ≤ max_i ⟨u, z_i^k⟩</c> + rounding, at each of K
    /// layers and over all K.
    /// </summary>
    /// <remarks>
    /// Tolerance: the computed z_i⁺ is within δ = <see cref="Bounds.HardmaxUpdate"/> (∞-norm) of an exact convex
    /// combination of the z_j — whatever attention set the engine picked, so near-ties do not matter here — hence
    /// <c>⟨u, z_i⁺⟩ ≤ max_j ⟨u, z_j⟩ + ‖u‖₁·δ</c>; evaluating the two support values in double adds 2·γ_d·‖u‖₁·M.
    /// Over K layers the per-layer allowances add.
    /// </remarks>
    [Property(Arbitrary = new[] { typeof(Configurations) }, MaxTest = 100, Replay = Configurations.Replay)]
    public void HardmaxStep_StaysInConvexHull(Case c)
        => AssertHullShrinks(c, Attention.Hardmax, 1e-3);

    /// <summary>P1 for softmax (SPEC §1.3): the weights are positive and normalised, so the layer is a convex combination too.</summary>
    /// <remarks>Tolerance as for hardmax with <see cref="Bounds.SoftmaxUpdate"/>: the computed mean is Σ w̃_j z_j / Σ w̃_j with w̃ ≥ 0.</remarks>
    [Property(Arbitrary = new[] { typeof(Configurations) }, MaxTest = 60, Replay = Configurations.Replay)]
    public void SoftmaxStep_StaysInConvexHull(Case c)
        => AssertHullShrinks(c, Attention.Softmax, c.Random().NextDouble() < 0.5 ? 1e-1 : 1e-3);

    private static void AssertHullShrinks(Case c, Attention attention, double temperature)
    {
        foreach (Engine engine in Engine.Standard)
        {
            double[][][] layers = engine.Trajectory(c.Tokens, c.KeyQuery, c.Alpha, Layers, attention, temperature);
            double[][] directions = Directions(c, layers[0]);
            double[] allowance = new double[directions.Length];
            for (int k = 0; k < Layers; k++)
            {
                double[][] z = layers[k];
                double[][] next = layers[k + 1];
                double m = Bounds.MaxAbs(z);
                double delta = attention == Attention.Hardmax ? engine.HardmaxUpdateError(z) : engine.SoftmaxUpdateError(z);
                double evaluation = 2 * Bounds.Gamma(c.D, Bounds.DoubleRoundoff) * m;
                for (int r = 0; r < directions.Length; r++)
                {
                    double[] u = directions[r];
                    double norm1 = u.Sum(Math.Abs);
                    double tolerance = norm1 * (delta + evaluation);
                    allowance[r] += tolerance;
                    double before = Support(z, u);
                    double after = Support(next, u);
                    Assert.True(
                        after <= before + tolerance,
                        $"{engine} {attention} layer {k}→{k + 1}: support in direction [{string.Join(", ", u.Select(Case.Format))}] grew from {before:R} to {after:R} (allowed {tolerance:R}).");
                    if (k == Layers - 1)
                    {
                        double initial = Support(layers[0], u);
                        Assert.True(
                            after <= initial + allowance[r],
                            $"{engine} {attention}: support after {Layers} layers {after:R} exceeds the input's {initial:R} + {allowance[r]:R}.");
                    }
                }
            }
        }
    }

    /// <summary><c>max_i ⟨u, z_i⟩</c>.</summary>
    private static double Support(double[][] z, double[] u)
    {
        double best = double.NegativeInfinity;
        foreach (double[] zi in z)
        {
            double dot = 0;
            for (int k = 0; k < u.Length; k++)
            {
                dot += u[k] * zi[k];
            }
            best = Math.Max(best, double.IsNaN(dot) ? double.PositiveInfinity : dot);
        }
        return best;
    }

    /// <summary>±e_k, ±z_j and ±A z_j for a few tokens (normalised), and a few random directions from the case's seed.</summary>
    private static double[][] Directions(Case c, double[][] z)
    {
        int d = c.D;
        var directions = new List<double[]>();
        for (int k = 0; k < d; k++)
        {
            var e = new double[d];
            e[k] = 1;
            directions.Add(e);
        }
        foreach (double[] zj in z.Take(6))
        {
            directions.Add(zj);
            directions.Add(Reference.KeyQuery.Apply(c.KeyQuery, zj));
        }
        Random random = c.Random();
        for (int r = 0; r < 4; r++)
        {
            directions.Add(Enumerable.Range(0, d).Select(_ => random.NextDouble() * 2 - 1).ToArray());
        }
        return directions
            .Where(u => Bounds.MaxAbs(u) > 0)
            .Select(u => u.Select(x => x / Bounds.MaxAbs(u)).ToArray())
            .SelectMany(u => new[] { u, u.Select(x => -x).ToArray() })
            .ToArray();
    }
}
