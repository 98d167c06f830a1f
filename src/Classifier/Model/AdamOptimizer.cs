using System.Numerics.Tensors;

namespace HardmaxCore.Classifier;

/// <summary>Adam with PyTorch's update rule (SPEC §3.2: lr 10⁻³, β = (0.9, 0.999), ε = 10⁻⁸), dense or lazy on the embedding.</summary>
/// <remarks>
/// <para><c>m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; p ← p − (lr/(1−β₁ᵗ))·m/(√v/√(1−β₂ᵗ) + ε)</c>.</para>
/// <para><see cref="OptimizerKind.Adam"/> applies it to every element of every parameter array every step, as PyTorch does for
/// a dense embedding (rows without gradient still move with their momentum).</para>
/// <para><see cref="OptimizerKind.LazyAdam"/> applies it to the parameter arrays after the first (α, v, b) in full, and to
/// the first array (E, rows of <c>rowWidth</c>) only on the rows listed as touched in the step, as PyTorch's
/// <c>SparseAdam</c> does: an untouched row keeps its weights and both moments; t is the global step count, so a row
/// seen again after k steps gets the current bias corrections but moments that decayed only once, not k times.
/// When every row is touched in every step the two kinds are the same arithmetic on the same numbers.</para>
/// </remarks>
internal sealed class AdamOptimizer
{
    /// <summary>Elements per block of the update: the temporaries stay in L1.</summary>
    private const int Block = 1024;

    private readonly float _beta1;
    private readonly float _beta2;
    private readonly float _epsilon;

    /// <summary>Creates the state (zero moments) for parameter arrays of the given lengths.</summary>
    public AdamOptimizer(IReadOnlyList<int> lengths, double learningRate, OptimizerKind kind = OptimizerKind.Adam, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        this.LearningRate = learningRate;
        this.Kind = kind;
        this._beta1 = (float)beta1;
        this._beta2 = (float)beta2;
        this._epsilon = (float)epsilon;
        this.FirstMoments = lengths.Select(length => new float[length]).ToArray();
        this.SecondMoments = lengths.Select(length => new float[length]).ToArray();
    }

    /// <summary>The learning rate.</summary>
    public double LearningRate { get; }

    /// <summary>Dense or lazy on the first parameter array (the embedding).</summary>
    public OptimizerKind Kind { get; }

    /// <summary>Steps taken so far (t).</summary>
    public long Steps { get; set; }

    /// <summary>m, per parameter array.</summary>
    public float[][] FirstMoments { get; }

    /// <summary>v, per parameter array.</summary>
    public float[][] SecondMoments { get; }

    /// <summary>One step on every parameter array, spread over <paramref name="threads"/> cores for the long ones.</summary>
    /// <param name="parameters">The parameter arrays, the embedding first.</param>
    /// <param name="gradients">Their gradients (same shapes).</param>
    /// <param name="threads">Cores to use for arrays of 2¹⁶ elements or more.</param>
    /// <param name="touchedRows">For <see cref="OptimizerKind.LazyAdam"/>: the rows of the first array that have gradient in this
    /// step (each once, any order). Ignored by dense Adam.</param>
    /// <param name="rowWidth">Elements per row of the first array (d).</param>
    public void Step(float[][] parameters, float[][] gradients, int threads, IReadOnlyList<int>? touchedRows = null, int rowWidth = 0)
    {
        if (this.Kind == OptimizerKind.LazyAdam && (touchedRows is null || rowWidth <= 0))
        {
            throw new ArgumentException("Lazy Adam needs the touched rows of the embedding and the row width.", nameof(touchedRows));
        }
        this.Steps++;
        double correction1 = 1 - Math.Pow(this._beta1, this.Steps);
        double correction2 = 1 - Math.Pow(this._beta2, this.Steps);
        float stepSize = (float)(this.LearningRate / correction1);
        float rootCorrection2 = (float)Math.Sqrt(correction2);
        for (int p = 0; p < parameters.Length; p++)
        {
            float[] parameter = parameters[p];
            float[] gradient = gradients[p];
            float[] m = this.FirstMoments[p];
            float[] v = this.SecondMoments[p];
            if (p == 0 && this.Kind == OptimizerKind.LazyAdam)
            {
                this.StepRows(parameter, gradient, m, v, touchedRows!, rowWidth, threads, stepSize, rootCorrection2);
                continue;
            }
            int chunks = parameter.Length >= 1 << 16 ? threads : 1;
            Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = chunks }, chunk =>
            {
                int start = (int)((long)parameter.Length * chunk / chunks);
                int end = (int)((long)parameter.Length * (chunk + 1) / chunks);
                Span<float> scratch = stackalloc float[Block];
                this.Update(parameter.AsSpan(start, end - start), gradient.AsSpan(start, end - start),
                    m.AsSpan(start, end - start), v.AsSpan(start, end - start), stepSize, rootCorrection2, scratch);
            });
        }
    }

    /// <summary>The lazy step on the listed rows only: same as the dense update restricted to those rows' elements.</summary>
    private void StepRows(float[] parameter, float[] gradient, float[] m, float[] v, IReadOnlyList<int> rows, int width, int threads, float stepSize, float rootCorrection2)
    {
        int count = rows.Count;
        int chunks = (long)count * width >= 1 << 16 ? Math.Max(1, threads) : 1;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = chunks }, chunk =>
        {
            Span<float> scratch = stackalloc float[Block];
            int first = (int)((long)count * chunk / chunks);
            int last = (int)((long)count * (chunk + 1) / chunks);
            for (int r = first; r < last; r++)
            {
                int start = rows[r] * width;
                this.Update(parameter.AsSpan(start, width), gradient.AsSpan(start, width),
                    m.AsSpan(start, width), v.AsSpan(start, width), stepSize, rootCorrection2, scratch);
            }
        });
    }

    private void Update(Span<float> parameter, ReadOnlySpan<float> gradient, Span<float> m, Span<float> v, float stepSize, float rootCorrection2, Span<float> scratch)
    {
        // Blocks keep the temporaries in L1 while using the vectorized primitives. Every operation is element-wise, so an
        // element's result does not depend on where the block starts (dense and lazy steps give the same bits).
        for (int start = 0; start < parameter.Length; start += scratch.Length)
        {
            int length = Math.Min(scratch.Length, parameter.Length - start);
            Span<float> p = parameter.Slice(start, length);
            ReadOnlySpan<float> g = gradient.Slice(start, length);
            Span<float> mb = m.Slice(start, length);
            Span<float> vb = v.Slice(start, length);
            Span<float> den = scratch[..length];
            // m = β₁m + (1−β₁)g
            TensorPrimitives.Multiply(mb, this._beta1, mb);
            TensorPrimitives.MultiplyAdd(g, 1 - this._beta1, mb, mb);
            // v = β₂v + (1−β₂)g²
            TensorPrimitives.Multiply(vb, this._beta2, vb);
            TensorPrimitives.Multiply(g, g, den);
            TensorPrimitives.MultiplyAdd(den, 1 - this._beta2, vb, vb);
            // p −= stepSize·m/(√v/√bc₂ + ε)
            TensorPrimitives.Sqrt(vb, den);
            TensorPrimitives.Divide(den, rootCorrection2, den);
            TensorPrimitives.Add(den, this._epsilon, den);
            TensorPrimitives.Divide(mb, den, den);
            TensorPrimitives.MultiplyAdd(den, -stepSize, p, p);
        }
    }
}
