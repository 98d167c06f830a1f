namespace HardmaxCore.Experiments.Benchmarking;

/// <summary>Configurations processed in a measured time.</summary>
/// <param name="Configurations">Configurations run through all K layers.</param>
/// <param name="Seconds">Time spent in the dynamics (copying inputs back in between is not counted).</param>
internal readonly record struct Throughput(long Configurations, double Seconds)
{
    /// <summary>Configurations per second.</summary>
    public double PerSecond => this.Seconds > 0 ? this.Configurations / this.Seconds : 0;

    /// <summary><c>this / other</c> in configurations per second (0 when <paramref name="other"/> measured nothing).</summary>
    public double Over(Throughput other) => other.PerSecond > 0 ? this.PerSecond / other.PerSecond : 0;
}
