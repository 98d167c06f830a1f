namespace HardmaxCore.Clustering;

/// <summary>Options of <see cref="ClusterCount.Choose"/>, k chosen without labels; defaults in parentheses.</summary>
public readonly record struct ClusterCountOptions
{
    /// <summary>Creates the default options (k from 2 to 10, silhouette on at most 1,000 points).</summary>
    public ClusterCountOptions()
    {
    }

    /// <summary>The smallest k tried (2; the silhouette is undefined for one cluster).</summary>
    public int MinClusters { get; init; } = 2;

    /// <summary>The largest k tried (10), capped at n − 1.</summary>
    public int MaxClusters { get; init; } = 10;

    /// <summary>The silhouette is computed on a seeded sample of at most this many points (1000), O(m²d).</summary>
    public int SampleSize { get; init; } = 1000;

    /// <summary>Checks every option; the message names the property.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        if (this.MinClusters < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(this.MinClusters), this.MinClusters, $"ClusterCountOptions.MinClusters must be ≥ 2 (found {this.MinClusters}).");
        }
        if (this.MaxClusters < this.MinClusters)
        {
            throw new ArgumentOutOfRangeException(nameof(this.MaxClusters), this.MaxClusters, $"ClusterCountOptions.MaxClusters must be ≥ MinClusters = {this.MinClusters} (found {this.MaxClusters}).");
        }
        if (this.SampleSize < 3)
        {
            throw new ArgumentOutOfRangeException(nameof(this.SampleSize), this.SampleSize, $"ClusterCountOptions.SampleSize must be ≥ 3 (found {this.SampleSize}).");
        }
    }
}
