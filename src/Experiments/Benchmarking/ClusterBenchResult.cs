namespace HardmaxCore.Experiments.Benchmarking;

/// <summary>
/// The measurements of <c>hardmax bench --cluster</c>, made in one run so their ratios mean something on a noisy machine:
/// identity attention and k-means at each n, prototype-heads training steps, and the batch score kernel for comparison.
/// </summary>
/// <param name="Settings">What was measured.</param>
/// <param name="Threads">Threads asked for the "all cores" measurements (the cores when <see cref="ClusterBenchSettings.Threads"/> is 0).</param>
/// <param name="Variant">The kernel width identity attention used.</param>
/// <param name="Sizes">One result per n, in the order of <see cref="ClusterBenchSettings.Sizes"/>.</param>
/// <param name="HeadsSteps">Adam steps of the prototype heads counted (H = K heads, batches of <see cref="ClusterBenchSettings.HeadsBatch"/> fresh points).</param>
/// <param name="HeadsSeconds">Time spent in those steps (with the sampling of the batches and two risk evaluations per call).</param>
/// <param name="BatchKernel">
/// The batch score kernel (<see cref="DynamicsBenchmark"/>, hardmax, n = 128, K = 8, the same d): its GFLOP/s count
/// <c>2n²d·K</c> flops per configuration (the scores), where identity attention counts <c>4n²d</c> per layer (scores and weighted sum).
/// </param>
internal sealed record ClusterBenchResult(
    ClusterBenchSettings Settings, int Threads, KernelVariant Variant, IReadOnlyList<ClusterSizeResult> Sizes, long HeadsSteps, double HeadsSeconds,
    DynamicsBenchResult BatchKernel)
{
    /// <summary>Adam steps of the heads per second.</summary>
    public double HeadsStepsPerSecond => this.HeadsSeconds > 0 ? this.HeadsSteps / this.HeadsSeconds : 0;

    /// <summary>GFLOP/s of the batch score kernel on one thread (2n²d·K per configuration).</summary>
    public double BatchKernelSingleGflops => this.BatchKernel.Gflops(this.BatchKernel.CoreSingle);

    /// <summary>GFLOP/s of the batch score kernel on all cores (2n²d·K per configuration).</summary>
    public double BatchKernelAllGflops => this.BatchKernel.Gflops(this.BatchKernel.CoreAll);
}
