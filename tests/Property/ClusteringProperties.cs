using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HardmaxCore.Clustering;

namespace HardmaxCore.PropertyTests;

/// <summary>A small cost matrix for the Hungarian algorithm: rows × columns, integer costs (so ties occur).</summary>
/// <param name="Rows">1 to 6.</param>
/// <param name="Columns">1 to 6.</param>
/// <param name="Costs">Row-major, 0 to 9.</param>
public sealed record CostCase(int Rows, int Columns, int[] Costs)
{
    /// <summary>The matrix.</summary>
    public double[,] Matrix()
    {
        double[,] m = new double[this.Rows, this.Columns];
        for (int r = 0; r < this.Rows; r++)
        {
            for (int c = 0; c < this.Columns; c++)
            {
                m[r, c] = this.Costs[r * this.Columns + c];
            }
        }
        return m;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{this.Rows}×{this.Columns} [{string.Join(",", this.Costs)}]";
}

/// <summary>Random heads and a batch for the gradient check of SPEC §6.2.</summary>
/// <param name="Heads">H, 1 to 4.</param>
/// <param name="Dimension">d, 1 to 5.</param>
/// <param name="Points">Batch size, 1 to 8.</param>
/// <param name="Lambda">λ ∈ {0.1, 0.5, 1, 3}.</param>
/// <param name="Bias">Whether the score carries −λ‖θ‖²/2.</param>
/// <param name="Seed">Seeds the values (N(0, 1) heads and points).</param>
public sealed record HeadsCase(int Heads, int Dimension, int Points, double Lambda, bool Bias, int Seed);

/// <summary>Two labellings of the same points.</summary>
/// <param name="Truth">Labels 0 to 4.</param>
/// <param name="Predicted">Clusters 0 to 5.</param>
/// <param name="Shift">Added to every predicted cluster id for the renaming check.</param>
public sealed record LabellingCase(int[] Truth, int[] Predicted, int Shift)
{
    /// <inheritdoc/>
    public override string ToString() => $"[{string.Join(",", this.Truth)}] vs [{string.Join(",", this.Predicted)}] shift {this.Shift}";
}

/// <summary>
/// Properties of the clustering library: the Hungarian matching is optimal (against brute force over permutations), the
/// heads' hand-written gradient matches central finite differences, and the label metrics do not depend on cluster names.
/// </summary>
public sealed class ClusteringProperties
{
    public static Arbitrary<CostCase> Costs()
    {
        Gen<CostCase> generator =
            from rows in Gen.Choose(1, 6)
            from columns in Gen.Choose(1, 6)
            from costs in Gen.ArrayOf(Gen.Choose(0, 9), rows * columns)
            select new CostCase(rows, columns, costs);
        return Arb.From(generator);
    }

    public static Arbitrary<HeadsCase> HeadsCases()
    {
        Gen<HeadsCase> generator =
            from heads in Gen.Choose(1, 4)
            from dimension in Gen.Choose(1, 5)
            from points in Gen.Choose(1, 8)
            from lambda in Gen.Elements(0.1, 0.5, 1.0, 3.0)
            from bias in Gen.Elements(true, false)
            from seed in Gen.Choose(0, 100_000)
            select new HeadsCase(heads, dimension, points, lambda, bias, seed);
        return Arb.From(generator);
    }

    public static Arbitrary<LabellingCase> Labellings()
    {
        Gen<LabellingCase> generator =
            from n in Gen.Choose(1, 40)
            from truth in Gen.ArrayOf(Gen.Choose(0, 4), n)
            from predicted in Gen.ArrayOf(Gen.Choose(0, 5), n)
            from shift in Gen.Choose(-50, 50)
            select new LabellingCase(truth, predicted, shift);
        return Arb.From(generator);
    }

    /// <summary>
    /// The Hungarian assignment has the least total cost over all one-to-one maps of min(rows, columns) pairs (brute force
    /// over every injection of the smaller side into the larger, at most 6! = 720), and is itself one-to-one.
    /// </summary>
    [Property(Arbitrary = new[] { typeof(ClusteringProperties) }, MaxTest = 300, Replay = Configurations.Replay)]
    public void Hungarian_MatchesBruteForce(CostCase c)
    {
        double[,] cost = c.Matrix();
        int[] match = Hungarian.Minimize(cost);
        Assert.Equal(c.Rows, match.Length);
        int[] used = [.. match.Where(m => m >= 0)];
        Assert.Equal(Math.Min(c.Rows, c.Columns), used.Length);
        Assert.Equal(used.Length, used.Distinct().Count());
        double total = Enumerable.Range(0, c.Rows).Where(r => match[r] >= 0).Sum(r => cost[r, match[r]]);
        Assert.Equal(BruteForce(cost, c.Rows, c.Columns), total);
    }

