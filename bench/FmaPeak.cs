using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace HardmaxCore.Benchmarks;

/// <summary>
/// This machine's fp32 FMA peak, measured rather than assumed: the clock from a chain of dependent integer operations
/// (one cycle each), the number of 512-bit FMA units from a loop of independent FMAs (FMAs per cycle), and the peak
/// <c>cores × units × 16 lanes × 2 flops × clock</c>, with the FMA loop also run on every core at once.
/// </summary>
/// <remarks>
/// The clock chain is <c>x = (x + a) ^ b</c>: two single-cycle integer operations that depend on each other, so
/// cycles/s = 2 × operations/s whatever the core's width. The FMA loop keeps 12 independent accumulators (more than the
/// units × latency in flight on any current core), so it runs at the FMA units' throughput. Both are best of a few
/// half-second runs; a busy machine lowers them.
/// </remarks>
internal static class FmaPeak
{
    private const int Accumulators = 12;

    public static void Run()
    {
        long rounds = 1L << 26;
        double clock = 0;
        double fmaRate = 0;
        for (int r = 0; r < 5; r++)
        {
            clock = Math.Max(clock, 2 * 8.0 * rounds / Time(() => Chain(rounds, 3, 5)));
            fmaRate = Math.Max(fmaRate, (double)Accumulators * rounds / Time(() => Fmas(rounds)));
        }
        int cores = Environment.ProcessorCount;
        double allCores = 0;
        for (int r = 0; r < 3; r++)
        {
            var watch = Stopwatch.StartNew();
            Parallel.For(0, cores, new ParallelOptions { MaxDegreeOfParallelism = cores }, _ => Fmas(rounds));
            allCores = Math.Max(allCores, cores * (double)Accumulators * rounds / watch.Elapsed.TotalSeconds);
        }
        double perCycle = fmaRate / clock;
        int units = (int)Math.Round(perCycle);
        double lanes = Vector512<float>.Count;
        Console.WriteLine($"clock ≈ {clock / 1e9:F2} GHz (dependent integer chain); 512-bit FMAs per cycle on one core {perCycle:F2} → {units} FMA unit(s)");
        Console.WriteLine($"fp32 FMA peak: one core {units * lanes * 2 * clock / 1e9:F0} GFLOP/s ({fmaRate * lanes * 2 / 1e9:F0} measured), " +
            $"{cores} cores {cores * units * lanes * 2 * clock / 1e9:F0} GFLOP/s ({allCores * lanes * 2 / 1e9:F0} measured, all cores at once)");
    }

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>8 × rounds steps of <c>x = (x + a) ^ b</c>, each depending on the previous one.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static long Chain(long rounds, long a, long b)
    {
        long x = 0;
        for (long r = 0; r < rounds; r++)
        {
            x = (x + a) ^ b;
            x = (x + a) ^ b;
            x = (x + a) ^ b;
            x = (x + a) ^ b;
            x = (x + a) ^ b;
            x = (x + a) ^ b;
            x = (x + a) ^ b;
            x = (x + a) ^ b;
        }
        return x;
    }

    /// <summary><see cref="Accumulators"/> × rounds independent 512-bit FMAs.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Fmas(long rounds)
    {
        Vector512<float> m = Vector512.Create(0.999999f);
        Vector512<float> c = Vector512.Create(1e-7f);
        Vector512<float> a0 = Vector512.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        Vector512<float> a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (long r = 0; r < rounds; r++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, c);
            a1 = Vector512.FusedMultiplyAdd(a1, m, c);
            a2 = Vector512.FusedMultiplyAdd(a2, m, c);
            a3 = Vector512.FusedMultiplyAdd(a3, m, c);
            a4 = Vector512.FusedMultiplyAdd(a4, m, c);
            a5 = Vector512.FusedMultiplyAdd(a5, m, c);
            a6 = Vector512.FusedMultiplyAdd(a6, m, c);
            a7 = Vector512.FusedMultiplyAdd(a7, m, c);
            a8 = Vector512.FusedMultiplyAdd(a8, m, c);
            a9 = Vector512.FusedMultiplyAdd(a9, m, c);
            a10 = Vector512.FusedMultiplyAdd(a10, m, c);
            a11 = Vector512.FusedMultiplyAdd(a11, m, c);
        }
        return (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11).ToScalar();
    }
}
