namespace HardmaxCore.Clustering;

/// <summary>Options of <see cref="BetaPath.Run"/>; defaults in parentheses.</summary>
public readonly record struct BetaPathOptions
{
    /// <summary>Creates the default options (25 values of β from β₀/16 to 16·β₀, β₀ the estimate from the data).</summary>
    public BetaPathOptions()
    {
    }

    /// <summary>The number of β values on the grid (25, a ratio 256^(1/24) ≈ 1.26 between neighbours).</summary>
    public int Points { get; init; } = 25;

    /// <summary>The grid runs from β₀/Span to β₀·Span (16), β₀ the quantizer options' β or the estimate from the data.</summary>
    public double Span { get; init; } = 16;

    /// <summary>The path runs on a seeded sample of at most this many points (1,000): 25 quantizer runs of O(m²d) per layer
    /// stay bounded for any n, and β is in data units, so a sample shows the same plateaus as the whole cloud.</summary>
    public int SampleSize { get; init; } = 1000;

    /// <summary>Checks every option; the message names the property.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        if (this.Points < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(this.Points), this.Points, $"BetaPathOptions.Points must be ≥ 2 (found {this.Points}).");
        }
        if (this.SampleSize < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(this.SampleSize), this.SampleSize, $"BetaPathOptions.SampleSize must be ≥ 2 (found {this.SampleSize}).");
        }
        if (!(this.Span > 1) || !double.IsFinite(this.Span))
        {
            throw new ArgumentOutOfRangeException(nameof(this.Span), this.Span, $"BetaPathOptions.Span must be > 1 and finite (found {this.Span}).");
        }
    }
}
