using HardmaxCore.Reference;

namespace HardmaxCore.PropertyTests;

/// <summary>
/// When are attention sets decided robustly? A row's set is robust to a perturbation Δ of its scores when its members
/// tie exactly for a structural reason (they are copies of one token, so every engine gives them bitwise-equal scores,
/// SPEC §1.4) and every other token scores more than 2Δ below them: then any engine whose scores are within Δ of the
/// Reference's picks the same set. Comparing two engines on a row that fails this would compare rounding noise, so
/// properties that compare engines (or a configuration with its transform) discard such inputs (<c>Prop.When</c>).
/// </summary>
internal static class Separation
{
    /// <summary>Copy groups: <c>group[i]</c> = the first index whose token equals z_i.</summary>
    public static int[] CopyGroups(double[][] z)
    {
        var group = new int[z.Length];
        for (int i = 0; i < z.Length; i++)
        {
            group[i] = i;
            for (int j = 0; j < i; j++)
            {
                if (Exact.SameValues(z[j], z[i]))
                {
                    group[i] = j;
                    break;
                }
            }
        }
        return group;
    }

    /// <summary>
    /// The score gap of row i in the Reference's scores: <c>m_i − max_{l ∉ C_i} s_il</c> (+∞ when every token is a member).
    /// </summary>
    public static double Gap(double[,] scores, int i)
    {
        int n = scores.GetLength(1);
        double m = double.NegativeInfinity;
        for (int l = 0; l < n; l++)
        {
            m = Math.Max(m, scores[i, l]);
        }
        double second = double.NegativeInfinity;
        for (int l = 0; l < n; l++)
        {
            if (scores[i, l] < m)
            {
                second = Math.Max(second, scores[i, l]);
            }
        }
        return m - second;
    }

    /// <summary>
    /// Whether every row of z has a robust attention set: members all in one copy group (<paramref name="groups"/>), and a
    /// gap above <c>2·(Δ_i + ε_i)</c>, with Δ_i = <paramref name="perturbation"/>(i) the largest difference between the
    /// compared engine's scores and the exact scores of z, and ε_i the Reference's own score error on z.
    /// </summary>
    /// <param name="z">The configuration (the Reference's).</param>
    /// <param name="a">A, or null.</param>
    /// <param name="groups">Copy groups that every compared engine preserves (usually those of the input).</param>
    /// <param name="perturbation">Δ_i.</param>
    /// <param name="exactZeroRows">
    /// Whether a token exactly at the origin counts as robust: its scores are exactly 0 in every engine (0·x = 0 in any
    /// order), so it attends to everyone in every engine — true only where the engines see that exact zero (layer 0).
    /// </param>
    public static bool IsRobust(double[][] z, double[,]? a, int[] groups, Func<int, double> perturbation, bool exactZeroRows)
    {
        double[,] scores = ReferenceDynamics.Scores(z, a);
        for (int i = 0; i < z.Length; i++)
        {
            if (exactZeroRows && z[i].All(x => x == 0))
            {
                continue;
            }
            int[] members = Members(scores, i);
            if (members.Any(j => groups[j] != groups[members[0]]))
            {
                return false;
            }
            double slack = perturbation(i) + Engine.Reference.ScoreError(z, a, i);
            if (!(Gap(scores, i) > 2 * slack))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The members of row i in the Reference's scores: <c>{ j : s_ij = max_l s_il }</c>.</summary>
    public static int[] Members(double[,] scores, int i)
    {
        int n = scores.GetLength(1);
        double m = double.NegativeInfinity;
        for (int l = 0; l < n; l++)
        {
            m = Math.Max(m, scores[i, l]);
        }
        return Enumerable.Range(0, n).Where(j => scores[i, j] == m).ToArray();
    }
}
