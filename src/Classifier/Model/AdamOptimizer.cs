using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
                this.Update(parameter.AsSpan(start, end - start), gradient.AsSpan(start, end - start),
                    m.AsSpan(start, end - start), v.AsSpan(start, end - start), stepSize, rootCorrection2);
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
            int first = (int)((long)count * chunk / chunks);
            int last = (int)((long)count * (chunk + 1) / chunks);
            for (int r = first; r < last; r++)
            {
                int start = rows[r] * width;
                this.Update(parameter.AsSpan(start, width), gradient.AsSpan(start, width),
                    m.AsSpan(start, width), v.AsSpan(start, width), stepSize, rootCorrection2);
            }
        });
    }

    /// <summary>
    /// The update of every element, fused in one pass (each element's p, g, m, v loaded once): the same IEEE operations in
    /// the same order as the formula, each rounded to float (<c>m·β₁</c>, then <c>g·(1−β₁) + m</c>, not a fused
    /// multiply-add), so the bits do not depend on the vector width or on where a chunk or row starts.
    /// </summary>
    private void Update(Span<float> parameter, ReadOnlySpan<float> gradient, Span<float> m, Span<float> v, float stepSize, float rootCorrection2)
    {
        float beta1 = this._beta1;
        float beta2 = this._beta2;
        float oneMinusBeta1 = 1 - beta1;
        float oneMinusBeta2 = 1 - beta2;
        float epsilon = this._epsilon;
        float minusStep = -stepSize;
        int length = parameter.Length;
        if (gradient.Length != length || m.Length != length || v.Length != length)
        {
            throw new ArgumentException("The parameter, its gradient and its moments must have the same length.", nameof(gradient));
        }
        ref float pRef = ref MemoryMarshal.GetReference(parameter);
        ref float gRef = ref MemoryMarshal.GetReference(gradient);
        ref float mRef = ref MemoryMarshal.GetReference(m);
        ref float vRef = ref MemoryMarshal.GetReference(v);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                Vector512<float> g = Vector512.LoadUnsafe(ref gRef, (nuint)i);
                Vector512<float> mi = (g * oneMinusBeta1) + (Vector512.LoadUnsafe(ref mRef, (nuint)i) * beta1);
                Vector512<float> vi = ((g * g) * oneMinusBeta2) + (Vector512.LoadUnsafe(ref vRef, (nuint)i) * beta2);
                Vector512<float> den = (Vector512.Sqrt(vi) / rootCorrection2) + Vector512.Create(epsilon);
                Vector512<float> p = ((mi / den) * minusStep) + Vector512.LoadUnsafe(ref pRef, (nuint)i);
                mi.StoreUnsafe(ref mRef, (nuint)i);
                vi.StoreUnsafe(ref vRef, (nuint)i);
                p.StoreUnsafe(ref pRef, (nuint)i);
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256<float> g = Vector256.LoadUnsafe(ref gRef, (nuint)i);
                Vector256<float> mi = (g * oneMinusBeta1) + (Vector256.LoadUnsafe(ref mRef, (nuint)i) * beta1);
                Vector256<float> vi = ((g * g) * oneMinusBeta2) + (Vector256.LoadUnsafe(ref vRef, (nuint)i) * beta2);
                Vector256<float> den = (Vector256.Sqrt(vi) / rootCorrection2) + Vector256.Create(epsilon);
                Vector256<float> p = ((mi / den) * minusStep) + Vector256.LoadUnsafe(ref pRef, (nuint)i);
                mi.StoreUnsafe(ref mRef, (nuint)i);
                vi.StoreUnsafe(ref vRef, (nuint)i);
                p.StoreUnsafe(ref pRef, (nuint)i);
            }
        }
        for (; i < length; i++)
        {
            float g = gradient[i];
            float mi = (g * oneMinusBeta1) + (m[i] * beta1);
            float vi = ((g * g) * oneMinusBeta2) + (v[i] * beta2);
            float den = (MathF.Sqrt(vi) / rootCorrection2) + epsilon;
            m[i] = mi;
            v[i] = vi;
            parameter[i] = ((mi / den) * minusStep) + parameter[i];
        }
    }
}
