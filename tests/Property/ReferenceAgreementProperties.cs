using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace HardmaxCore.PropertyTests;

/// <summary>P9 (SPEC §2): the vectorized Core and the naive Reference compute the same dynamics.</summary>
public sealed class ReferenceAgreementProperties
{
    private const int Layers = 5;

    /// <summary>
    /// P9 on generic inputs: over K layers, Core&lt;double&gt; and Core&lt;float&gt; pick the Reference's attention sets at
    /// every layer and stay within a tolerance scaled by magnitude and depth.
    /// </summary>
    /// <remarks>
    /// Positions: the engine's input is within E₀ = u·M of the Reference's (float rounds it; double does not); each layer
    /// adds at most δ = <see cref="Bounds.HardmaxUpdate"/> in each of the two engines, and a layer with the same attention
    /// sets is 1-Lipschitz in ‖·‖_∞ (a convex combination), so at layer k the two differ by at most
    /// <c>E_k = E₀ + k·(δ_T + δ_R)</c>.
    /// Attention sets: at layer k the scores of row i computed by the engine differ from the Reference's by at most
    /// <c>Δ_i = ε_T + ε_R + |A|₁·E_k·(‖z_i‖_∞ + M + E_k)</c> (both engines' rounding, <see cref="Bounds.Score"/>, A rounded to
    /// float included, plus the perturbation of the tokens by E_k). The comparison is only meaningful where every row, at
    /// every layer, is robust against Δ (<see cref="Separation"/>): its members are copies of one input token and every
    /// other score is more than 2Δ below. Elsewhere the two engines may legitimately break a near-tie differently and then
    /// follow different (equally valid) trajectories; such inputs are discarded (Prop.When) — rare for generic inputs.
    /// </remarks>
    [Property(Arbitrary = new[] { typeof(Configurations) }, MaxTest = 100, Replay = Configurations.Replay)]
    public Property Core_MatchesReference_OnGenericInputs() => Prop.ForAll(Configurations.Of(Configurations.GenericKinds()), c =>
    {
        double[][][] reference = Engine.Reference.Trajectory(c.Tokens, c.KeyQuery, c.Alpha, Layers);
        int[] groups = Separation.CopyGroups(reference[0]);
        double weight = Bounds.KeyQueryWeight(c.KeyQuery, c.D);
        Engine[] cores = [Engine.Standard[1], Engine.Standard[2]];
        bool robust = cores.All(engine => Enumerable.Range(0, Layers + 1).All(k =>
        {
            double[][] z = reference[k];
            double m = Bounds.MaxAbs(z);
            double e = Deviation(engine, reference[0], k);
            return Separation.IsRobust(
                z,
                c.KeyQuery,
                groups,
                i => engine.ScoreError(z, c.KeyQuery, i) + weight * e * (Bounds.MaxAbs(z[i]) + m + e),
                exactZeroRows: k == 0);
        }));
        return Prop.When(robust, () =>
        {
            int[][][] referenceSets = reference.Select(z => Engine.Reference.AttentionSets(z, c.KeyQuery)).ToArray();
            foreach (Engine engine in cores)
            {
                double[][][] layers = engine.Trajectory(c.Tokens, c.KeyQuery, c.Alpha, Layers);
                for (int k = 0; k <= Layers; k++)
                {
                    int[][] sets = engine.AttentionSets(layers[k], c.KeyQuery);
                    Assert.True(
                        Exact.SameSets(sets, referenceSets[k]),
                        $"{engine} layer {k}: attention sets {Exact.Describe(sets)}, Reference {Exact.Describe(referenceSets[k])}.");
                    double tolerance = Deviation(engine, reference[0], k);
                    double difference = Bounds.MaxDifference(layers[k], reference[k]);
                    Assert.True(difference <= tolerance, $"{engine} layer {k}: {difference:R} from the Reference, allowed {tolerance:R}.");
                }
            }
        });
    });

