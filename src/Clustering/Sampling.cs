namespace HardmaxCore.Clustering;

/// <summary>Seeded subsamples of a cloud's point indices, for the estimates that would be O(n²) on every point.</summary>
internal static class Sampling
{
    /// <summary>
    /// min(n, m) distinct indices in increasing order: every index when n ≤ m, else the first m of a seeded Fisher–Yates
    /// shuffle (so a file sorted by class is sampled evenly), sorted.
    /// </summary>
    public static int[] Indices(int n, int m, int seed)
    {
        int[] all = Enumerable.Range(0, n).ToArray();
        if (n <= m)
        {
            return all;
        }
        var random = new Random(seed);
        for (int i = 0; i < m; i++)
        {
            int j = i + random.Next(n - i);
            (all[i], all[j]) = (all[j], all[i]);
        }
        int[] chosen = all[..m];
        Array.Sort(chosen);
        return chosen;
    }

    /// <summary>The rows <paramref name="indices"/> of an n × d array, copied.</summary>
    public static double[] Rows(ReadOnlySpan<double> points, int d, int[] indices)
    {
        double[] rows = new double[indices.Length * d];
        for (int r = 0; r < indices.Length; r++)
        {
            points.Slice(indices[r] * d, d).CopyTo(rows.AsSpan(r * d, d));
        }
        return rows;
    }
}
