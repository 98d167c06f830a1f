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
        this.RequireRows(touchedRows, rowWidth);
        AdamCoefficients step = this.Begin();
        long first = this.Kind == OptimizerKind.LazyAdam ? (long)touchedRows!.Count * rowWidth : parameters[0].Length;
        int chunks = first >= 1 << 16 ? Math.Max(1, threads) : 1;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = chunks },
            chunk => this.StepChunk(parameters, gradients, step, chunk, chunks, touchedRows, rowWidth));
    }

    /// <summary>
    /// Starts a step split into chunks (<see cref="StepChunk"/>): counts it (t ← t + 1) and returns its bias-corrected
    /// coefficients <c>lr/(1−β₁ᵗ)</c> and <c>√(1−β₂ᵗ)</c>.
    /// </summary>
    public AdamCoefficients Begin()
    {
        this.Steps++;
        double correction1 = 1 - Math.Pow(this._beta1, this.Steps);
        double correction2 = 1 - Math.Pow(this._beta2, this.Steps);
        return new AdamCoefficients((float)(this.LearningRate / correction1), (float)Math.Sqrt(correction2));
    }

    /// <summary>
    /// Chunk <paramref name="chunk"/> of <paramref name="chunks"/> of the step begun by <see cref="Begin"/>: that share of the first
    /// array (a range of its elements for dense Adam, of <paramref name="touchedRows"/> for lazy Adam), and chunk 0 also every
    /// other array. The chunks touch disjoint elements and may run in any order or at once; the bits do not depend on
    /// <paramref name="chunks"/> (<see cref="Update"/> gives each element the same operations wherever a chunk starts).
    /// </summary>
    public void StepChunk(float[][] parameters, float[][] gradients, AdamCoefficients step, int chunk, int chunks, IReadOnlyList<int>? touchedRows, int rowWidth)
    {
        this.RequireRows(touchedRows, rowWidth);
        float[] parameter = parameters[0];
        float[] gradient = gradients[0];
        float[] m = this.FirstMoments[0];
        float[] v = this.SecondMoments[0];
        if (this.Kind == OptimizerKind.LazyAdam)
        {
            int count = touchedRows!.Count;
            int last = (int)((long)count * (chunk + 1) / chunks);
            for (int r = (int)((long)count * chunk / chunks); r < last; r++)
            {
                int start = touchedRows[r] * rowWidth;
                this.Update(parameter.AsSpan(start, rowWidth), gradient.AsSpan(start, rowWidth),
                    m.AsSpan(start, rowWidth), v.AsSpan(start, rowWidth), step);
            }
        }
        else
        {
            int start = (int)((long)parameter.Length * chunk / chunks);
            int length = (int)((long)parameter.Length * (chunk + 1) / chunks) - start;
            this.Update(parameter.AsSpan(start, length), gradient.AsSpan(start, length), m.AsSpan(start, length), v.AsSpan(start, length), step);
        }
        if (chunk == 0)
        {
            for (int p = 1; p < parameters.Length; p++)
            {
                this.Update(parameters[p], gradients[p], this.FirstMoments[p], this.SecondMoments[p], step);
            }
        }
    }

    private void RequireRows(IReadOnlyList<int>? touchedRows, int rowWidth)
    {
        if (this.Kind == OptimizerKind.LazyAdam && (touchedRows is null || rowWidth <= 0))
        {
            throw new ArgumentException("Lazy Adam needs the touched rows of the embedding and the row width.", nameof(touchedRows));
        }
    }

    /// <summary>
    /// The update of every element, fused in one pass (each element's p, g, m, v loaded once): the same IEEE operations in
    /// the same order as the formula, each rounded to float (<c>m·β₁</c>, then <c>g·(1−β₁) + m</c>, not a fused
    /// multiply-add), so the bits do not depend on the vector width or on where a chunk or row starts.
    /// </summary>
    private void Update(Span<float> parameter, ReadOnlySpan<float> gradient, Span<float> m, Span<float> v, AdamCoefficients step)
    {
        float stepSize = step.StepSize;
        float rootCorrection2 = step.RootCorrection2;
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

/// <summary>The bias-corrected coefficients of one Adam step: <c>lr/(1−β₁ᵗ)</c> and <c>√(1−β₂ᵗ)</c>, each rounded to float.</summary>
/// <param name="StepSize"><c>lr/(1−β₁ᵗ)</c>.</param>
/// <param name="RootCorrection2"><c>√(1−β₂ᵗ)</c>.</param>
internal readonly record struct AdamCoefficients(float StepSize, float RootCorrection2);
