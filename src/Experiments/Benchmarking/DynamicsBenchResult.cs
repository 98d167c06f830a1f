namespace HardmaxCore.Experiments.Benchmarking;

/// <summary>Throughputs of the Reference and the Core measured in one run (so their ratios are meaningful on a noisy machine).</summary>
/// <param name="Settings">What was measured.</param>
/// <param name="Threads">Cores used by the "all cores" measurement.</param>
/// <param name="Kernel">The Core kernel width used.</param>
/// <param name="Reference">The Reference (double, one thread).</param>
/// <param name="CoreSingle">The Core with MaxDegreeOfParallelism = 1.</param>
/// <param name="CoreAll">The Core on all cores.</param>
/// <param name="BytesAllocatedPerStep">Bytes allocated by the whole process per layer over a batch, Core on all cores, after warm-up.</param>
/// <param name="BytesAllocatedPerStepSingle">Bytes allocated by the calling thread per layer over a batch, Core on one thread, after warm-up.</param>
internal sealed record DynamicsBenchResult(
    DynamicsBenchSettings Settings, int Threads, KernelVariant Kernel, Throughput Reference, Throughput CoreSingle, Throughput CoreAll,
    double BytesAllocatedPerStep, double BytesAllocatedPerStepSingle)
{
    /// <summary>Achieved GFLOP/s of <paramref name="throughput"/> against <c>2n²d·K</c> flops per configuration.</summary>
    public double Gflops(Throughput throughput) => throughput.PerSecond * this.Settings.FlopsPerConfiguration / 1e9;
}
