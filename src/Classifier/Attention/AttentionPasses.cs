namespace HardmaxCore.Classifier;

/// <summary>One <see cref="AttentionPass{T}"/> per thread, and the loop that spreads reviews over them (as <see cref="ParallelPasses"/>).</summary>
public sealed class AttentionPasses
{
    private readonly AttentionPass<float>[] _passes;

    /// <summary>Creates <paramref name="threads"/> passes for models of the given shape.</summary>
    public AttentionPasses(AttentionSettings settings, int threads)
        => this._passes = Enumerable.Range(0, Math.Max(1, threads)).Select(_ => new AttentionPass<float>(settings)).ToArray();

    /// <summary>Threads used.</summary>
    public int Threads => this._passes.Length;

    /// <summary>The logit of every review.</summary>
    public float[] Logits(EncodedReviews data, AttentionParameters<float> parameters)
    {
        ArgumentNullException.ThrowIfNull(data);
        var logits = new float[data.Count];
        this.ForEach(data.Count, (pass, r) => logits[r] = pass.Forward(data.Row(r), parameters));
        return logits;
    }

    /// <summary>The pass of worker <paramref name="worker"/> (0 ≤ worker &lt; <see cref="Threads"/>).</summary>
    internal AttentionPass<float> Pass(int worker) => this._passes[worker];

    /// <summary>Calls <paramref name="action"/> for items 0..count−1 over contiguous partitions, one pass per thread.</summary>
    internal void ForEach(int count, Action<AttentionPass<float>, int> action) => Partitions.ForEach(this._passes, count, action);
}
