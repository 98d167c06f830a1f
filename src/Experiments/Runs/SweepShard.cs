using System.Globalization;

namespace HardmaxCore.Experiments.Runs;

/// <summary>
/// The share <c>i/N</c> of a sweep that one job runs: run r of the plan belongs to shard <c>r mod N</c>, so shards 0 … N−1
/// together run every run exactly once, and each shard gets runs of every configuration.
/// </summary>
/// <param name="Index">i, 0-based (a Slurm array task id or a Kubernetes job completion index).</param>
/// <param name="Count">N, the number of shards.</param>
internal readonly record struct SweepShard(int Index, int Count)
{
    /// <summary>The whole plan, as one shard.</summary>
    public static SweepShard All => new(0, 1);

    /// <summary>Whether run <paramref name="runIndex"/> of the plan belongs to this shard.</summary>
    public bool Contains(int runIndex) => runIndex % this.Count == this.Index;

    /// <summary>Parses <c>i/N</c> with 0 ≤ i &lt; N.</summary>
    /// <exception cref="ArgumentException">Not of the form i/N, or i outside 0 … N−1.</exception>
    public static SweepShard Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            || !int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int count))
        {
            throw new ArgumentException($"A shard is i/N, e.g. 0/4 or $SLURM_ARRAY_TASK_ID/4 (found '{text}').", nameof(text));
        }
        if (count < 1 || index >= count)
        {
            throw new ArgumentException($"shard {text}: i must be in 0 … N−1 and N ≥ 1 (shards are numbered from 0, as Slurm array ids and Kubernetes completion indexes are).", nameof(text));
        }
        return new SweepShard(index, count);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{this.Index}/{this.Count}");
}
