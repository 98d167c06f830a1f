using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HardmaxCore.Reference;

namespace HardmaxCore.PropertyTests;

/// <summary>P4, P5 and P6 (SPEC §2): convergence to a clustered equilibrium, its geometric rate, and d = 1.</summary>
public sealed class ConvergenceProperties
{
    /// <summary>The convergence tolerance of SPEC §1.5 used in double.</summary>
    private const double Tolerance = 1e-12;

    /// <summary>
    /// The step cap. Once attention sets settle the error contracts by 1 − c(1 − λ) per layer, λ &lt; 1 an eigenvalue of
    /// the (row-stochastic) attention-mean matrix restricted to the moving tokens: 1/(1+α) ≤ 0.91 for α ≥ 0.1 when tokens
    /// attend to fixed leaders (≈ 300 layers from 1 to 10⁻¹²), slower only for tokens tied on a face; 10⁴ leaves room.
    /// </summary>
    private const int MaxSteps = 10_000;

    /// <summary>
    /// P4 ([AFZ] main theorem): the iteration converges (Reference and Core&lt;double&gt;), and the limit is a clustered
    /// equilibrium: every token satisfies the leader condition <c>s_ii ≥ max_l s_il</c> up to the convergence error, there
    /// are at most n distinct limit points and at least as many as strict leaders of the input, and each strict leader of
    /// the input ends where it started.
    /// </summary>
    /// <remarks>
    /// The tolerance tol' of the leader condition, derived: let Z be the configuration reached and p_i the mean of the
    /// attention set the engine picks for z_i in one more layer; the layer moves z_i by
    /// <c>Δ_i = c̃·(p_i − z_i)</c> up to δ = <see cref="Bounds.HardmaxUpdate"/>, so <c>‖p_i − z_i‖_∞ ≤ (‖Δ‖_∞ + δ)/c</c>
    /// (c = α/(1+α)): the distance still to go is about change·(1+α)/α. Every member j of the engine's set has an exact
    /// score within 2ε_E (the engine's score error) of the row maximum m_i, so ⟨Az_i, p_i⟩ ≥ m_i − 2ε_E, and
    /// <c>m_i − s_ii = m_i − ⟨Az_i, p_i⟩ + ⟨Az_i, p_i − z_i⟩ ≤ 2ε_E + |A|₁·‖z_i‖_∞·‖p_i − z_i‖_∞</c>. Measuring m_i − s_ii with
    /// the Reference's scores adds 2ε_R: tol' = |A|₁‖z_i‖_∞(‖Δ‖_∞ + δ)/c + 2ε_E + 2ε_R.
    /// </remarks>
    [Property(Arbitrary = new[] { typeof(Configurations) }, MaxTest = 60, Replay = Configurations.Replay)]
    public Property Dynamics_ConvergesToClusteredEquilibrium() => Prop.ForAll(
        Configurations.Of(Configurations.Any().Select(c => c.N > 16 ? c.WithTokens(c.Tokens[..16]) with { Leader = -1 } : c)),
        c =>
        {
            double weight = Bounds.KeyQueryWeight(c.KeyQuery, c.D);
            double step = c.Alpha / (1 + c.Alpha);
            foreach (Engine engine in new[] { Engine.Reference, Engine.Standard[1] })
            {
                double[][] z0 = engine.Round(c.Tokens);
                bool[] strict0 = Engine.StrictByIndex(z0, engine.AttentionSets(z0, c.KeyQuery));
                Equilibrium end = engine.RunToConvergence(z0, c.KeyQuery, c.Alpha, Tolerance, MaxSteps);
                Assert.True(end.Converged, $"{engine} did not converge in {MaxSteps} layers.");
                Assert.True(Exact.AllFinite(end.Tokens), $"{engine} reached a non-finite configuration {Exact.Describe(end.Tokens)}.");

                double[][] z = end.Tokens;
                double[][] next = engine.Step(z, c.KeyQuery, c.Alpha);
                double change = Bounds.MaxDifference(next, z);
                double delta = engine.HardmaxUpdateError(z);
                double[,] scores = ReferenceDynamics.Scores(z, c.KeyQuery);
                for (int i = 0; i < c.N; i++)
                {
                    double m = Enumerable.Range(0, c.N).Max(l => scores[i, l]);
                    double tolerance = weight * Bounds.MaxAbs(z[i]) * (change + delta) / step
                        + 2 * engine.ScoreError(z, c.KeyQuery, i)
                        + 2 * Engine.Reference.ScoreError(z, c.KeyQuery, i);
                    Assert.True(
                        m - scores[i, i] <= tolerance,
                        $"{engine} after {end.Steps} layers: token {i} is not on a supporting hyperplane: max_l s_il − s_ii = {m - scores[i, i]:R} > tol' = {tolerance:R}.");
                }

                int distinct = Separation.CopyGroups(z).Distinct().Count();
                int strictLeaders = Separation.CopyGroups(z0).Where((g, i) => g == i && strict0[i]).Count();
                Assert.InRange(distinct, strictLeaders, c.N);
                for (int i = 0; i < c.N; i++)
                {
                    Assert.True(
                        !strict0[i] || Exact.SameValues(z[i], z0[i]),
                        $"{engine}: strict leader {i} of the input moved from {Exact.Describe([z0[i]])} to {Exact.Describe([z[i]])}.");
                }
            }
        });

