using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace HardmaxCore.PropertyTests;

/// <summary>P7 (SPEC §2): permutations, positive scalings and orthogonal maps commute with a layer.</summary>
public sealed class SymmetryProperties
{
    /// <summary>
    /// P7: permuting the tokens permutes the output. Attention sets map exactly (a score depends only on the pair of
    /// tokens, not on their positions: the same FMA chain in every lane, SPEC §1.4); positions agree within 2δ, since only
    /// the order in which the members are summed changes and each order is within δ = <see cref="Bounds.HardmaxUpdate"/>
    /// (softmax: <see cref="Bounds.SoftmaxUpdate"/>, the weights of each pair being bitwise the same) of the exact layer.
    /// </summary>
    [Property(Arbitrary = new[] { typeof(Configurations) }, MaxTest = 100, Replay = Configurations.Replay)]
    public void Step_IsPermutationEquivariant(Case c)
    {
        Random random = c.Random();
        int[] permutation = Enumerable.Range(0, c.N).Select(i => (Key: random.Next(), Index: i)).OrderBy(p => p.Key).Select(p => p.Index).ToArray();
        foreach (Engine engine in Engine.Standard)
        {
            double[][] z = engine.Round(c.Tokens);
            double[][] permuted = permutation.Select(p => z[p]).ToArray();
            int[][] sets = engine.AttentionSets(z, c.KeyQuery);
            int[][] permutedSets = engine.AttentionSets(permuted, c.KeyQuery);
            for (int i = 0; i < c.N; i++)
            {
                int[] mapped = permutedSets[i].Select(j => permutation[j]).Order().ToArray();
                Assert.True(
                    mapped.AsSpan().SequenceEqual(sets[permutation[i]]),
                    $"{engine}: token {permutation[i]} attends to {{{string.Join(",", sets[permutation[i]])}}}, but to {{{string.Join(",", mapped)}}} once permuted.");
            }
            foreach (Attention attention in (Attention[])[Attention.Hardmax, Attention.Softmax])
            {
                double[][] next = engine.Step(z, c.KeyQuery, c.Alpha, attention, 0.1);
                double[][] permutedNext = engine.Step(permuted, c.KeyQuery, c.Alpha, attention, 0.1);
                double tolerance = 2 * (attention == Attention.Hardmax ? engine.HardmaxUpdateError(z) : engine.SoftmaxUpdateError(z));
                double difference = Bounds.MaxDifference(permutedNext, permutation.Select(p => next[p]).ToArray());
                Assert.True(difference <= tolerance, $"{engine} {attention}: Step(πZ) and π·Step(Z) differ by {difference:R} > {tolerance:R}.");
            }
        }
    }

    /// <summary>
    /// P7: <c>Step(λZ) = λ·Step(Z)</c> for λ &gt; 0, exactly when λ is a power of two. Every operation of a layer is then
    /// exact under scaling (scores scale by λ², differences, sums, means and products by λ), so attention sets and
    /// positions must agree to the last bit — as long as nothing is subnormal: with every nonzero coordinate of Z and λZ
    /// in [2⁻³⁰, 2³⁰], all exact products and sums are multiples of 2⁻¹²⁰ or zero, far above float's 2⁻¹²⁶.
    /// </summary>
    [Property(Arbitrary = new[] { typeof(Configurations) }, MaxTest = 100, Replay = Configurations.Replay)]
    public Property Step_CommutesWithPowerOfTwoScaling(Case c)
    {
        double lambda = Math.ScaleB(1, c.Random().Next(-6, 7));
        bool normal = c.Tokens.SelectMany(z => z).All(x => x == 0 || (Math.Abs(x) * Math.Min(1, lambda) >= Math.ScaleB(1, -30) && Math.Abs(x) * Math.Max(1, lambda) <= Math.ScaleB(1, 30)));
        return Prop.When(normal, () =>
        {
            foreach (Engine engine in Engine.Standard)
            {
                double[][] z = engine.Round(c.Tokens);
                double[][] scaled = z.Select(row => row.Select(x => x * lambda).ToArray()).ToArray();
                Assert.True(
                    Exact.SameSets(engine.AttentionSets(scaled, c.KeyQuery), engine.AttentionSets(z, c.KeyQuery)),
                    $"{engine}: λ = {lambda:R} changed the attention sets.");
                double[][] expected = engine.Step(z, c.KeyQuery, c.Alpha).Select(row => row.Select(x => x * lambda).ToArray()).ToArray();
                double[][] actual = engine.Step(scaled, c.KeyQuery, c.Alpha);
                Assert.True(
                    Exact.SameValues(actual, expected),
                    $"{engine}: Step(λZ) ≠ λ·Step(Z) for λ = {lambda:R}: {Exact.Describe(actual)} vs {Exact.Describe(expected)}.");
            }
        });
    }

