namespace HardmaxCore.Experiments.Benchmarking;

/// <summary>The measurements at one cloud size n: identity attention on one thread and on all cores, and k-means.</summary>
/// <param name="Points">n, the points of the cloud.</param>
/// <param name="Dimension">d.</param>
/// <param name="Single">Identity-attention layers on one thread.</param>
/// <param name="All">Identity-attention layers on all cores (or the threads asked for).</param>
/// <param name="KMeansFits">k-means fits counted (each k-means++ and Lloyd, <see cref="ClusterBenchSettings.KMeansRestarts"/> restarts).</param>
/// <param name="KMeansSeconds">Time spent in the counted fits.</param>
/// <param name="KMeansIterations">Lloyd iterations of the kept restart of the last fit.</param>
internal sealed record ClusterSizeResult(int Points, int Dimension, LayerTiming Single, LayerTiming All, int KMeansFits, double KMeansSeconds, int KMeansIterations)
{
    /// <summary>The nominal flops of one layer, <c>4n²d</c> (scores 2n²d, weighted sum 2n²d; SPEC §6.1).</summary>
    public double FlopsPerLayer => 4.0 * this.Points * this.Points * this.Dimension;

    /// <summary>Points through one layer per second: <c>n / (seconds per layer)</c>.</summary>
    public double PointsPerSecond(LayerTiming timing) => this.Points * timing.LayersPerSecond;

    /// <summary>Pairs (i, j) scored and weighted per second: <c>n² / (seconds per layer)</c>.</summary>
    public double PairsPerSecond(LayerTiming timing) => (double)this.Points * this.Points * timing.LayersPerSecond;

    /// <summary>Achieved GFLOP/s against <c>4n²d</c> flops per layer.</summary>
    public double Gflops(LayerTiming timing) => this.FlopsPerLayer * timing.LayersPerSecond / 1e9;

    /// <summary>The speed-up of all cores over one thread (0 when either measured nothing).</summary>
    public double AllOverSingle => this.Single.LayersPerSecond > 0 ? this.All.LayersPerSecond / this.Single.LayersPerSecond : 0;

    /// <summary>Seconds per k-means fit.</summary>
    public double KMeansSecondsPerFit => this.KMeansFits > 0 ? this.KMeansSeconds / this.KMeansFits : 0;

    /// <summary>Points clustered per second by k-means: <c>n / (seconds per fit)</c>.</summary>
    public double KMeansPointsPerSecond => this.KMeansSeconds > 0 ? (double)this.Points * this.KMeansFits / this.KMeansSeconds : 0;
}