    /// <summary>
    /// P9 on lattices with exact ties: every score is a small integer (exact in float and double whatever the order of
    /// summation), so attention sets, leaders and strict leaders must equal the Reference's exactly, in every kernel
    /// variant and both precisions; the next layer (same sets, same formula) must agree within δ_T + δ_R.
    /// </summary>
    [Property(Arbitrary = new[] { typeof(Configurations) }, MaxTest = 100, Replay = Configurations.Replay)]
    public Property Core_MatchesReference_OnLatticeTies() => Prop.ForAll(Configurations.Of(Configurations.LatticeTies()), c =>
    {
        int[][] sets = Engine.Reference.AttentionSets(c.Tokens, c.KeyQuery);
        int[] leaders = Engine.Reference.Leaders(c.Tokens, c.KeyQuery);
        int[] strictLeaders = Engine.Reference.StrictLeaders(c.Tokens, c.KeyQuery);
        double[][] next = Engine.Reference.Step(c.Tokens, c.KeyQuery, c.Alpha);
        foreach (Engine engine in Engine.CoreKernels)
        {
            Assert.True(
                Exact.SameSets(engine.AttentionSets(c.Tokens, c.KeyQuery), sets),
                $"{engine}: attention sets {Exact.Describe(engine.AttentionSets(c.Tokens, c.KeyQuery))}, Reference {Exact.Describe(sets)}.");
            Assert.Equal(leaders, engine.Leaders(c.Tokens, c.KeyQuery));
            Assert.Equal(strictLeaders, engine.StrictLeaders(c.Tokens, c.KeyQuery));
            double tolerance = engine.HardmaxUpdateError(c.Tokens) + Engine.Reference.HardmaxUpdateError(c.Tokens);
            double difference = Bounds.MaxDifference(engine.Step(c.Tokens, c.KeyQuery, c.Alpha), next);
            Assert.True(difference <= tolerance, $"{engine}: next layer {difference:R} from the Reference, allowed {tolerance:R}.");
        }
    });

    /// <summary>
    /// P9 for the softmax layer (SPEC §1.3) on lattices, τ ∈ [0.25, 4], where the scores are exact, so only the weights
    /// and the means round: Core (every kernel, both precisions) within R_T + R_R of the Reference.
    /// </summary>
    /// <remarks>
    /// With exact scores the exponent x_j = (s_j − m)/τ ≤ 0 rounds once (relative u) and the exponential adds 8u
    /// (<see cref="Bounds.ExpUlps"/>), so each weight w_j = e^{x_j} is off by a relative u|x_j| + 8u, an absolute
    /// w_j(u|x_j| + 8u) ≤ u(1/e + 8) since |x|e^{−|x|} ≤ 1/e. The softmax mean moves by at most Σ_j |Δw_j|·2M/W with
    /// W ≥ 1 (the maximal weight is e⁰ = 1): 2nM·u(1/e + 8). The arithmetic adds <see cref="Bounds.SoftmaxUpdate"/>.
    /// </remarks>
    [Property(Arbitrary = new[] { typeof(Configurations) }, MaxTest = 60, Replay = Configurations.Replay)]
    public Property CoreSoftmax_MatchesReference_OnLatticeTies() => Prop.ForAll(Configurations.Of(Configurations.LatticeTies()), c =>
    {
        double temperature = Math.Pow(2, c.Random().Next(-2, 3));
        double[][] next = Engine.Reference.Step(c.Tokens, c.KeyQuery, c.Alpha, Attention.Softmax, temperature);
        double m = Bounds.MaxAbs(c.Tokens);
        foreach (Engine engine in Engine.CoreKernels)
        {
            double Weights(Engine e) => 2 * c.N * m * e.UnitRoundoff * (1 / Math.E + Bounds.ExpUlps);
            double tolerance = engine.SoftmaxUpdateError(c.Tokens) + Weights(engine)
                + Engine.Reference.SoftmaxUpdateError(c.Tokens) + Weights(Engine.Reference);
            double difference = Bounds.MaxDifference(engine.Step(c.Tokens, c.KeyQuery, c.Alpha, Attention.Softmax, temperature), next);
            Assert.True(difference <= tolerance, $"{engine} τ = {temperature:R}: softmax layer {difference:R} from the Reference, allowed {tolerance:R}.");
        }
    });

    /// <summary>
    /// E_k: the largest distance, at layer k, between the engine's configuration and the Reference's while their attention
    /// sets agree: E₀ = u_T·M when the engine rounds the input, plus k·(δ_T + δ_R).
    /// </summary>
    private static double Deviation(Engine engine, double[][] input, int k)
    {
        double m = Bounds.MaxAbs(input);
        double rounding = engine.IsNarrow ? engine.UnitRoundoff * m : 0;
        return rounding + k * (engine.HardmaxUpdateError(input) + Engine.Reference.HardmaxUpdateError(input));
    }
}
