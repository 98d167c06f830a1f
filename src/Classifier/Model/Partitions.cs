namespace HardmaxCore.Classifier;

/// <summary>Spreads items over per-thread scratch objects in contiguous partitions (the inference loops of both classifiers).</summary>
internal static class Partitions
{
    /// <summary>
    /// Calls <paramref name="action"/> for items 0..count−1: partition p of min(passes, count) contiguous ranges runs on
    /// <c>passes[p]</c>, one thread each; with one partition, inline on the caller's thread.
    /// </summary>
    public static void ForEach<TPass>(TPass[] passes, int count, Action<TPass, int> action)
    {
        int partitions = Math.Min(passes.Length, count);
        if (partitions <= 1)
        {
            for (int b = 0; b < count; b++)
            {
                action(passes[0], b);
            }
            return;
        }
        Parallel.For(0, partitions, new ParallelOptions { MaxDegreeOfParallelism = partitions }, p =>
        {
            int end = (int)((long)count * (p + 1) / partitions);
            for (int b = (int)((long)count * p / partitions); b < end; b++)
            {
                action(passes[p], b);
            }
        });
    }
}
