using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using HardmaxCore.Kernels;

namespace HardmaxCore.Classifier;

/// <summary>
/// Forward and backward pass of the standard self-attention classifier for one review at a time, with the scratch
/// memory of one thread. Nothing is allocated per review.
/// </summary>
/// <remarks>
/// <para>Forward, over the m real tokens (padding at the end is masked out as keys and left out of the mean):
/// <c>x_i = E[id_i] + P_i</c>; <c>q_i = W_Q x_i, k_i = W_K x_i, v_i = W_V x_i</c>; <c>s_ij = q_i·k_j/√d</c>;
/// <c>p_i = softmax_j(s_i)</c> (the row max subtracted first); <c>o_i = Σ_j p_ij v_j</c>; <c>c = mean_i o_i</c>;
/// <c>h = ReLU(W₁c + b₁)</c>; <c>logit = w₂·h + b₂</c>, and σ(logit) the probability of "positive".</para>
/// <para>The mean is linear, so <c>c = Σ_j a_j v_j</c> with <c>a_j = mean_i p_ij</c>, the attention token j receives:
/// the pass computes c that way (one product per feature instead of m), and <see cref="AttentionReceived"/> is exactly
/// the weight with which v_j enters the pooled vector.</para>
/// <para>Activations are stored feature-major (d rows of n, the tokens along a row), so every projection, score row and
/// gradient is a TensorPrimitives Dot or MultiplyAdd over the m tokens, always in the same order: results do not depend
/// on the thread or batch a review is in.</para>
/// </remarks>
internal sealed class AttentionPass<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly AttentionSettings _settings;
    private readonly T _scale;
    private readonly T[] _x;
    private readonly T[] _q;
    private readonly T[] _k;
    private readonly T[] _v;
    private readonly T[] _p;
    private readonly T[] _a;
    private readonly T[] _pooled;
    private readonly T[] _hiddenInput;
    private readonly T[] _hidden;
    private readonly T[] _dq;
    private readonly T[] _dk;
    private readonly T[] _dv;
    private readonly T[] _dx;
    private readonly T[] _da;
    private readonly T[] _ds;
    private readonly T[] _dPooled;
    private readonly T[] _dHidden;
    private int _active;

    /// <summary>Allocates the scratch memory for reviews of the given shape.</summary>
    public AttentionPass(AttentionSettings settings)
    {
        this._settings = settings;
        int n = settings.Tokens;
        int d = settings.Dimension;
        this._scale = T.One / T.Sqrt(T.CreateTruncating(d));
        this._x = new T[d * n];
        this._q = new T[d * n];
        this._k = new T[d * n];
        this._v = new T[d * n];
        this._p = new T[n * n];
        this._a = new T[n];
        this._pooled = new T[d];
        this._hiddenInput = new T[settings.Hidden];
        this._hidden = new T[settings.Hidden];
        this._dq = new T[d * n];
        this._dk = new T[d * n];
        this._dv = new T[d * n];
        this._dx = new T[d * n];
        this._da = new T[n];
        this._ds = new T[n];
        this._dPooled = new T[d];
        this._dHidden = new T[settings.Hidden];
    }

    /// <summary>m, the real (non-padding) tokens of the last forward pass.</summary>
    public int ActiveTokens => this._active;

    /// <summary><c>a_j = mean_i p_ij</c> for the m real tokens of the last forward pass: the attention each token receives, averaged over the query positions (sums to 1).</summary>
    public ReadOnlySpan<T> AttentionReceived => this._a.AsSpan(0, this._active);

    /// <summary>c, the pooled vector of the last forward pass.</summary>
    public ReadOnlySpan<T> Pooled => this._pooled;

    /// <summary><c>W₁c + b₁</c> of the last forward pass, before the ReLU (tests keep clear of its kink).</summary>
    internal ReadOnlySpan<T> HiddenInput => this._hiddenInput;

    /// <summary>The attention row <c>p_i</c> (m weights) of query token i of the last forward pass.</summary>
    public ReadOnlySpan<T> AttentionRow(int i) => this._p.AsSpan(i * this._settings.Tokens, this._active);

    /// <summary>The number of real tokens of <paramref name="ids"/>: n minus the padding (id 0) at the end.</summary>
    public static int Length(ReadOnlySpan<int> ids)
    {
        int length = ids.Length;
        while (length > 0 && ids[length - 1] == 0)
        {
            length--;
        }
        return length;
    }

    /// <summary>Runs the model on one review and returns the logit <c>w₂·h + b₂</c>.</summary>
    /// <param name="ids">n token ids, padding (0) at the end.</param>
    /// <param name="parameters">The weights.</param>
    public T Forward(ReadOnlySpan<int> ids, AttentionParameters<T> parameters)
    {
        int n = this._settings.Tokens;
        int d = this._settings.Dimension;
        int m = Length(ids);
        this._active = m;
        Span<T> x = this._x;
        for (int i = 0; i < m; i++)
        {
            ReadOnlySpan<T> word = parameters.Embedding.AsSpan(ids[i] * d, d);
            ReadOnlySpan<T> position = parameters.Position.AsSpan(i * d, d);
            for (int l = 0; l < d; l++)
            {
                x[l * n + i] = word[l] + position[l];
            }
        }
        Project(parameters.Query, x, this._q, d, n, m);
        Project(parameters.Key, x, this._k, d, n, m);
        Project(parameters.Value, x, this._v, d, n, m);
        Span<T> a = this._a.AsSpan(0, m);
        a.Clear();
        for (int i = 0; i < m; i++)
        {
            Span<T> s = this._p.AsSpan(i * n, m);
            // same as: s_j = Dot(q_i, k_j)/√d for every j; one MultiplyAdd per feature over the m keys.
            TensorPrimitives.Multiply(this._k.AsSpan(0, m), this._q[i] * this._scale, s);
            for (int l = 1; l < d; l++)
            {
                TensorPrimitives.MultiplyAdd(this._k.AsSpan(l * n, m), this._q[l * n + i] * this._scale, s, s);
            }
            // p_i = exp(s − max s) / Σ exp(s − max s): TensorPrimitives.SoftMax does not subtract the max. The exponential is
            // the Core's and the sum runs in ascending j (TensorPrimitives.Exp and Sum follow the hardware's vector width,
            // so their last bit would depend on the machine); the maximum, subtraction and division are exact per element.
            T max = TensorPrimitives.Max<T>(s);
            TensorPrimitives.Subtract(s, max, s);
            Exponential.ExpInPlace<T, Vector512<T>>(s);
            T total = T.Zero;
            foreach (T value in s)
            {
                total += value;
            }
            TensorPrimitives.Divide(s, total, s);
            TensorPrimitives.Add<T>(a, s, a);
        }
        if (m > 0)
        {
            TensorPrimitives.Divide(a, T.CreateTruncating(m), a);
        }
        for (int l = 0; l < d; l++)
        {
            // c_l = mean_i Σ_j p_ij v_jl = Σ_j a_j v_jl.
            this._pooled[l] = m == 0 ? T.Zero : TensorPrimitives.Dot<T>(a, this._v.AsSpan(l * n, m));
        }
        int h = this._settings.Hidden;
        for (int o = 0; o < h; o++)
        {
            T z = TensorPrimitives.Dot<T>(parameters.Dense.AsSpan(o * d, d), this._pooled) + parameters.DenseBias[o];
            this._hiddenInput[o] = z;
            this._hidden[o] = T.Max(z, T.Zero);
        }
        return TensorPrimitives.Dot<T>(parameters.Output, this._hidden) + parameters.OutputBias[0];
    }

    /// <summary>Back-propagates <c>∂L/∂logit</c> through the last forward pass.</summary>
    /// <param name="parameters">The weights used in the forward pass.</param>
    /// <param name="logitGradient">∂L/∂logit.</param>
    /// <param name="tokenGradient">Receives ∂L/∂x_i (row-major n × d; rows ≥ <see cref="ActiveTokens"/> are zero): the gradient of both E[id_i] and P_i.</param>
    /// <param name="weightGradients">Receives, overwriting, the gradients of W_Q, W_K, W_V, W₁, b₁, w₂, b₂ (the shapes of <see cref="AttentionParameters{T}.All"/> after E and P).</param>
    /// <remarks>
    /// <c>∂h = g·w₂ ⊙ [W₁c + b₁ &gt; 0]</c>; <c>∂c = W₁ᵀ∂h</c>; <c>∂v_j = a_j ∂c</c>; <c>∂a_j = ∂c·v_j</c>;
    /// <c>∂s_ij = p_ij (∂a_j − Σ_l p_il ∂a_l)/m</c>; <c>∂q_i = Σ_j ∂s_ij k_j/√d</c>; <c>∂k_j = Σ_i ∂s_ij q_i/√d</c>;
    /// <c>∂W_Q = Σ_i ∂q_i x_iᵀ</c> (and K, V); <c>∂x_i = W_Qᵀ∂q_i + W_Kᵀ∂k_i + W_Vᵀ∂v_i</c>.
    /// </remarks>
    public void Backward(AttentionParameters<T> parameters, T logitGradient, Span<T> tokenGradient, T[][] weightGradients)
    {
        int n = this._settings.Tokens;
        int d = this._settings.Dimension;
        int h = this._settings.Hidden;
        int m = this._active;
        T[] dQuery = weightGradients[0];
        T[] dKey = weightGradients[1];
        T[] dValue = weightGradients[2];
        T[] dDense = weightGradients[3];
        T[] dDenseBias = weightGradients[4];
        T[] dOutput = weightGradients[5];
        T[] dOutputBias = weightGradients[6];
        dOutputBias[0] = logitGradient;
        TensorPrimitives.Multiply<T>(this._hidden, logitGradient, dOutput);
        Span<T> dHidden = this._dHidden;
        Span<T> dPooled = this._dPooled;
        dPooled.Clear();
        for (int o = 0; o < h; o++)
        {
            dHidden[o] = this._hiddenInput[o] > T.Zero ? logitGradient * parameters.Output[o] : T.Zero;
            dDenseBias[o] = dHidden[o];
            TensorPrimitives.Multiply<T>(this._pooled, dHidden[o], dDense.AsSpan(o * d, d));
            TensorPrimitives.MultiplyAdd(parameters.Dense.AsSpan(o * d, d), dHidden[o], dPooled, dPooled);
        }
        tokenGradient[..(n * d)].Clear();
        if (m == 0)
        {
            Array.Clear(dQuery);
            Array.Clear(dKey);
            Array.Clear(dValue);
            return;
        }
        ReadOnlySpan<T> a = this._a.AsSpan(0, m);
        Span<T> da = this._da.AsSpan(0, m);
        da.Clear();
        for (int l = 0; l < d; l++)
        {
            TensorPrimitives.Multiply(a, dPooled[l], this._dv.AsSpan(l * n, m));
            TensorPrimitives.MultiplyAdd(this._v.AsSpan(l * n, m), dPooled[l], da, da);
        }
        for (int l = 0; l < d; l++)
        {
            this._dk.AsSpan(l * n, m).Clear();
        }
        Span<T> ds = this._ds.AsSpan(0, m);
        T inverseCount = T.One / T.CreateTruncating(m);
        for (int i = 0; i < m; i++)
        {
            ReadOnlySpan<T> p = this._p.AsSpan(i * n, m);
            // ∂s_ij = p_ij (∂a_j − Σ_l p_il ∂a_l)/m, with the 1/√d of the scores folded in.
            T r = TensorPrimitives.Dot(p, da);
            TensorPrimitives.Subtract<T>(da, r, ds);
            TensorPrimitives.Multiply<T>(ds, p, ds);
            TensorPrimitives.Multiply<T>(ds, inverseCount * this._scale, ds);
            for (int l = 0; l < d; l++)
            {
                Span<T> dkRow = this._dk.AsSpan(l * n, m);
                this._dq[l * n + i] = TensorPrimitives.Dot<T>(ds, this._k.AsSpan(l * n, m));
                TensorPrimitives.MultiplyAdd<T>(ds, this._q[l * n + i], dkRow, dkRow);
            }
        }
        Span<T> dx = this._dx;
        for (int l = 0; l < d; l++)
        {
            dx.Slice(l * n, m).Clear();
        }
        ProjectBack(parameters.Query, this._dq, this._x, dQuery, dx, d, n, m);
        ProjectBack(parameters.Key, this._dk, this._x, dKey, dx, d, n, m);
        ProjectBack(parameters.Value, this._dv, this._x, dValue, dx, d, n, m);
        for (int i = 0; i < m; i++)
        {
            for (int l = 0; l < d; l++)
            {
                tokenGradient[i * d + l] = dx[l * n + i];
            }
        }
    }

    /// <summary><c>Y = W X</c> on feature-major activations: <c>Y[o, :m] = Σ_l W[o, l]·X[l, :m]</c>, l ascending.</summary>
    private static void Project(ReadOnlySpan<T> weights, ReadOnlySpan<T> x, Span<T> y, int d, int n, int m)
    {
        for (int o = 0; o < d; o++)
        {
            Span<T> row = y.Slice(o * n, m);
            TensorPrimitives.Multiply(x[..m], weights[o * d], row);
            for (int l = 1; l < d; l++)
            {
                TensorPrimitives.MultiplyAdd(x.Slice(l * n, m), weights[o * d + l], row, row);
            }
        }
    }

    /// <summary>The backward of <see cref="Project"/>: <c>∂W[o, l] = Dot(∂Y[o, :m], X[l, :m])</c> and <c>∂X[l, :m] += Σ_o W[o, l]·∂Y[o, :m]</c>.</summary>
    private static void ProjectBack(ReadOnlySpan<T> weights, ReadOnlySpan<T> dy, ReadOnlySpan<T> x, Span<T> dWeights, Span<T> dx, int d, int n, int m)
    {
        for (int o = 0; o < d; o++)
        {
            ReadOnlySpan<T> dyRow = dy.Slice(o * n, m);
            for (int l = 0; l < d; l++)
            {
                dWeights[o * d + l] = TensorPrimitives.Dot(dyRow, x.Slice(l * n, m));
                Span<T> dxRow = dx.Slice(l * n, m);
                TensorPrimitives.MultiplyAdd(dyRow, weights[o * d + l], dxRow, dxRow);
            }
        }
    }
}
