using System.Diagnostics;
using HardmaxCore.Reference;

namespace HardmaxCore.Experiments.Benchmarking;

/// <summary>
/// Measures, in one run, configurations/s of the Reference, the Core on one thread and the Core on all cores, and the
/// bytes the Core allocates per layer in steady state (the engine of <c>hardmax bench</c>).
/// </summary>
/// <remarks>
/// Each measurement gets a third of the time budget. The Core runs on chunks of a pristine copy of the batch, copied
/// back before every call (untimed), so every call sees the same inputs: running layers on already-run configurations
/// would let tokens collapse onto their leaders, merge, and flatter the throughput. Chunks grow to a tenth of the share
/// (at most the batch), so large n·d still gets several calls. The Reference runs configurations one by one
/// (converted to <c>double[][]</c>, untimed) until its share is used, at least one.
/// </remarks>
internal static class DynamicsBenchmark
{
    /// <summary>Calls measured for the allocation count.</summary>
    private const int AllocationCalls = 3;

    /// <summary>Runs the three measurements of <paramref name="settings"/>.</summary>
    public static DynamicsBenchResult Measure(DynamicsBenchSettings settings)
        => settings.Precision == Precision.Float ? Measure<float>(settings) : Measure<double>(settings);

    private static DynamicsBenchResult Measure<T>(DynamicsBenchSettings settings)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = settings.Tokens;
        int d = settings.Dimension;
        int length = n * d;
        var pristine = new T[(long)settings.Batch * length];
        SyntheticInputs.Batch<T>(pristine, settings.Inputs, n, d, settings.Seed);
        var working = new T[pristine.Length];
        double share = settings.Seconds / 3;
        var options = DynamicsOptions.Default with { Alpha = DynamicsBenchSettings.Alpha, Temperature = DynamicsBenchSettings.Temperature };

        Throughput reference = MeasureReference(pristine, settings, share);

        using var single = new Dynamics<T>(n, d, options with { MaxDegreeOfParallelism = 1 });
        Throughput coreSingle = MeasureCore(single, pristine, working, settings, share, minimumChunk: 1, out int singleChunk);
        double singleBytes = AllocatedPerStep(single, pristine, working, settings, singleChunk, processWide: false);

        int threads = Environment.ProcessorCount;
        using var all = new Dynamics<T>(n, d, options with { MaxDegreeOfParallelism = threads });
        // Enough configurations per call for the Core's own chunking (8 chunks per core) to balance the cores.
        Throughput coreAll = MeasureCore(all, pristine, working, settings, share, minimumChunk: 8 * threads, out int allChunk);
        double allBytes = AllocatedPerStep(all, pristine, working, settings, allChunk, processWide: true);

