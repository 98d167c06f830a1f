using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace HardmaxCore.Kernels;

/// <summary>One hardmax or softmax layer on one configuration, in place (SPEC §1.2, §1.3).</summary>
/// <remarks>
/// Scores are computed a block of <see cref="ScoreKernel.RowBlock"/> rows at a time and used at once; the update of
/// row i reads only the copy of Z taken at the start of the layer, so writing z_i⁺ in place is safe.
/// </remarks>
internal static class LayerKernel
{
    /// <summary>Runs one layer on <paramref name="z"/> (n × d, row-major) in place.</summary>
    [SkipLocalsInit]
    public static LayerChange<T> Step<T, TSimd, TVec>(
        Span<T> z, Attention attention, in LayerParameters<T> parameters, Workspace<T> workspace)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVec>
        where TVec : struct
    {
        int n = workspace.N;
        int nPad = workspace.NPad;
        bool hasKeyQuery = parameters.KeyQuery is not null;
        ScoreKernel.Prepare(z, parameters.KeyQuery, workspace);
        T change = T.Zero;
        T size = T.Zero;
        for (int i0 = 0; i0 < n; i0 += ScoreKernel.RowBlock)
        {
            int rows = Math.Min(ScoreKernel.RowBlock, n - i0);
            ScoreKernel.Rows<T, TSimd, TVec>(workspace, hasKeyQuery, i0, rows);
            for (int r = 0; r < rows; r++)
            {
                ReadOnlySpan<T> scores = workspace.Scores.Slice(r * nPad, nPad);
                LayerChange<T> row = attention == Attention.Hardmax
                    ? HardmaxRow<T, TSimd, TVec>(z, i0 + r, scores, parameters, workspace)
                    : SoftmaxRow(z, i0 + r, scores, parameters, workspace);
                change = T.Max(change, row.Change);
                size = T.Max(size, row.Size);
            }
        }
        return new LayerChange<T>(change, size);
    }

    /// <summary>The attention sets of every token of <paramref name="z"/>, with the same arithmetic as <see cref="Step"/>.</summary>
    public static int[][] AttentionSets<T, TSimd, TVec>(ReadOnlySpan<T> z, in LayerParameters<T> parameters, Workspace<T> workspace)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVec>
        where TVec : struct
    {
        int n = workspace.N;
        int nPad = workspace.NPad;
        ScoreKernel.Prepare(z, parameters.KeyQuery, workspace);
        var sets = new int[n][];
        for (int i0 = 0; i0 < n; i0 += ScoreKernel.RowBlock)
        {
            int rows = Math.Min(ScoreKernel.RowBlock, n - i0);
            ScoreKernel.Rows<T, TSimd, TVec>(workspace, parameters.KeyQuery is not null, i0, rows);
            for (int r = 0; r < rows; r++)
            {
                ReadOnlySpan<T> scores = workspace.Scores.Slice(r * nPad, nPad);
                int count = AttentionSetKernel.Find<T, TSimd, TVec>(scores, n, parameters.TieTolerance, workspace.Members);
                sets[i0 + r] = workspace.Members[..count].ToArray();
            }
        }
        return sets;
    }

    /// <summary>
    /// <c>z_i⁺ = z_i + α/(1+α) · mean_{j∈C_i}(z_j − z_i)</c>, the form in which a strict leader stays put exactly
    /// (same arithmetic, in the same order, as ReferenceDynamics.HardmaxStep).
    /// </summary>
    private static LayerChange<T> HardmaxRow<T, TSimd, TVec>(
        Span<T> z, int i, ReadOnlySpan<T> scores, in LayerParameters<T> parameters, Workspace<T> workspace)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVec>
        where TVec : struct
    {
        int d = workspace.D;
        Span<int> members = workspace.Members;
        int count = AttentionSetKernel.Find<T, TSimd, TVec>(scores, workspace.N, parameters.TieTolerance, members);
        ReadOnlySpan<T> old = workspace.Old;
        ReadOnlySpan<T> zi = old.Slice(i * d, d);
        Span<T> sum = workspace.Sum;
        sum.Clear();
        for (int m = 0; m < count; m++)
        {
            ReadOnlySpan<T> zj = old.Slice(members[m] * d, d);
            for (int k = 0; k < d; k++)
            {
                sum[k] += zj[k] - zi[k];
            }
        }
        return Update(z.Slice(i * d, d), zi, sum, T.CreateTruncating(count), parameters.Step);
    }

    /// <summary>
    /// <c>P_ij = exp((s_ij − m_i)/τ) / Σ_l exp((s_il − m_i)/τ)</c>; <c>z_i⁺ = z_i + α/(1+α)·(Σ_j P_ij z_j − z_i)</c>.
    /// </summary>
    /// <remarks>The row maximum is subtracted first: TensorPrimitives.SoftMax does not, and at τ = 10⁻³ it would overflow.</remarks>
    private static LayerChange<T> SoftmaxRow<T>(
        Span<T> z, int i, ReadOnlySpan<T> scores, in LayerParameters<T> parameters, Workspace<T> workspace)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = workspace.N;
        int d = workspace.D;
        int nPad = workspace.NPad;
        Span<T> weights = workspace.Weights[..n];
        ReadOnlySpan<T> s = scores[..n];
        T m = TensorPrimitives.Max(s);
        TensorPrimitives.Subtract(s, m, weights);
        TensorPrimitives.Divide(weights, parameters.Temperature, weights);
        TensorPrimitives.Exp(weights, weights);
        T total = TensorPrimitives.Sum<T>(weights);
        ReadOnlySpan<T> transposed = workspace.Transposed;
        ReadOnlySpan<T> zi = workspace.Old.Slice(i * d, d);
        Span<T> sum = workspace.Sum;
        for (int k = 0; k < d; k++)
        {
            // mean_k − z_ik, with mean_k = Σ_j P_ij z_jk.
            sum[k] = TensorPrimitives.Dot(transposed.Slice(k * nPad, n), weights) / total - zi[k];
        }
        return Update(z.Slice(i * d, d), zi, sum, T.One, parameters.Step);
    }

    /// <summary><c>z_i⁺[k] = z_i[k] + step · (sum[k] / count)</c>; also returns the change and size of the row.</summary>
    private static LayerChange<T> Update<T>(Span<T> destination, ReadOnlySpan<T> zi, ReadOnlySpan<T> sum, T count, T step)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T change = T.Zero;
        T size = T.Zero;
        for (int k = 0; k < zi.Length; k++)
        {
            T next = zi[k] + step * (sum[k] / count);
            change = T.Max(change, T.Abs(next - zi[k]));
            size = T.Max(size, T.Abs(zi[k]));
            destination[k] = next;
        }
        return new LayerChange<T>(change, size);
    }
}