    /// <summary>
    /// SPEC §6.2: the hand-written gradient of the batch risk equals the central difference (R(θ + h) − R(θ − h))/2h in
    /// double, relative error ≤ 10⁻⁶.
    /// </summary>
    /// <remarks>
    /// Tolerance: with h = 10⁻⁵, the truncation error is ≤ h²/6·|∂³R| and the rounding error ≈ ε·|R|/h ≈ 10⁻¹¹·|R|. With
    /// points and heads N(0, 1) (|x| ≲ 4) and λ ≤ 3, third derivatives are at most of order (λ·16)²·|R| ≈ 2·10³·|R|, so the
    /// truncation error is ≲ 10⁻¹⁰·2·10³/6·|R| ≈ 4·10⁻⁸·|R|. The error is measured against the scale of the problem,
    /// max(‖g‖∞, R) (a single tiny component has no meaningful relative error), and must be ≤ 10⁻⁶ of it: 25× the worst
    /// truncation bound; a dropped bias term, a wrong sign or a missing factor is off by O(‖g‖).
    /// </remarks>
    [Property(Arbitrary = new[] { typeof(ClusteringProperties) }, MaxTest = 200, Replay = Configurations.Replay)]
    public void HeadsGradient_MatchesCentralFiniteDifferences(HeadsCase c)
    {
        var random = new Random(c.Seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        int d = c.Dimension;
        double[] heads = [.. Enumerable.Range(0, c.Heads * d).Select(_ => Normal())];
        double[] batch = [.. Enumerable.Range(0, c.Points * d).Select(_ => Normal())];
        double[] gradient = new double[heads.Length];
        double risk = PrototypeHeads.Gradient(batch, d, heads, c.Lambda, c.Bias, gradient);
        Assert.Equal(PrototypeHeads.Risk(batch, d, heads, c.Lambda, c.Bias), risk, 12);

        double scale = Math.Max(gradient.Max(Math.Abs), risk);
        const double H = 1e-5;
        for (int p = 0; p < heads.Length; p++)
        {
            double saved = heads[p];
            heads[p] = saved + H;
            double plus = PrototypeHeads.Risk(batch, d, heads, c.Lambda, c.Bias);
            heads[p] = saved - H;
            double minus = PrototypeHeads.Risk(batch, d, heads, c.Lambda, c.Bias);
            heads[p] = saved;
            double numeric = (plus - minus) / (2 * H);
            Assert.True(
                Math.Abs(numeric - gradient[p]) <= 1e-6 * scale,
                $"θ[{p / d}][{p % d}]: finite difference {numeric:R}, analytic {gradient[p]:R}, scale {scale:R}");
        }
    }

    /// <summary>ARI, NMI and matched accuracy depend only on the partitions: renaming clusters changes nothing (bitwise
    /// for ARI and accuracy, whose counts do not change order; NMI sums in the same order too), and ARI(U, U) = NMI(U, U) = 1.</summary>
    [Property(Arbitrary = new[] { typeof(ClusteringProperties) }, MaxTest = 300, Replay = Configurations.Replay)]
    public void LabelMetrics_IgnoreClusterNames(LabellingCase c)
    {
        int[] renamed = [.. c.Predicted.Select(p => 7 * p + c.Shift)];
        Assert.Equal(ClusteringMetrics.AdjustedRandIndex(c.Truth, c.Predicted), ClusteringMetrics.AdjustedRandIndex(c.Truth, renamed));
        Assert.Equal(ClusteringMetrics.NormalizedMutualInformation(c.Truth, c.Predicted), ClusteringMetrics.NormalizedMutualInformation(c.Truth, renamed));
        Assert.Equal(ClusteringMetrics.MatchedAccuracy(c.Truth, c.Predicted), ClusteringMetrics.MatchedAccuracy(c.Truth, renamed));
        Assert.Equal(1.0, ClusteringMetrics.AdjustedRandIndex(c.Truth, c.Truth));
        Assert.Equal(1.0, ClusteringMetrics.NormalizedMutualInformation(c.Truth, c.Truth), 12);
        Assert.Equal(1.0, ClusteringMetrics.MatchedAccuracy(c.Truth, renamed.Select((_, i) => c.Truth[i] * 3 - 1).ToArray()));
        double accuracy = ClusteringMetrics.MatchedAccuracy(c.Truth, c.Predicted);
        // At least the best single cluster-to-label overlap, at most 1.
        double bestCell = c.Truth.Zip(c.Predicted).GroupBy(pair => pair).Max(g => g.Count()) / (double)c.Truth.Length;
        Assert.InRange(accuracy, bestCell, 1.0);
    }

    /// <summary>The least total cost over every injection of the smaller side into the larger (recursive enumeration).</summary>
    private static double BruteForce(double[,] cost, int rows, int columns)
    {
        bool transpose = rows > columns;
        int small = Math.Min(rows, columns);
        int large = Math.Max(rows, columns);
        bool[] taken = new bool[large];
        double best = double.PositiveInfinity;
        void Search(int i, double sum)
        {
            if (i == small)
            {
                best = Math.Min(best, sum);
                return;
            }
            for (int j = 0; j < large; j++)
            {
                if (!taken[j])
                {
                    taken[j] = true;
                    Search(i + 1, sum + (transpose ? cost[j, i] : cost[i, j]));
                    taken[j] = false;
                }
            }
        }
        Search(0, 0);
        return best;
    }
}