    /// <summary>P7: <c>Step(λZ) = λ·Step(Z)</c> for any λ &gt; 0, within rounding, where the attention sets are robust.</summary>
    /// <remarks>
    /// λZ is rounded (in double, then to the engine's precision: 2 roundings, relative 2u each coordinate), which moves a
    /// score of λZ by at most 3u·|A|₁·‖λz_i‖_∞·λM (products of two rounded coordinates); divided by λ² to compare with Z.
    /// Attention sets agree when every row is robust (<see cref="Separation"/>) against Δ_i = ε(Z) + ε(λZ)/λ² + that.
    /// Positions: the layer of λZ is within δ(λZ) + the input rounding 2u·λM of λ·(exact layer of Z), and λ times the
    /// computed layer of Z is within λδ(Z) + u·λM (the product in double) of it.
    /// </remarks>
    [Property(Arbitrary = new[] { typeof(Configurations) }, MaxTest = 100, Replay = Configurations.Replay)]
    public Property Step_CommutesWithPositiveScaling() => Prop.ForAll(Configurations.Of(Configurations.GenericKinds()), c =>
    {
        double lambda = Math.Pow(10, c.Random().NextDouble() * 2 - 1);
        double weight = Bounds.KeyQueryWeight(c.KeyQuery, c.D);
        bool robust = Engine.Standard.All(engine =>
        {
            double[][] z = engine.Round(c.Tokens);
            double[][] scaled = engine.Round(Scale(z, lambda));
            double m = Bounds.MaxAbs(z);
            return Separation.IsRobust(z, c.KeyQuery, Separation.CopyGroups(z), i =>
                engine.ScoreError(z, c.KeyQuery, i)
                + engine.ScoreError(scaled, c.KeyQuery, i) / (lambda * lambda)
                + 3.01 * engine.UnitRoundoff * weight * Bounds.MaxAbs(z[i]) * m, exactZeroRows: true);
        });
        return Prop.When(robust, () =>
        {
            foreach (Engine engine in Engine.Standard)
            {
                double[][] z = engine.Round(c.Tokens);
                double[][] scaled = engine.Round(Scale(z, lambda));
                Assert.True(
                    Exact.SameSets(engine.AttentionSets(scaled, c.KeyQuery), engine.AttentionSets(z, c.KeyQuery)),
                    $"{engine}: λ = {lambda:R} changed robust attention sets.");
                double[][] expected = Scale(engine.Step(z, c.KeyQuery, c.Alpha), lambda);
                double[][] actual = engine.Step(scaled, c.KeyQuery, c.Alpha);
                double u = engine.UnitRoundoff;
                double m = Bounds.MaxAbs(z);
                double tolerance = engine.HardmaxUpdateError(scaled) + 2 * u * lambda * m
                    + lambda * engine.HardmaxUpdateError(z) + Bounds.DoubleRoundoff * lambda * m;
                double difference = Bounds.MaxDifference(actual, expected);
                Assert.True(difference <= tolerance, $"{engine}: Step(λZ) and λ·Step(Z) differ by {difference:R} > {tolerance:R} (λ = {lambda:R}).");
            }
        });
    });

