using FsCheck.Xunit;
using HardmaxCore.Reference;

namespace HardmaxCore.PropertyTests;

/// <summary>P2 and P3 (SPEC §2), and the definitions of leaders and strict leaders (SPEC §1.5).</summary>
public sealed class LeaderProperties
{
    private const int Layers = 6;

    /// <summary>
    /// P2: a strict leader does not move, exactly: <c>z_i⁺ = z_i + c·mean_{C_i}(z_j − z_i)</c> and every z_j − z_i is 0.
    /// Checked at every layer of a short trajectory, with each engine's own attention sets (so no tolerance is needed:
    /// whatever the rounding of the scores, if the engine says C_i holds only copies of z_i, its update must be exact).
    /// </summary>
    [Property(Arbitrary = new[] { typeof(Configurations) }, MaxTest = 100, Replay = Configurations.Replay)]
    public void StrictLeader_DoesNotMove(Case c)
    {
        foreach (Engine engine in Engine.Standard)
        {
            double[][][] layers = engine.Trajectory(c.Tokens, c.KeyQuery, c.Alpha, Layers);
            for (int k = 0; k < Layers; k++)
            {
                bool[] strict = Engine.StrictByIndex(layers[k], engine.AttentionSets(layers[k], c.KeyQuery));
                for (int i = 0; i < c.N; i++)
                {
                    Assert.True(
                        !strict[i] || Exact.SameValues(layers[k + 1][i], layers[k][i]),
                        $"{engine} layer {k}: strict leader {i} moved from {Exact.Describe([layers[k][i]])} to {Exact.Describe([layers[k + 1][i]])}.");
                }
            }
        }
    }

    /// <summary>
    /// P3: a strict leader of Z^k is a strict leader of Z^{k+1}, and its gap <c>g = s_ii − max_{z_l ≠ z_i} s_il</c>
    /// shrinks at most by the factor 1/(1+α).
    /// </summary>
    /// <remarks>
    /// Why: z_i stays (P2) and every other token moves to <c>z_j⁺ = (1−c)z_j + c·mean_C z</c> with c = α/(1+α); all scores of
    /// row i are ≤ s_ii, so <c>s_ii − ⟨Az_i, z_j⁺⟩ ≥ (1−c)(s_ii − s_ij) ≥ g/(1+α)</c>, for any attention set C.
    /// Numerically: g is measured with the Reference's scores on the engine's own configurations (error ε_R per score,
    /// <see cref="Bounds.Score"/>), and the engine's z_j⁺ is within δ = <see cref="Bounds.HardmaxUpdate"/> of the exact
    /// update, which moves ⟨Az_i, z_j⁺⟩ by at most |A|₁·‖z_i‖_∞·δ. Hence
    /// <c>g^{k+1} ≥ g^k/(1+α) − slack</c>, <c>slack = 2ε_R(Z^k) + 2ε_R(Z^{k+1}) + |A|₁‖z_i‖_∞δ</c>, and the engine itself must
    /// still see i as a strict leader when that lower bound exceeds twice its own score error. Below that, the gap is
    /// rounding noise and the theorem says nothing the arithmetic can check.
    /// </remarks>
    [Property(Arbitrary = new[] { typeof(Configurations) }, MaxTest = 100, Replay = Configurations.Replay)]
    public void StrictLeaders_Persist(Case c)
    {
        double weight = Bounds.KeyQueryWeight(c.KeyQuery, c.D);
        foreach (Engine engine in Engine.Standard)
        {
            double[][][] layers = engine.Trajectory(c.Tokens, c.KeyQuery, c.Alpha, Layers);
            int[][][] sets = layers.Select(z => engine.AttentionSets(z, c.KeyQuery)).ToArray();
            for (int k = 0; k < Layers; k++)
            {
                double[][] z = layers[k];
                double[][] next = layers[k + 1];
                double[,] scores = ReferenceDynamics.Scores(z, c.KeyQuery);
                double[,] nextScores = ReferenceDynamics.Scores(next, c.KeyQuery);
                bool[] strict = Engine.StrictByIndex(z, sets[k]);
                bool[] nextStrict = Engine.StrictByIndex(next, sets[k + 1]);
                double delta = engine.HardmaxUpdateError(z);
                for (int i = 0; i < c.N; i++)
                {
                    if (!strict[i])
                    {
                        continue;
                    }
                    double gap = OwnGap(scores, z, i);
                    double slack = 2 * Engine.Reference.ScoreError(z, c.KeyQuery, i)
                        + 2 * Engine.Reference.ScoreError(next, c.KeyQuery, i)
                        + weight * Bounds.MaxAbs(z[i]) * delta;
                    double guaranteed = gap / (1 + c.Alpha) - slack;
                    if (!(guaranteed > 2 * engine.ScoreError(next, c.KeyQuery, i)))
                    {
                        continue;
                    }
                    Assert.True(
                        nextStrict[i],
                        $"{engine} layer {k}→{k + 1}: strict leader {i} (gap {gap:R}) is no longer strict; C_i = {{{string.Join(",", sets[k + 1][i])}}}.");
                    double nextGap = OwnGap(nextScores, next, i);
                    Assert.True(
                        nextGap >= guaranteed,
                        $"{engine} layer {k}→{k + 1}: gap of strict leader {i} fell from {gap:R} to {nextGap:R}, below g/(1+α) − slack = {guaranteed:R}.");
                }
            }
        }
    }

    /// <summary>
    /// SPEC §1.5: Leaders lists, once per group of identical tokens (its first index), the tokens with i ∈ C_i; StrictLeaders
    /// those whose C_i holds only copies of z_i — the same definitions in every engine, from its own attention sets.
    /// </summary>
    [Property(Arbitrary = new[] { typeof(Configurations) }, MaxTest = 100, Replay = Configurations.Replay)]
    public void Leaders_AreFirstCopiesOfSelfAttendingTokens(Case c)
    {
        foreach (Engine engine in Engine.Standard)
        {
            double[][] z = engine.Round(c.Tokens);
            int[][] sets = engine.AttentionSets(z, c.KeyQuery);
            int[] groups = Separation.CopyGroups(z);
            bool[] strict = Engine.StrictByIndex(z, sets);
            int[] leaders = Enumerable.Range(0, c.N).Where(i => groups[i] == i && Array.IndexOf(sets[i], i) >= 0).ToArray();
            int[] strictLeaders = leaders.Where(i => strict[i]).ToArray();
            Assert.Equal(leaders, engine.Leaders(z, c.KeyQuery));
            Assert.Equal(strictLeaders, engine.StrictLeaders(z, c.KeyQuery));
            for (int i = 0; i < c.N; i++)
            {
                // C_i holds at least the maximiser; copies of a member score bitwise the same, so they are members too.
                Assert.True(sets[i].Length > 0, $"{engine}: the attention set of token {i} is empty.");
                Assert.True(
                    Enumerable.Range(0, c.N).All(l => (Array.IndexOf(sets[i], l) >= 0) == sets[i].Any(j => groups[j] == groups[l])),
                    $"{engine}: C_{i} = {{{string.Join(",", sets[i])}}} holds some but not all copies of a member.");
            }
        }
    }

    /// <summary><c>s_ii − max_{l : z_l ≠ z_i} s_il</c>, +∞ when every token is a copy of z_i.</summary>
    private static double OwnGap(double[,] scores, double[][] z, int i)
    {
        double best = double.NegativeInfinity;
        for (int l = 0; l < z.Length; l++)
        {
            if (!Exact.SameValues(z[l], z[i]))
            {
                best = Math.Max(best, scores[i, l]);
            }
        }
        return scores[i, i] - best;
    }
}
