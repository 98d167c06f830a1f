using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HardmaxCore.Kernels;

/// <summary>
/// One block of rows of identity attention (SPEC §6.1): <c>x_i⁺ = Σ_j softmax_j(β·k(x_i, x_j)) x_j</c>, the softmax
/// layer of SPEC §1.3 with τ = 1/β and no residual (α/(1+α) = 1), through the same per-row arithmetic as
/// <see cref="LayerKernel"/>: <see cref="ScoreKernel"/> scores, <see cref="LayerKernel.SoftmaxWeights"/> and the
/// <see cref="RowOps"/> weighted update.
/// </summary>
/// <remarks>
/// A row's arithmetic depends only on the row and the points, never on the block it is computed in or the thread that
/// computes it, so a layer has the same bits for any number of threads.
/// </remarks>
internal static class IdentityAttentionKernel
{
    /// <summary>
    /// Rows <c>i0 .. i0+rows−1</c> (rows ≤ <see cref="ScoreKernel.RowBlock"/>) of the next layer into
    /// <paramref name="destination"/>; returns their largest move and largest <c>‖x_i‖_∞</c>.
    /// </summary>
    /// <param name="points">The layer's input, row-major n × d.</param>
    /// <param name="queries">The queries, row-major n × <paramref name="scoreDimension"/>: the points for <c>dot</c>, <c>(x_i, 1)</c> for <c>gaussian</c>.</param>
    /// <param name="transposed">The keys transposed, <paramref name="scoreDimension"/> rows of <paramref name="nPad"/>: Xᵀ, and for <c>gaussian</c> the bias row −‖x_j‖²/2.</param>
    /// <param name="d">The dimension of a point.</param>
    /// <param name="scoreDimension">d for <c>dot</c>, d + 1 for <c>gaussian</c>.</param>
    /// <param name="nPad">n rounded up to whole 512-bit vectors.</param>
    /// <param name="n">Points.</param>
    /// <param name="temperature">τ = 1/β in the working precision.</param>
    /// <param name="destination">The next layer, row-major n × d; only rows i0 .. i0+rows−1 are written.</param>
    /// <param name="i0">The first row.</param>
    /// <param name="rows">Rows in the block.</param>
    /// <param name="scratch">The calling thread's scratch.</param>
    [SkipLocalsInit]
    public static LayerChange<T> Block<T, TSimd, TVec>(
        ReadOnlySpan<T> points, ReadOnlySpan<T> queries, ReadOnlySpan<T> transposed, int d, int scoreDimension, int nPad, int n,
        T temperature, Span<T> destination, int i0, int rows, IdentityScratch<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVec>
        where TVec : struct
    {
        Span<T> maxima = stackalloc T[ScoreKernel.RowBlock];
        Span<int> counts = stackalloc int[ScoreKernel.RowBlock];
        Span<T> scores = scratch.Scores;
        // same as: s[r, j] = Dot(q_{i0+r}, key_j) — for gaussian the last FMA adds the bias: fma(1, −‖x_j‖²/2, ⟨x_i, x_j⟩).
        ScoreKernel.Rows<T, TSimd, TVec>(queries, transposed, scores, scoreDimension, nPad, i0, rows, n, maxima);
        for (int r = 0; r < rows; r++)
        {
            counts[r] = LayerKernel.SoftmaxWeights<T, TSimd, TVec>(
                scores.Slice(r * nPad, nPad), n, maxima[r], [], temperature, scratch.Members(r), scratch.Weights(r));
        }
        return WeightedUpdates(points, destination, i0, rows, d, n, counts, scratch);
    }

    /// <summary>
    /// For each row r of the block, <c>x_i⁺ = x_i + 1 · Σ_e w_e (x_{u_e} − x_i) / Σ_e w_e</c> over its kept members u_e, summed
    /// in their order: exactly LayerKernel's weighted update with step α/(1+α) = 1, row by row, bit for bit.
    /// </summary>
    /// <remarks>
    /// The rows are interleaved over the members (member e of every row, then member e + 1): each row's accumulator is a
    /// chain of dependent FMAs through memory, and four independent chains keep the FMA units busy where one would wait on
    /// each result. Every row still sees its own operations in its own order, so the interleaving changes no bit.
    /// </remarks>
    [SkipLocalsInit]
    private static LayerChange<T> WeightedUpdates<T>(
        ReadOnlySpan<T> points, Span<T> destination, int i0, int rows, int d, int n, ReadOnlySpan<int> counts, IdentityScratch<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T x = ref MemoryMarshal.GetReference(points);
        if (rows == ScoreKernel.RowBlock)
        {
            ref T x0 = ref Unsafe.Add(ref x, (nuint)(i0 * d));
            ref T x1 = ref Unsafe.Add(ref x0, (nuint)d);
            ref T x2 = ref Unsafe.Add(ref x1, (nuint)d);
            ref T x3 = ref Unsafe.Add(ref x2, (nuint)d);
            ref T s0 = ref MemoryMarshal.GetReference(scratch.Sum(0));
            ref T s1 = ref MemoryMarshal.GetReference(scratch.Sum(1));
            ref T s2 = ref MemoryMarshal.GetReference(scratch.Sum(2));
            ref T s3 = ref MemoryMarshal.GetReference(scratch.Sum(3));
            ref T w0 = ref MemoryMarshal.GetReference(scratch.Weights(0));
            ref T w1 = ref MemoryMarshal.GetReference(scratch.Weights(1));
            ref T w2 = ref MemoryMarshal.GetReference(scratch.Weights(2));
            ref T w3 = ref MemoryMarshal.GetReference(scratch.Weights(3));
            ref int m0 = ref MemoryMarshal.GetReference(scratch.Members(0));
            ref int m1 = ref MemoryMarshal.GetReference(scratch.Members(1));
            ref int m2 = ref MemoryMarshal.GetReference(scratch.Members(2));
            ref int m3 = ref MemoryMarshal.GetReference(scratch.Members(3));
            RowOps.Clear(ref s0, d);
            RowOps.Clear(ref s1, d);
            RowOps.Clear(ref s2, d);
            RowOps.Clear(ref s3, d);
            T t0 = T.Zero, t1 = T.Zero, t2 = T.Zero, t3 = T.Zero;
            int common = Math.Min(Math.Min(counts[0], counts[1]), Math.Min(counts[2], counts[3]));
            int e = 0;
            if (common == n)
            {
                // Every row kept every point: member e is point e, so x_e is loaded once for the four rows.
                for (; e < n; e++)
                {
                    ref T xe = ref Unsafe.Add(ref x, (nuint)(e * d));
                    T a0 = Unsafe.Add(ref w0, e), a1 = Unsafe.Add(ref w1, e), a2 = Unsafe.Add(ref w2, e), a3 = Unsafe.Add(ref w3, e);
                    RowOps.AddScaledDifference(ref s0, ref xe, ref x0, a0, d);
                    RowOps.AddScaledDifference(ref s1, ref xe, ref x1, a1, d);
                    RowOps.AddScaledDifference(ref s2, ref xe, ref x2, a2, d);
                    RowOps.AddScaledDifference(ref s3, ref xe, ref x3, a3, d);
                    t0 += a0;
                    t1 += a1;
                    t2 += a2;
                    t3 += a3;
                }
            }
            else
            {
                for (; e < common; e++)
                {
                    T a0 = Unsafe.Add(ref w0, e), a1 = Unsafe.Add(ref w1, e), a2 = Unsafe.Add(ref w2, e), a3 = Unsafe.Add(ref w3, e);
                    RowOps.AddScaledDifference(ref s0, ref Unsafe.Add(ref x, (nuint)(Unsafe.Add(ref m0, e) * d)), ref x0, a0, d);
                    RowOps.AddScaledDifference(ref s1, ref Unsafe.Add(ref x, (nuint)(Unsafe.Add(ref m1, e) * d)), ref x1, a1, d);
                    RowOps.AddScaledDifference(ref s2, ref Unsafe.Add(ref x, (nuint)(Unsafe.Add(ref m2, e) * d)), ref x2, a2, d);
                    RowOps.AddScaledDifference(ref s3, ref Unsafe.Add(ref x, (nuint)(Unsafe.Add(ref m3, e) * d)), ref x3, a3, d);
                    t0 += a0;
                    t1 += a1;
                    t2 += a2;
                    t3 += a3;
                }
            }
            // The members past the shortest row's, row by row (the same order as one row alone).
            t0 = Rest(ref x, ref x0, ref s0, ref m0, ref w0, common, counts[0], t0, d);
            t1 = Rest(ref x, ref x1, ref s1, ref m1, ref w1, common, counts[1], t1, d);
            t2 = Rest(ref x, ref x2, ref s2, ref m2, ref w2, common, counts[2], t2, d);
            t3 = Rest(ref x, ref x3, ref s3, ref m3, ref w3, common, counts[3], t3, d);
            LayerChange<T> c0 = Finish(points, destination, i0, scratch.Sum(0), t0, d);
            LayerChange<T> c1 = Finish(points, destination, i0 + 1, scratch.Sum(1), t1, d);
            LayerChange<T> c2 = Finish(points, destination, i0 + 2, scratch.Sum(2), t2, d);
            LayerChange<T> c3 = Finish(points, destination, i0 + 3, scratch.Sum(3), t3, d);
            return new LayerChange<T>(
                T.Max(T.Max(c0.Change, c1.Change), T.Max(c2.Change, c3.Change)), T.Max(T.Max(c0.Size, c1.Size), T.Max(c2.Size, c3.Size)));
        }
        T change = T.Zero;
        T size = T.Zero;
        for (int r = 0; r < rows; r++)
        {
            ref T sum = ref MemoryMarshal.GetReference(scratch.Sum(r));
            RowOps.Clear(ref sum, d);
            T total = Rest(
                ref x, ref Unsafe.Add(ref x, (nuint)((i0 + r) * d)), ref sum, ref MemoryMarshal.GetReference(scratch.Members(r)),
                ref MemoryMarshal.GetReference(scratch.Weights(r)), 0, counts[r], T.Zero, d);
            LayerChange<T> row = Finish(points, destination, i0 + r, scratch.Sum(r), total, d);
            change = T.Max(change, row.Change);
            size = T.Max(size, row.Size);
        }
        return new LayerChange<T>(change, size);
    }

    /// <summary>Members <c>from .. count−1</c> of one row into its accumulator; returns the running total of the weights.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Rest<T>(ref T x, ref T xi, ref T sum, ref int members, ref T weights, int from, int count, T total, int d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int e = from; e < count; e++)
        {
            T w = Unsafe.Add(ref weights, e);
            RowOps.AddScaledDifference(ref sum, ref Unsafe.Add(ref x, (nuint)(Unsafe.Add(ref members, e) * d)), ref xi, w, d);
            total += w;
        }
        return total;
    }

    /// <summary><c>x_i⁺ = x_i + 1·(sum/total)</c> into row i of the destination, measured.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static LayerChange<T> Finish<T>(ReadOnlySpan<T> points, Span<T> destination, int i, ReadOnlySpan<T> sum, T total, int d)
        where T : unmanaged, IFloatingPointIeee754<T>
        => RowOps.UpdateMeasured(destination.Slice(i * d, d), points.Slice(i * d, d), sum, total, T.One);
}