    /// <summary>
    /// P5: a token whose attention set is a single fixed strict leader L obeys <c>z⁺ − L = (z − L)/(1+α)</c>, so its
    /// distance to L contracts geometrically with factor 1/(1+α): checked layer by layer and over all settled layers, on
    /// configurations built so that L dominates (<see cref="Configurations.SingleLeader"/>).
    /// </summary>
    /// <remarks>
    /// The construction's margin between L and the others decays like (1+α)^−k as the others approach L; the test checks
    /// each layer whose attention sets are robust (<see cref="Separation"/>: every row's maximiser is L, with a gap above
    /// twice the engine's plus the Reference's score errors), and stops at the first layer that is not.
    /// Tolerance per layer: the engine's update error δ = <see cref="Bounds.HardmaxUpdate"/> plus evaluating
    /// L + (z − L)/(1+α) in double (z − L, 1 + α, the division and the sum: 4 roundings of at most 2M): 8u·M.
    /// Over K layers: the layer is 1-Lipschitz, so the K errors add; (1+α)^K in double adds (K + 1)u relative.
    /// </remarks>
    [Property(Arbitrary = new[] { typeof(Configurations) }, MaxTest = 60, Replay = Configurations.Replay)]
    public Property SingleLeader_ContractsGeometrically() => Prop.ForAll(Configurations.Of(Configurations.SingleLeader()), c =>
    {
        const int Layers = 12;
        bool constructed = c.Leader >= 0
            && Engine.Standard.All(engine => SettledOnLeader(engine, engine.Round(c.Tokens), c.KeyQuery, engine.Round(c.Tokens)[c.Leader]));
        return Prop.When(constructed, () =>
        {
            foreach (Engine engine in Engine.Standard)
            {
                double[][][] layers = engine.Trajectory(c.Tokens, c.KeyQuery, c.Alpha, Layers);
                double[] leader = layers[0][c.Leader];
                double u = Bounds.DoubleRoundoff;
                double allowance = 0;
                int settled = 0;
                for (int k = 0; k < Layers && SettledOnLeader(engine, layers[k], c.KeyQuery, leader); k++)
                {
                    double[][] z = layers[k];
                    double m = Bounds.MaxAbs(z);
                    int[] copies = Enumerable.Range(0, c.N).Where(l => Exact.SameValues(z[l], leader)).ToArray();
                    int[][] sets = engine.AttentionSets(z, c.KeyQuery);
                    double tolerance = engine.HardmaxUpdateError(z) + 8 * u * m;
                    allowance += tolerance;
                    for (int i = 0; i < c.N; i++)
                    {
                        Assert.True(
                            sets[i].AsSpan().SequenceEqual(copies),
                            $"{engine} layer {k}: C_{i} = {{{string.Join(",", sets[i])}}}, but only L = token {c.Leader} scores highest.");
                        for (int q = 0; q < c.D; q++)
                        {
                            double expected = leader[q] + (z[i][q] - leader[q]) / (1 + c.Alpha);
                            Assert.True(
                                Math.Abs(layers[k + 1][i][q] - expected) <= tolerance,
                                $"{engine} layer {k}→{k + 1}, token {i}, coordinate {q}: z⁺ − L = {layers[k + 1][i][q] - leader[q]:R}, expected (z − L)/(1+α) = {expected - leader[q]:R} (± {tolerance:R}).");
                        }
                    }
                    settled = k + 1;
                }
                Assert.True(settled >= 1, $"{engine}: the attention sets of the constructed input are not all {{L}}.");
                double factor = Math.Pow(1 + c.Alpha, settled);
                for (int i = 0; i < c.N; i++)
                {
                    double m = Bounds.MaxAbs(layers[0]);
                    double tolerance = allowance + (settled + 1) * u * 2 * m;
                    for (int q = 0; q < c.D; q++)
                    {
                        double expected = (layers[0][i][q] - leader[q]) / factor;
                        Assert.True(
                            Math.Abs(layers[settled][i][q] - leader[q] - expected) <= tolerance,
                            $"{engine} after {settled} layers, token {i}: z − L = {layers[settled][i][q] - leader[q]:R}, expected (z⁰ − L)/(1+α)^{settled} = {expected:R}.");
                    }
                }
            }
        });
    });

