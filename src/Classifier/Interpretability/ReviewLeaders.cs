
namespace HardmaxCore.Classifier;

/// <summary>The leader count of one review ([AFZ] §5, SPEC §3.6): distinct leaders at the last layer, and how many of them were leaders at layer 0.</summary>
/// <param name="Leaders">Distinct leaders of the last layer (identical points count once, SPEC §1.5).</param>
/// <param name="Persistent">Of those, the ones that were already leaders at layer 0.</param>
public readonly record struct ReviewLeaders(int Leaders, int Persistent)
{
    /// <summary>
    /// Counts the leaders of the last hardmax forward pass of <paramref name="pass"/>: the distinct points u with
    /// <c>u ∈ C_u</c> at layer K, and those of them that satisfied the same condition at layer 0.
    /// </summary>
    /// <remarks>
    /// The pass already merges identical tokens (a repeated word, the padding) into one point; two different words that
    /// reach bitwise the same point at layer K are counted once more here, as one leader, persistent when either was a
    /// leader at layer 0. Distinct tokens keep their identity u across layers, so "was a leader at layer 0" is a
    /// question about the same u.
    /// </remarks>
    /// <param name="pass">A pass whose last <c>Forward</c> ran with <see cref="Attention.Hardmax"/>.</param>
    /// <param name="layers">K, the model's number of layers.</param>
    /// <param name="dimension">d.</param>
    internal static ReviewLeaders Of(ClassifierPass<float> pass, int layers, int dimension)
    {
        int[] first = pass.Leaders(0);
        int[] last = pass.Leaders(layers);
        int[][] groups = LeaderGroups.Distinct(pass.Layer(layers), dimension, last);
        int persistent = 0;
        foreach (int[] group in groups)
        {
            foreach (int u in group)
            {
                if (Array.BinarySearch(first, u) >= 0)
                {
                    persistent++;
                    break;
                }
            }
        }
        return new ReviewLeaders(groups.Length, persistent);
    }
}

/// <summary>Groups leaders that sit at bitwise the same point, so that each point counts once (SPEC §1.5).</summary>
internal static class LeaderGroups
{
    /// <summary>
    /// The leaders of <paramref name="layer"/> grouped by identical coordinates, each group ascending, groups in order of
    /// their first member.
    /// </summary>
    /// <param name="layer">The points, row-major, d values each.</param>
    /// <param name="dimension">d.</param>
    /// <param name="leaders">The leaders' indices, ascending.</param>
    public static int[][] Distinct(ReadOnlySpan<float> layer, int dimension, int[] leaders)
    {
        var groups = new List<List<int>>();
        foreach (int u in leaders)
        {
            ReadOnlySpan<float> zu = layer.Slice(u * dimension, dimension);
            List<int>? home = null;
            foreach (List<int> group in groups)
            {
                if (zu.SequenceEqual(layer.Slice(group[0] * dimension, dimension)))
                {
                    home = group;
                    break;
                }
            }
            if (home is null)
            {
                groups.Add([u]);
            }
            else
            {
                home.Add(u);
            }
        }
        return groups.Select(g => g.ToArray()).ToArray();
    }
}
