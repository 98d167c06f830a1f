using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HardmaxCore.Reference;

namespace HardmaxCore.PropertyTests;

/// <summary>P9 with the optional relative tie tolerance of SPEC §1.4: <c>j ∈ C_i ⟺ s_ij ≥ m_i − tieTol·max(1, |m_i|)</c>.</summary>
public sealed class TieToleranceProperties
{
    /// <summary>
    /// P9 with a tie tolerance: a lattice configuration (integer scores, so exact ties and gaps ≥ 1 between distinct
    /// scores) is perturbed by at most δ per coordinate. The tolerance band of row i is <c>tieTol·max(1, |m_i|)</c> with
    /// <c>tieTol = 1/(2·max(1, max_i |m_i|))</c>: at most 1/2, narrower than every gap, at least tieTol. The perturbation
    /// moves a score by at most <c>2δS + δ²ΣA ≤ tieTol/4</c> (S = max_i ‖A z_i‖₁, δ = tieTol/(8(S + 1)), ΣA = Σ|a_kl|),
    /// plus the engine's rounding; wherever that total stays below tieTol/2 the band must hold exactly the lattice ties
    /// again: every engine, with the tolerance, finds the attention sets of the unperturbed lattice, and its next layer
    /// agrees with the Reference's within δ_T + δ_R. (Without the tolerance the perturbation splits those ties.)
    /// </summary>
    [Property(Arbitrary = new[] { typeof(Configurations) }, MaxTest = 80, Replay = Configurations.Replay)]
    public Property PerturbedLatticeTies_AreRegroupedByTheTolerance() => Prop.ForAll(Configurations.Of(Configurations.LatticeTies()), c =>
    {
        int n = c.N, d = c.D;
        double[][] lattice = c.Tokens;
        double[,] a = c.KeyQuery ?? KeyQuery.Identity(d);
        int[][] exact = Engine.Reference.AttentionSets(lattice, c.KeyQuery);
        double[,] scores = ReferenceDynamics.Scores(lattice, c.KeyQuery);
        double largest = 1;
        for (int i = 0; i < n; i++)
        {
            largest = Math.Max(largest, Math.Abs(scores[i, exact[i][0]]));
        }
        double tieTolerance = 1 / (2 * largest);
        double s = lattice.Max(z => KeyQuery.Apply(c.KeyQuery, z).Sum(Math.Abs));
        double sumA = 0;
        foreach (double value in a)
        {
            sumA += Math.Abs(value);
        }
        double delta = tieTolerance / (8 * (s + 1));

        // Perturb by multiples of a power of two q ≤ δ/4, exact in double; exact in float too when q ≥ 2⁻²¹ (|x| < 4).
        double q = Math.Pow(2, Math.Floor(Math.Log2(delta / 4)));
        bool exactInFloat = q >= Math.Pow(2, -21);
        var random = c.Random();
        double[][] perturbed = lattice.Select(z => z.Select(x => x + q * random.Next(-4, 5)).ToArray()).ToArray();

        int checkedEngines = 0;
        foreach (Engine engine in Engine.EveryKernel)
        {
            // An engine that cannot store the perturbed tokens exactly moves them by up to u·|x| more.
            double stored = delta + (engine.IsNarrow && !exactInFloat ? Bounds.SingleRoundoff * (Bounds.MaxAbs(lattice) + delta) : 0);
            double moved = 2 * stored * s + stored * stored * sumA;
            double[][] input = engine.Round(perturbed);
            double rounding = Enumerable.Range(0, n).Max(i => engine.ScoreError(input, c.KeyQuery, i));
            if (moved + rounding > tieTolerance / 2)
            {
                continue; // this precision cannot resolve the band on this case; the argument above does not apply
            }
            checkedEngines++;
            int[][] sets = engine.AttentionSets(input, c.KeyQuery, tieTolerance);
            Assert.True(Exact.SameSets(sets, exact), $"{engine} tieTol = {tieTolerance:R}: attention sets {Exact.Describe(sets)}, lattice {Exact.Describe(exact)}.");
            double[][] next = Engine.Reference.TolerantStep(input, c.KeyQuery, c.Alpha, tieTolerance);
            double tolerance = engine.HardmaxUpdateError(input) + Engine.Reference.HardmaxUpdateError(input);
            double difference = Bounds.MaxDifference(engine.TolerantStep(input, c.KeyQuery, c.Alpha, tieTolerance), next);
            Assert.True(difference <= tolerance, $"{engine}: next layer {difference:R} from the Reference, allowed {tolerance:R}.");
        }
        int doubles = 1 + HardmaxCore.Kernels.KernelFactory.All.Count;
        Assert.True(checkedEngines >= doubles, $"only {checkedEngines} engines could resolve the band; the Reference and the double kernels ({doubles}) always must.");
    });
}
