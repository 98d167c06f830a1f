namespace HardmaxCore.Classifier;

/// <summary>
/// Spreads items over per-thread scratch objects (the training steps and inference loops of both classifiers): each
/// thread claims the next unclaimed item when it finishes one, so a thread that drew short reviews takes more of them
/// and no thread waits for a static half. Every caller writes item b's results to item b's own slot, so which thread ran
/// an item, and when, never changes a result.
/// </summary>
internal static class Partitions
{
    /// <summary>
    /// Calls <paramref name="action"/> once for each item 0..count−1: min(passes, count) workers, worker w with
    /// <c>passes[w]</c>, claim items in increasing order from a shared counter; with one worker, inline on the caller's thread.
    /// </summary>
    public static void ForEach<TPass>(TPass[] passes, int count, Action<TPass, int> action)
    {
        int workers = Math.Min(passes.Length, count);
        if (workers <= 1)
        {
            for (int b = 0; b < count; b++)
            {
                action(passes[0], b);
            }
            return;
        }
        int next = -1;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            TPass pass = passes[w];
            for (int b = Interlocked.Increment(ref next); b < count; b = Interlocked.Increment(ref next))
            {
                action(pass, b);
            }
        });
    }

    /// <summary>
    /// Calls <paramref name="action"/>(w, workers) for w = 0..workers−1, one thread each (inline when
    /// <paramref name="workers"/> is 1): for work split into fixed parts, each part's result independent of the others.
    /// </summary>
    public static void Run(int workers, Action<int, int> action)
    {
        if (workers <= 1)
        {
            action(0, 1);
            return;
        }
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w => action(w, workers));
    }
}
