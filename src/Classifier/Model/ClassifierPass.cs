using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace HardmaxCore.Classifier;

/// <summary>
/// Forward and backward pass of the classifier for one review at a time (SPEC §3.1), with the scratch memory of one
/// thread. Nothing is allocated per review.
/// </summary>
/// <remarks>
/// <para>Forward: <c>X⁰ = E[ids]</c>; K times <c>X⁺_i = X_i + c·(Σ_j P_ij X_j − X_i)</c>, <c>c = α/(1+α)</c>,
/// <c>P_i = softmax(S_i/τ)</c>, <c>S = X Xᵀ</c>; <c>z̄ = mean_i X^K_i</c>; <c>logit = v·z̄ + b</c>.</para>
/// <para>At τ = 10⁻³ almost every weight underflows: entries with <c>(s_ij − m_i)/τ</c> below −88 (float) or −708 (double),
/// whose weight is under the smallest normal number, are dropped and each row of P is kept sparse. The score matrix
/// is the only dense work; the mean, and the whole backward pass, cost O(non-zeros · d).</para>
/// <para>Identical tokens (a repeated word, the padding) get identical scores and updates and so stay identical at every
/// layer (SPEC §1.4): the pass merges them into one point u with multiplicity <c>c_u</c>, and runs the layers on the U
/// distinct points. Then <c>P_uv = c_v e^{(s_uv − m_u)/τ} / Σ_w c_w e^{(s_uw − m_u)/τ}</c> and <c>z̄ = Σ_u c_u X^K_u / n</c>:
/// the same model, with less work; the gradient of a merged point is the sum over its copies, as the embedding needs.</para>
/// <para>Hardmax inference uses the same pass with <c>P_uv = c_v/Σ_{w∈C_u} c_w</c> on the attention set (SPEC §1.2).</para>
/// <para>Every layer is the Core's own kernel, <see cref="PointLayer{T}.Step"/>: the forward pass gives bit for bit what
/// <c>Dynamics&lt;T&gt;</c> gives the embedded review with the model's α and τ (one arithmetic path, SPEC §1.4), and the
/// <see cref="AttentionRecord{T}"/> of each layer (kept columns, raw weights, totals) is what the backward pass reads.</para>
/// </remarks>
internal sealed class ClassifierPass<T> : IDisposable
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ClassifierSettings _settings;
    private readonly PointLayer<T> _layer;
    private readonly AttentionRecord<T>[] _records;
    private readonly T _temperature;
    private readonly T[] _layers;
    private readonly T[] _probabilities;
    private readonly T[] _gradient;
    private readonly T[] _nextGradient;
    private readonly T[] _meanToken;
    private readonly T[] _delta;
    private readonly T[] _gm;
    private readonly T[] _gp;
    private readonly int[] _uniqueWords;
    private readonly T[] _multiplicity;
    private readonly int[] _tokenUnique;
    private int[] _wordSlot = [];
    private int _active;
    private int _unique;

    /// <summary>Allocates the scratch memory for reviews of the given shape.</summary>
    public ClassifierPass(ClassifierSettings settings, KernelVariant kernel = KernelVariant.Auto)
    {
        this._settings = settings;
        int n = settings.Tokens;
        int d = settings.Dimension;
        int layers = settings.Layers;
        this._layer = new PointLayer<T>(n, d, DynamicsOptions.Default with { Temperature = settings.Temperature, Variant = kernel });
        this._records = Enumerable.Range(0, layers).Select(_ => new AttentionRecord<T>(n)).ToArray();
        this._temperature = T.CreateTruncating(settings.Temperature);
        this._layers = new T[(layers + 1) * n * d];
        this._probabilities = new T[n];
        this._gradient = new T[n * d];
        this._nextGradient = new T[n * d];
        this._meanToken = new T[d];
        this._delta = new T[d];
        this._gm = new T[d];
        this._gp = new T[n];
        this._uniqueWords = new int[n];
        this._multiplicity = new T[n];
        this._tokenUnique = new int[n];
    }

    /// <summary>U, the distinct tokens of the last forward pass; their rows come first in every layer.</summary>
    public int UniqueCount => this._unique;

    /// <summary>The word id of each distinct token of the last forward pass.</summary>
    public ReadOnlySpan<int> UniqueWords => this._uniqueWords.AsSpan(0, this._unique);

    /// <summary>For each of the n tokens of the last review, its distinct token u (−1 for masked padding).</summary>
    public ReadOnlySpan<int> TokenUnique => this._tokenUnique;

    /// <summary>How many tokens each distinct token stands for.</summary>
    public ReadOnlySpan<T> Multiplicity => this._multiplicity.AsSpan(0, this._unique);

    /// <summary>The distinct tokens at layer k of the last forward pass (rows 0..U−1 of an n × d block, row-major).</summary>
    public ReadOnlySpan<T> Layer(int k)
    {
        int size = this._settings.Tokens * this._settings.Dimension;
        return this._layers.AsSpan(k * size, size);
    }

    /// <summary>Runs the model on one review and returns the logit <c>v·z̄ + b</c>.</summary>
    /// <param name="ids">n token ids, padding (0) at the end.</param>
    /// <param name="parameters">The weights.</param>
    /// <param name="attention">Softmax (training, SPEC §1.3) or hardmax (SPEC §1.2) layers.</param>
    public T Forward(ReadOnlySpan<int> ids, ClassifierParameters<T> parameters, Attention attention = Attention.Softmax)
    {
        int n = this._settings.Tokens;
        int d = this._settings.Dimension;
        this._active = n;
        if (this._settings.MaskPadding)
        {
            int length = n;
            while (length > 0 && ids[length - 1] == 0)
            {
                length--;
            }
            this._active = length;
        }
        this.MergeIdenticalTokens(ids, parameters.VocabularySize);
        Span<T> x0 = this._layers.AsSpan(0, n * d);
        for (int u = 0; u < this._unique; u++)
        {
            parameters.Embedding.AsSpan(this._uniqueWords[u] * d, d).CopyTo(x0.Slice(u * d, d));
        }
        double alpha = double.CreateTruncating(parameters.Alpha[0]);
        int size = n * d;
        int used = this._unique * d;
        ReadOnlySpan<T> multiplicity = this._multiplicity.AsSpan(0, this._unique);
        for (int k = 0; k < this._settings.Layers; k++)
        {
            this._layer.Step(
                this._layers.AsSpan(k * size, used), multiplicity, this._layers.AsSpan((k + 1) * size, used), alpha, attention, this._records[k]);
        }
        Span<T> mean = this._meanToken;
        mean.Clear();
        if (this._active > 0)
        {
            ReadOnlySpan<T> last = this.Layer(this._settings.Layers);
            for (int u = 0; u < this._unique; u++)
            {
                AddScaled(last.Slice(u * d, d), this._multiplicity[u], mean);
            }
            TensorPrimitives.Divide(mean, T.CreateTruncating(this._active), mean);
        }
        return TensorPrimitives.Dot<T>(parameters.Decoder, mean) + parameters.Bias[0];
    }

    /// <summary>
    /// Back-propagates <c>∂L/∂logit</c> through the last forward pass (which must have been a softmax pass).
    /// </summary>
    /// <param name="parameters">The weights used in the forward pass.</param>
    /// <param name="logitGradient">∂L/∂logit.</param>
    /// <param name="embeddingGradient">Receives ∂L/∂X⁰ of the distinct tokens (rows 0..U−1 of n × d): row u is the gradient of the embedding row of <see cref="UniqueWords"/>[u].</param>
    /// <param name="decoderGradient">Receives ∂L/∂v (d).</param>
    /// <returns>(∂L/∂α, ∂L/∂b).</returns>
    /// <remarks>
    /// With <c>G = ∂L/∂X⁺</c> and <c>GM_i = c·G_i</c>: <c>∂L/∂X_i ← G_i/(1+α)</c>; <c>∂L/∂α += Σ_i ⟨G_i, M_i − X_i⟩/(1+α)²</c>;
    /// <c>∂L/∂X_j += P_ij GM_i</c>; <c>GP_ij = ⟨GM_i, X_j⟩</c>; <c>GS_ij = P_ij (GP_ij − Σ_l P_il GP_il)/τ</c>;
    /// <c>∂L/∂X_i += GS_ij X_j</c> and <c>∂L/∂X_j += GS_ij X_i</c> (from <c>S_ij = ⟨X_i, X_j⟩</c>).
    /// </remarks>
    public (T Alpha, T Bias) Backward(ClassifierParameters<T> parameters, T logitGradient, Span<T> embeddingGradient, Span<T> decoderGradient)
    {
        int d = this._settings.Dimension;
        int active = this._unique;
        TensorPrimitives.Multiply(this._meanToken, logitGradient, decoderGradient);
        Span<T> g = this._gradient;
        Span<T> gx = this._nextGradient;
        g.Clear();
        if (active > 0)
        {
            // z̄ = Σ_u c_u X^K_u / n  ⇒  ∂L/∂X^K_u = c_u·(∂L/∂logit)·v / n.
            T scale = logitGradient / T.CreateTruncating(this._active);
            for (int u = 0; u < active; u++)
            {
                Scale(parameters.Decoder, scale * this._multiplicity[u], g.Slice(u * d, d));
            }
        }
        T alpha = parameters.Alpha[0];
        T onePlus = T.One + alpha;
        T c = alpha / onePlus;
        T direct = T.One / onePlus;
        T alphaFactor = direct * direct;
        T alphaGradient = T.Zero;
        Span<T> gm = this._gm;
        Span<T> delta = this._delta;
        Span<T> gp = this._gp;
        for (int k = this._settings.Layers - 1; k >= 0; k--)
        {
            ReadOnlySpan<T> x = this.Layer(k);
            AttentionRecord<T> record = this._records[k];
            TensorPrimitives.Multiply(g, direct, gx);
            for (int i = 0; i < active; i++)
            {
                ReadOnlySpan<T> gi = g.Slice(i * d, d);
                ReadOnlySpan<T> xi = x.Slice(i * d, d);
                ReadOnlySpan<int> columns = record.Columns(i);
                // P_ij = w_ij / Σ_l w_il, from the raw weights the forward layer used.
                Span<T> weights = this._probabilities.AsSpan(0, columns.Length);
                ReadOnlySpan<T> raw = record.Weights(i);
                T total = record.Total(i);
                for (int e = 0; e < weights.Length; e++)
                {
                    weights[e] = raw[e] / total;
                }
                // M_i − X_i = Σ_j P_ij (X_j − X_i).
                delta.Clear();
                for (int e = 0; e < columns.Length; e++)
                {
                    AddScaledDifference(delta, weights[e], x.Slice(columns[e] * d, d), xi);
                }
                alphaGradient += alphaFactor * TensorPrimitives.Dot(gi, delta);
                Scale(gi, c, gm);
                T r = T.Zero;
                for (int e = 0; e < columns.Length; e++)
                {
                    int j = columns[e];
                    gp[e] = TensorPrimitives.Dot(gm, x.Slice(j * d, d));
                    r += weights[e] * gp[e];
                    AddScaled(gm, weights[e], gx.Slice(j * d, d));
                }
                for (int e = 0; e < columns.Length; e++)
                {
                    int j = columns[e];
                    T gs = weights[e] * (gp[e] - r) / this._temperature;
                    if (gs == T.Zero)
                    {
                        continue;
                    }
                    AddScaled(x.Slice(j * d, d), gs, gx.Slice(i * d, d));
                    AddScaled(xi, gs, gx.Slice(j * d, d));
                }
            }
            Span<T> swap = g;
            g = gx;
            gx = swap;
        }
        g[..(active * d)].CopyTo(embeddingGradient);
        return (alphaGradient, logitGradient);
    }

    /// <summary>
    /// The leaders of layer k of the last forward pass (0 ≤ k ≤ K): distinct tokens u with <c>u ∈ C_u</c>, i.e.
    /// <c>s_uu = max_v s_uv</c> with exact ties (SPEC §1.5), ascending.
    /// </summary>
    public int[] Leaders(int k) => this._layer.Leaders(this.Layer(k), this._unique);

    /// <inheritdoc/>
    public void Dispose() => this._layer.Dispose();

    /// <summary>
    /// <c>destination[l] ← (x[l]·s) + destination[l]</c>: each product and sum rounded to T, not fused, as
    /// <c>TensorPrimitives.MultiplyAdd</c> computes it (the same bits at every vector width), without its call overhead on a row of d.
    /// </summary>
    private static void AddScaled(ReadOnlySpan<T> x, T s, Span<T> destination)
    {
        int length = x.Length;
        if (destination.Length != length)
        {
            throw new ArgumentException("The rows must have the same length.", nameof(destination));
        }
        ref T xRef = ref MemoryMarshal.GetReference(x);
        ref T dRef = ref MemoryMarshal.GetReference(destination);
        int l = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; l <= length - Vector512<T>.Count; l += Vector512<T>.Count)
            {
                ((Vector512.LoadUnsafe(ref xRef, (nuint)l) * s) + Vector512.LoadUnsafe(ref dRef, (nuint)l)).StoreUnsafe(ref dRef, (nuint)l);
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            for (; l <= length - Vector256<T>.Count; l += Vector256<T>.Count)
            {
                ((Vector256.LoadUnsafe(ref xRef, (nuint)l) * s) + Vector256.LoadUnsafe(ref dRef, (nuint)l)).StoreUnsafe(ref dRef, (nuint)l);
            }
        }
        for (; l < length; l++)
        {
            Unsafe.Add(ref dRef, l) = (Unsafe.Add(ref xRef, l) * s) + Unsafe.Add(ref dRef, l);
        }
    }

    /// <summary><c>destination[l] ← x[l]·s</c>, each product rounded to T (as <c>TensorPrimitives.Multiply</c>), without its call overhead on a row of d.</summary>
    private static void Scale(ReadOnlySpan<T> x, T s, Span<T> destination)
    {
        int length = x.Length;
        if (destination.Length != length)
        {
            throw new ArgumentException("The rows must have the same length.", nameof(destination));
        }
        ref T xRef = ref MemoryMarshal.GetReference(x);
        ref T dRef = ref MemoryMarshal.GetReference(destination);
        int l = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; l <= length - Vector512<T>.Count; l += Vector512<T>.Count)
            {
                (Vector512.LoadUnsafe(ref xRef, (nuint)l) * s).StoreUnsafe(ref dRef, (nuint)l);
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            for (; l <= length - Vector256<T>.Count; l += Vector256<T>.Count)
            {
                (Vector256.LoadUnsafe(ref xRef, (nuint)l) * s).StoreUnsafe(ref dRef, (nuint)l);
            }
        }
        for (; l < length; l++)
        {
            Unsafe.Add(ref dRef, l) = Unsafe.Add(ref xRef, l) * s;
        }
    }

    /// <summary><c>delta[l] ← delta[l] + w·(xj[l] − xi[l])</c>, each operation rounded to T, not fused (the same bits at every vector width).</summary>
    private static void AddScaledDifference(Span<T> delta, T w, ReadOnlySpan<T> xj, ReadOnlySpan<T> xi)
    {
        int length = delta.Length;
        if (xj.Length != length || xi.Length != length)
        {
            throw new ArgumentException("The rows must have the same length.", nameof(xj));
        }
        ref T dRef = ref MemoryMarshal.GetReference(delta);
        ref T jRef = ref MemoryMarshal.GetReference(xj);
        ref T iRef = ref MemoryMarshal.GetReference(xi);
        int l = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; l <= length - Vector512<T>.Count; l += Vector512<T>.Count)
            {
                Vector512<T> difference = Vector512.LoadUnsafe(ref jRef, (nuint)l) - Vector512.LoadUnsafe(ref iRef, (nuint)l);
                (Vector512.LoadUnsafe(ref dRef, (nuint)l) + (difference * w)).StoreUnsafe(ref dRef, (nuint)l);
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            for (; l <= length - Vector256<T>.Count; l += Vector256<T>.Count)
            {
                Vector256<T> difference = Vector256.LoadUnsafe(ref jRef, (nuint)l) - Vector256.LoadUnsafe(ref iRef, (nuint)l);
                (Vector256.LoadUnsafe(ref dRef, (nuint)l) + (difference * w)).StoreUnsafe(ref dRef, (nuint)l);
            }
        }
        for (; l < length; l++)
        {
            Unsafe.Add(ref dRef, l) += w * (Unsafe.Add(ref jRef, l) - Unsafe.Add(ref iRef, l));
        }
    }

    /// <summary>Groups the active tokens by word: distinct words in order of first appearance, with their counts.</summary>
    private void MergeIdenticalTokens(ReadOnlySpan<int> ids, int vocabularySize)
    {
        if (this._wordSlot.Length != vocabularySize)
        {
            this._wordSlot = new int[vocabularySize];
            Array.Fill(this._wordSlot, -1);
        }
        int unique = 0;
        for (int i = 0; i < ids.Length; i++)
        {
            if (i >= this._active)
            {
                this._tokenUnique[i] = -1;
                continue;
            }
            int word = ids[i];
            int u = this._wordSlot[word];
            if (u < 0)
            {
                u = unique++;
                this._wordSlot[word] = u;
                this._uniqueWords[u] = word;
                this._multiplicity[u] = T.Zero;
            }
            this._multiplicity[u] += T.One;
            this._tokenUnique[i] = u;
        }
        for (int u = 0; u < unique; u++)
        {
            this._wordSlot[this._uniqueWords[u]] = -1;
        }
        this._unique = unique;
    }
}