    /// <summary>
    /// P6: for d = 1 and A = a &gt; 0, <c>s_ij = a·z_i·z_j</c>, so a token with z &gt; 0 attends to max z and one with z &lt; 0 to
    /// min z; both contract towards it geometrically: <c>|z^K − max z| = (max z − z⁰)/(1+α)^K</c>.
    /// </summary>
    /// <remarks>
    /// Tolerance: K update errors δ (1-Lipschitz, they add), plus a tie allowance: rounding is monotone, so fl(y·z_j) ≤
    /// fl(y·max z) and a token z_j joins the maximiser's set only once y·z_j and y·max z round alike, i.e. once
    /// |max z − z_j| ≤ 2u·|max z| (relative rounding of both products); then the target moves by at most that, so
    /// 4u·|max z| covers it. The run to convergence stops once a layer moves tokens by ≤ tol·(1 + M); for a token
    /// attending to a fixed extreme the remaining distance is change·(1 − c)/c = change/α.
    /// </remarks>
    [Property(Arbitrary = new[] { typeof(Configurations) }, MaxTest = 80, Replay = Configurations.Replay)]
    public Property OneDimension_ConvergesToExtremes() => Prop.ForAll(Configurations.Of(Configurations.OneDimensional()), c =>
        Prop.When(c.D == 1 && (c.KeyQuery is null || c.KeyQuery[0, 0] > 0), () =>
        {
            const int Layers = 40;
            foreach (Engine engine in Engine.Standard)
            {
                double[][][] layers = engine.Trajectory(c.Tokens, c.KeyQuery, c.Alpha, Layers);
                double[] z0 = layers[0].Select(z => z[0]).ToArray();
                double max = z0.Max();
                double min = z0.Min();
                double m = Bounds.MaxAbs(layers[0]);
                double u = engine.UnitRoundoff;
                double ties = 4 * u * m;
                double rounding = Layers * engine.HardmaxUpdateError(layers[0]) + ties + 4 * Bounds.DoubleRoundoff * m;
                double factor = Math.Pow(1 + c.Alpha, Layers);
                for (int i = 0; i < c.N; i++)
                {
                    double zk = layers[Layers][i][0];
                    if (z0[i] > 0)
                    {
                        Assert.True(
                            Math.Abs(zk - max) <= (max - z0[i]) / factor + rounding,
                            $"{engine}: token {i} (z⁰ = {z0[i]:R} > 0) is at {zk:R} after {Layers} layers, not within (max − z⁰)/(1+α)^K + {rounding:R} of max z = {max:R}.");
                    }
                    else if (z0[i] < 0)
                    {
                        Assert.True(
                            Math.Abs(zk - min) <= (z0[i] - min) / factor + rounding,
                            $"{engine}: token {i} (z⁰ = {z0[i]:R} < 0) is at {zk:R} after {Layers} layers, not within (z⁰ − min)/(1+α)^K + {rounding:R} of min z = {min:R}.");
                    }
                }
                if (engine.IsNarrow)
                {
                    continue;
                }
                Equilibrium end = engine.RunToConvergence(layers[0], c.KeyQuery, c.Alpha, Tolerance, MaxSteps);
                Assert.True(end.Converged, $"{engine} did not converge in {MaxSteps} layers.");
                double remaining = Tolerance * (1 + m) / c.Alpha + end.Steps * engine.HardmaxUpdateError(layers[0]) + ties;
                for (int i = 0; i < c.N; i++)
                {
                    double limit = z0[i] > 0 ? max : z0[i] < 0 ? min : end.Tokens[i][0];
                    Assert.True(
                        Math.Abs(end.Tokens[i][0] - limit) <= remaining,
                        $"{engine}: token {i} (z⁰ = {z0[i]:R}) converged to {end.Tokens[i][0]:R}, not within {remaining:R} of {limit:R}.");
                }
            }
        }));

    /// <summary>
    /// Whether every row of z robustly attends to the copies of <paramref name="leader"/> alone: its maximiser, in the
    /// Reference's scores, is that point, with a gap above twice the engine's plus the Reference's score errors.
    /// </summary>
    private static bool SettledOnLeader(Engine engine, double[][] z, double[,]? a, double[] leader)
    {
        double[,] scores = ReferenceDynamics.Scores(z, a);
        for (int i = 0; i < z.Length; i++)
        {
            int[] members = Separation.Members(scores, i);
            if (members.Any(j => !Exact.SameValues(z[j], leader)))
            {
                return false;
            }
            double slack = engine.ScoreError(z, a, i) + Engine.Reference.ScoreError(z, a, i);
            if (!(Separation.Gap(scores, i) > 2 * slack))
            {
                return false;
            }
        }
        return true;
    }
}
