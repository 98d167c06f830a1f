namespace HardmaxCore.Classifier;

/// <summary>Options of the percentile bootstrap (<see cref="Bootstrap"/>).</summary>
public readonly record struct BootstrapOptions
{
    /// <summary>Creates the defaults: 2,000 resamples, a 95 % interval, seed 0.</summary>
    public BootstrapOptions()
    {
    }

    /// <summary>How many resamples of the reviews are drawn (at least 100).</summary>
    public int Resamples
    {
        get;
        init => field = Throw.InRange(value, 100, int.MaxValue, nameof(BootstrapOptions), nameof(this.Resamples));
    } = 2000;

    /// <summary>The coverage of the interval, in (0, 1).</summary>
    public double Confidence
    {
        get;
        init => field = value is > 0 and < 1 ? value : Throw.OutOfRange(nameof(BootstrapOptions), nameof(this.Confidence), value, "above 0 and below 1", "Try 0.95.");
    } = 0.95;

    /// <summary>Seed of the resampling, so an interval is reproducible.</summary>
    public int Seed { get; init; }
}