    /// <summary>
    /// P7: <c>Step(QZ; QAQᵀ) = Q·Step(Z; A)</c> for a random orthogonal Q (Gram–Schmidt of a Gaussian matrix, from the
    /// case's seed), where the attention sets are robust.
    /// </summary>
    /// <remarks>
    /// Given the same attention sets, a layer is an affine combination of tokens, so it commutes with any linear map: only
    /// the sets need Q orthogonal. Scores of the rotated problem as computed, <c>⟨A'z'_i, z'_j⟩</c> with z' = fl(Qz) and
    /// A' = fl(QAQᵀ) symmetrised (A' = I when A = I), differ from s_ij by: (1) Q's departure from orthogonality,
    /// G = QᵀQ − I: <c>z_iᵀ(GA + AG + GAG)z_j</c>, bounded with |G| ≤ |fl(QᵀQ) − I| + γ_d|Q|ᵀ|Q|; (2) the rounding of A',
    /// entrywise ≤ γ_{2d}(|Q||A||Q|ᵀ) + u|A'| (the symmetrising sum), times ‖z'_i‖_∞M'; (3) the rounding of z',
    /// e_i ≤ γ_d(|Q||z_i|)_∞ (+ u‖z'_i‖ when the engine rounds to float): |A'|₁(e_i M' + ‖z'_i‖e + e_i e); (4) the engine's
    /// own score error on the rotated input. Positions: the rotated layer is within e + δ(Z') of Q·(exact layer) and
    /// Q·(computed layer) within ‖Q‖_∞δ(Z) + γ_d‖Q‖_∞M (applying Q in double).
    /// </remarks>
    [Property(Arbitrary = new[] { typeof(Configurations) }, MaxTest = 80, Replay = Configurations.Replay)]
    public Property Step_IsOrthogonallyEquivariant() => Prop.ForAll(Configurations.Of(Configurations.GenericKinds()), c =>
    {
        Rotation rotation = Rotation.Random(c.D, c.Random());
        double[,]? rotatedA = c.KeyQuery is null ? null : rotation.Conjugate(c.KeyQuery);
        bool robust = Engine.Standard.All(engine =>
        {
            double[][] z = engine.Round(c.Tokens);
            double[][] rotated = engine.Round(rotation.Apply(z));
            double[] e = rotation.ApplyError(z, engine.IsNarrow ? engine.UnitRoundoff : 0);
            double bound = rotation.ScoreBound(c.KeyQuery, rotatedA);
            double rotatedWeight = Bounds.KeyQueryWeight(rotatedA, c.D);
            double m = Bounds.MaxAbs(z);
            double rotatedM = Bounds.MaxAbs(rotated);
            double eMax = e.Max();
            return Separation.IsRobust(z, c.KeyQuery, Separation.CopyGroups(z), i => Math.Max(
                engine.ScoreError(z, c.KeyQuery, i),
                engine.ScoreError(rotated, rotatedA, i)
                    + rotation.OrthogonalityBound(c.KeyQuery) * Bounds.MaxAbs(z[i]) * m
                    + bound * Bounds.MaxAbs(rotated[i]) * rotatedM
                    + rotatedWeight * (e[i] * rotatedM + Bounds.MaxAbs(rotated[i]) * eMax + e[i] * eMax)), exactZeroRows: true);
        });
        return Prop.When(robust, () =>
        {
            foreach (Engine engine in Engine.Standard)
            {
                double[][] z = engine.Round(c.Tokens);
                double[][] rotated = engine.Round(rotation.Apply(z));
                Assert.True(
                    Exact.SameSets(engine.AttentionSets(rotated, rotatedA), engine.AttentionSets(z, c.KeyQuery)),
                    $"{engine}: rotating changed robust attention sets.");
                double[][] expected = rotation.Apply(engine.Step(z, c.KeyQuery, c.Alpha));
                double[][] actual = engine.Step(rotated, rotatedA, c.Alpha);
                double norm = rotation.InfinityNorm;
                double tolerance = rotation.ApplyError(z, engine.IsNarrow ? engine.UnitRoundoff : 0).Max()
                    + engine.HardmaxUpdateError(rotated)
                    + norm * engine.HardmaxUpdateError(z)
                    + Bounds.Gamma(c.D, Bounds.DoubleRoundoff) * norm * Bounds.MaxAbs(z);
                double difference = Bounds.MaxDifference(actual, expected);
                Assert.True(difference <= tolerance, $"{engine}: Step(QZ; QAQᵀ) and Q·Step(Z; A) differ by {difference:R} > {tolerance:R}.");
            }
        });
    });

    /// <summary>
    /// P7 exactly: on integer lattices a signed permutation Q (permute coordinates, flip signs) maps Z and A exactly, the
    /// scores are exact integers in any order of summation, and a layer works coordinate by coordinate with the same
    /// members in the same order — so <c>Step(QZ; QAQᵀ) = Q·Step(Z; A)</c> must hold to the last bit, ties included.
    /// </summary>
    [Property(Arbitrary = new[] { typeof(Configurations) }, MaxTest = 100, Replay = Configurations.Replay)]
    public Property Step_IsOrthogonallyEquivariant_ExactlyUnderSignedPermutations() => Prop.ForAll(
        Configurations.Of(Configurations.LatticeTies()),
        c =>
        {
            Random random = c.Random();
            int[] sigma = Enumerable.Range(0, c.D).Select(k => (Key: random.Next(), Index: k)).OrderBy(p => p.Key).Select(p => p.Index).ToArray();
            double[] sign = Enumerable.Range(0, c.D).Select(_ => random.Next(2) == 0 ? -1.0 : 1.0).ToArray();
            // (Qz)_k = sign_k · z_σ(k);  (QAQᵀ)_kl = sign_k sign_l A_σ(k)σ(l).
            double[][] Apply(double[][] z) => z.Select(row => Enumerable.Range(0, c.D).Select(k => sign[k] * row[sigma[k]]).ToArray()).ToArray();
            double[,]? rotatedA = null;
            if (c.KeyQuery is not null)
            {
                rotatedA = new double[c.D, c.D];
                for (int k = 0; k < c.D; k++)
                {
                    for (int l = 0; l < c.D; l++)
                    {
                        rotatedA[k, l] = sign[k] * sign[l] * c.KeyQuery[sigma[k], sigma[l]];
                    }
                }
            }
            foreach (Engine engine in Engine.Standard)
            {
                Assert.True(
                    Exact.SameSets(engine.AttentionSets(Apply(c.Tokens), rotatedA), engine.AttentionSets(c.Tokens, c.KeyQuery)),
                    $"{engine}: a signed permutation changed the (exact) attention sets.");
                double[][] expected = Apply(engine.Step(c.Tokens, c.KeyQuery, c.Alpha));
                double[][] actual = engine.Step(Apply(c.Tokens), rotatedA, c.Alpha);
                Assert.True(
                    Exact.SameValues(actual, expected),
                    $"{engine}: Step(QZ; QAQᵀ) ≠ Q·Step(Z; A): {Exact.Describe(actual)} vs {Exact.Describe(expected)}.");
            }
        });

    private static double[][] Scale(double[][] z, double lambda) => z.Select(row => row.Select(x => x * lambda).ToArray()).ToArray();
}
