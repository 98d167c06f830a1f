using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HardmaxCore.Reference;

namespace HardmaxCore.PropertyTests;

/// <summary>P8 (SPEC §2): the softmax layer tends to the hardmax layer as the temperature τ → 0.</summary>
public sealed class SoftmaxProperties
{
    private static readonly double[] Temperatures = [1e-1, 1e-2, 1e-3];

    /// <summary>
    /// P8: on tie-free configurations (only copies tie) the softmax layer approaches the hardmax layer as τ goes
    /// 10⁻¹ → 10⁻² → 10⁻³: the distance obeys the bound that each non-maximal weight is ≤ exp(−x_l/τ), and the gap measured
    /// along A z_i shrinks monotonically, for every τ.
    /// </summary>
    /// <remarks>
    /// Let C be the copies of row i's maximiser, x_l = m_i − s_il ≥ g &gt; 0 for l ∉ C. Then (exactly)
    /// <c>Hardmax_i − Softmax_i = c·Σ_{l∉C} P_il (mean_C z − z_l)</c>, so
    /// (1) <c>‖Softmax_i − Hardmax_i‖_∞ ≤ 2cM·η_i(τ)</c>, η_i = Σ_{l∉C} P_il ≤ Σ_{l∉C} e^{−x_l/τ}/|C|; and
    /// (2) along A z_i, <c>φ_i(τ) = ⟨A z_i, Hardmax_i − Softmax_i⟩ = c·Σ_{l∉C} P_il x_l ≥ 0</c>, which decreases as τ
    /// decreases: with β = 1/τ, e_l = e^{−βx_l} and D = |C| + Σ e_l, dφ/dβ ∝ (Σ x_l e_l)² − D·Σ x_l² e_l ≤ 0 by
    /// Cauchy–Schwarz. Once τ ≤ g, x e^{−x/τ} decreases in x, so φ_i ≤ c·(n − |C|)/|C|·g·e^{−g/τ}: the gap vanishes.
    /// Numerically: the engine's scores are within ε (<see cref="Bounds.Score"/>) of exact, so its exponents are within
    /// 2ε/τ and each computed non-maximal weight is ≤ e^{−(x_l − 2ε)/τ}(1 + 8u) (<see cref="Bounds.ExpUlps"/>), the maximal
    /// ones being exp(0) for every copy. In (2) the weights are those of exponents x̃_l = x_l + δ_l, |δ_l| ≤ 2ε, fixed for all
    /// τ; the same computation gives dφ/dβ ≤ 2·max|δ|·φ, so φ(τ₂) ≤ φ(τ₁)·e^{4ε(1/τ₂ − 1/τ₁)}. The arithmetic of both layers
    /// adds R = <see cref="Bounds.SoftmaxUpdate"/> + <see cref="Bounds.HardmaxUpdate"/> to positions and |A|₁‖z_i‖_∞·R
    /// (+ 2γ_d|A|₁‖z_i‖_∞M for evaluating φ in double) to φ. x_l are measured with the Reference (±2ε_R).
    /// </remarks>
    [Property(Arbitrary = new[] { typeof(Configurations) }, MaxTest = 80, Replay = Configurations.Replay)]
    public Property Softmax_ApproachesHardmax_AsTemperatureVanishes() => Prop.ForAll(Configurations.Of(Configurations.TieFree()), c =>
    {
        bool tieFree = Engine.Standard.All(engine =>
        {
            double[][] z = engine.Round(c.Tokens);
            return Separation.IsRobust(z, c.KeyQuery, Separation.CopyGroups(z), i => engine.ScoreError(z, c.KeyQuery, i), exactZeroRows: false);
        });
        return Prop.When(tieFree, () =>
        {
            double weight = Bounds.KeyQueryWeight(c.KeyQuery, c.D);
            double step = c.Alpha / (1 + c.Alpha);
            foreach (Engine engine in Engine.Standard)
            {
                double[][] z = engine.Round(c.Tokens);
                double m = Bounds.MaxAbs(z);
                double u = engine.UnitRoundoff;
                double[,] scores = ReferenceDynamics.Scores(z, c.KeyQuery);
                double[][] hardmax = engine.Step(z, c.KeyQuery, c.Alpha);
                double[][][] softmax = Temperatures.Select(t => engine.Step(z, c.KeyQuery, c.Alpha, Attention.Softmax, t)).ToArray();
                double arithmetic = engine.SoftmaxUpdateError(z) + engine.HardmaxUpdateError(z);
                for (int i = 0; i < c.N; i++)
                {
                    int[] members = Separation.Members(scores, i);
                    double epsilon = engine.ScoreError(z, c.KeyQuery, i);
                    double epsilonR = Engine.Reference.ScoreError(z, c.KeyQuery, i);
                    double[] x = Enumerable.Range(0, c.N).Where(l => Array.IndexOf(members, l) < 0).Select(l => scores[i, members[0]] - scores[i, l]).ToArray();
                    double[] au = Reference.KeyQuery.Apply(c.KeyQuery, z[i]);
                    double projectionRounding = weight * Bounds.MaxAbs(z[i]) * (arithmetic + 4.01 * Bounds.Gamma(c.D, Bounds.DoubleRoundoff) * m);
                    // The engine's exponent of token l is −(x_l + δ_l)/τ: |δ_l| ≤ Δ from its score error (2ε) and from rounding
                    // the subtraction and the division by τ (relative 2u of x_l ≤ max x + 2ε_R).
                    double spread = 2 * epsilon + 2 * u * ((x.Length == 0 ? 0 : x.Max()) + 2 * epsilonR + 2 * epsilon);
                    double g = x.Length == 0 ? double.PositiveInfinity : x.Min() - 2 * epsilonR;
                    var phi = new double[Temperatures.Length];
                    for (int t = 0; t < Temperatures.Length; t++)
                    {
                        double tau = Temperatures[t];
                        // Σ_{l∉C} of the computed weights relative to the maximal ones (each ≤ e^{−(x_l − Δ)/τ}(1 + 8u)).
                        double eta = x.Sum(xl => Math.Exp(-(xl - 2 * epsilonR - spread) / tau)) * (1 + Bounds.ExpUlps * u) / members.Length;
                        double distance = Bounds.MaxDifference([softmax[t][i]], [hardmax[i]]);
                        double bound = 2 * step * m * Math.Min(eta, 1) + arithmetic;
                        Assert.True(
                            distance <= bound,
                            $"{engine} τ = {tau:R}, token {i}: ‖Softmax − Hardmax‖_∞ = {distance:R} exceeds 2cM·η + R = {bound:R}.");

                        phi[t] = 0;
                        for (int k = 0; k < c.D; k++)
                        {
                            phi[t] += au[k] * (hardmax[i][k] - softmax[t][i][k]);
                        }
                        Assert.True(phi[t] >= -projectionRounding, $"{engine} τ = {tau:R}, token {i}: φ = ⟨Az_i, H − S⟩ = {phi[t]:R} < 0.");
                        if (x.Length > 0 && tau <= g)
                        {
                            // x·e^{−x/τ} decreases for x ≥ τ, and every exact x_l ≥ g ≥ τ.
                            double phiBound = step * x.Length / members.Length * g * Math.Exp(-(g - spread) / tau) * (1 + Bounds.ExpUlps * u)
                                + projectionRounding;
                            Assert.True(
                                phi[t] <= phiBound,
                                $"{engine} τ = {tau:R} ≤ g = {g:R}, token {i}: φ = {phi[t]:R} exceeds c·(n−|C|)/|C|·g·e^(−g/τ) + R = {phiBound:R}.");
                        }
                        if (t > 0)
                        {
                            // φ(β₂; δ) ≤ φ(β₁; δ)·e^{2Δ(β₂−β₁)} for fixed δ, and changing δ within ±Δ at β₁ changes φ by ≤ e^{4β₁Δ}.
                            double previous = 1 / Temperatures[t - 1];
                            double growth = Math.Exp(2 * spread * (1 / tau - previous) + 4 * spread * previous) * (1 + 2 * Bounds.ExpUlps * u);
                            double allowed = (phi[t - 1] + projectionRounding) * growth + projectionRounding;
                            Assert.True(
                                phi[t] <= allowed,
                                $"{engine} token {i}: φ grew from {phi[t - 1]:R} (τ = {Temperatures[t - 1]:R}) to {phi[t]:R} (τ = {tau:R}), above {allowed:R}.");
                        }
                    }
                }
            }
        });
    });
}