        return new DynamicsBenchResult(settings, threads, all.Variant, reference, coreSingle, coreAll, allBytes, singleBytes);
    }

    /// <summary>The Reference (double, one thread), K layers per configuration, until <paramref name="share"/> seconds are used.</summary>
    private static Throughput MeasureReference<T>(T[] pristine, DynamicsBenchSettings settings, double share)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = settings.Tokens;
        int d = settings.Dimension;
        long elapsed = 0;
        long configurations = 0;
        long budget = (long)(share * Stopwatch.Frequency);
        // Warm-up: one layer on the first configuration, so the JIT is not timed.
        Layer(SyntheticInputs.ForReference<T>(pristine, 0, n, d), settings.Attention);
        for (int b = 0; configurations == 0 || elapsed < budget; b = (b + 1) % settings.Batch)
        {
            double[][] z = SyntheticInputs.ForReference<T>(pristine, b, n, d);
            long start = Stopwatch.GetTimestamp();
            for (int k = 0; k < settings.Layers; k++)
            {
                z = Layer(z, settings.Attention);
            }
            elapsed += Stopwatch.GetTimestamp() - start;
            configurations++;
        }
        return new Throughput(configurations, (double)elapsed / Stopwatch.Frequency);
    }

    /// <summary>One Reference layer.</summary>
    private static double[][] Layer(double[][] z, Attention attention) => attention == Attention.Hardmax
        ? ReferenceDynamics.HardmaxStep(z, null, DynamicsBenchSettings.Alpha)
        : ReferenceDynamics.SoftmaxStep(z, null, DynamicsBenchSettings.Alpha, DynamicsBenchSettings.Temperature);

    /// <summary>
    /// The Core, K layers on chunks of the batch taken in turn, until <paramref name="share"/> seconds are used; the
    /// chunk starts at <paramref name="minimumChunk"/> and grows to about a tenth of the share (at most the batch).
    /// </summary>
    private static Throughput MeasureCore<T>(
        Dynamics<T> dynamics, T[] pristine, T[] working, DynamicsBenchSettings settings, double share, int minimumChunk, out int chunk)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int length = settings.Tokens * settings.Dimension;
        int batch = settings.Batch;
        chunk = Math.Min(batch, minimumChunk);
        // Warm-up (untimed): the first call makes the workspaces and lets the JIT settle.
        RunChunk(dynamics, pristine, working, 0, chunk, length, settings);
        long elapsed = 0;
        long configurations = 0;
        long budget = (long)(share * Stopwatch.Frequency);
        int start = 0;
        while (configurations == 0 || elapsed < budget)
        {
            int count = Math.Min(chunk, batch - start);
            elapsed += RunChunk(dynamics, pristine, working, start, count, length, settings);
            configurations += count;
            start = (start + count) % batch;
            double secondsPerConfiguration = (double)elapsed / Stopwatch.Frequency / configurations;
            chunk = Math.Clamp((int)(share / 10 / secondsPerConfiguration), Math.Min(batch, minimumChunk), batch);
        }
        return new Throughput(configurations, (double)elapsed / Stopwatch.Frequency);
    }

    /// <summary>Copies configurations <c>start .. start+count</c> back from the pristine batch and runs K layers on them; returns the ticks of the run alone.</summary>
    private static long RunChunk<T>(Dynamics<T> dynamics, T[] pristine, T[] working, int start, int count, int length, DynamicsBenchSettings settings)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> slice = working.AsSpan(start * length, count * length);
        pristine.AsSpan(start * length, count * length).CopyTo(slice);
        long begin = Stopwatch.GetTimestamp();
        dynamics.Run(slice, settings.Layers, settings.Attention);
        return Stopwatch.GetTimestamp() - begin;
    }

    /// <summary>
    /// Bytes allocated per layer over a chunk of <paramref name="chunk"/> configurations, after warm-up:
    /// <see cref="GC.GetTotalAllocatedBytes"/> (every thread) or <see cref="GC.GetAllocatedBytesForCurrentThread"/> around
    /// <see cref="AllocationCalls"/> calls, divided by calls × K.
    /// </summary>
    private static double AllocatedPerStep<T>(Dynamics<T> dynamics, T[] pristine, T[] working, DynamicsBenchSettings settings, int chunk, bool processWide)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int length = settings.Tokens * settings.Dimension;
        Span<T> slice = working.AsSpan(0, chunk * length);
        pristine.AsSpan(0, chunk * length).CopyTo(slice);
        dynamics.Run(slice, settings.Layers, settings.Attention);
        long before = processWide ? GC.GetTotalAllocatedBytes(precise: true) : GC.GetAllocatedBytesForCurrentThread();
        for (int call = 0; call < AllocationCalls; call++)
        {
            dynamics.Run(slice, settings.Layers, settings.Attention);
        }
        long after = processWide ? GC.GetTotalAllocatedBytes(precise: true) : GC.GetAllocatedBytesForCurrentThread();
        return (double)(after - before) / (AllocationCalls * Math.Max(1, settings.Layers));
    }
}
