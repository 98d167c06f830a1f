
namespace HardmaxCore.Classifier;

/// <summary>One <see cref="ClassifierPass{T}"/> per thread, and the loop that spreads reviews over them.</summary>
public sealed class ParallelPasses : IDisposable
{
    private readonly ClassifierPass<float>[] _passes;

    /// <summary>Creates <paramref name="threads"/> passes for models of the given shape.</summary>
    /// <exception cref="ClassifierException">The passes would not fit in memory (<see cref="MemoryBudget"/>).</exception>
    public ParallelPasses(ClassifierSettings settings, int threads)
    {
        MemoryBudget.RequireClassifier(settings, threads, batch: 0, "use fewer threads, or a model with fewer tokens or layers");
        this._passes = Enumerable.Range(0, Math.Max(1, threads)).Select(_ => new ClassifierPass<float>(settings)).ToArray();
    }

    /// <summary>Threads used.</summary>
    public int Threads => this._passes.Length;

    /// <summary>The pass of worker <paramref name="worker"/> (0 ≤ worker &lt; <see cref="Threads"/>).</summary>
    internal ClassifierPass<float> Pass(int worker) => this._passes[worker];

    /// <summary>Calls <paramref name="action"/> for items 0..count−1 over contiguous partitions, one pass per thread.</summary>
    internal void ForEach(int count, Action<ClassifierPass<float>, int> action) => Partitions.ForEach(this._passes, count, action);

    /// <summary>The logit of every review, with softmax or hardmax layers.</summary>
    public float[] Logits(EncodedReviews data, ClassifierParameters<float> parameters, Attention attention)
    {
        var logits = new float[data.Count];
        this.ForEach(data.Count, (pass, r) => logits[r] = pass.Forward(data.Row(r), parameters, attention));
        return logits;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (ClassifierPass<float> pass in this._passes)
        {
            pass.Dispose();
        }
    }
}
