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
        init => field = value >= 100 ? value : throw new ArgumentOutOfRangeException(nameof(Resamples), value, "A bootstrap needs at least 100 resamples.");
    } = 2000;

    /// <summary>The coverage of the interval, in (0, 1).</summary>
    public double Confidence
    {
        get;
        init => field = value is > 0 and < 1 ? value : throw new ArgumentOutOfRangeException(nameof(Confidence), value, "The confidence level is a number between 0 and 1, e.g. 0.95.");
    } = 0.95;

    /// <summary>Seed of the resampling, so an interval is reproducible.</summary>
    public int Seed { get; init; }
}
