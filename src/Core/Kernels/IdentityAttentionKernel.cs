using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HardmaxCore.Kernels;

/// <summary>
/// One block of rows of identity attention (SPEC §6.1): <c>x_i⁺ = Σ_j softmax_j(β·k(x_i, x_j)) x_j</c>, the softmax
/// layer of SPEC §1.3 with τ = 1/β and no residual (α/(1+α) = 1), through the same per-row arithmetic as
/// <see cref="LayerKernel"/>: <see cref="ScoreKernel"/> scores, <see cref="LayerKernel.SoftmaxWeights"/> and the
/// <see cref="RowOps{T, TSimd, TVec}"/> weighted update.
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
                scores.Slice(r * nPad, nPad), n, maxima[r], [], temperature, scratch.Members(r), scratch.Weights(r), fillWhenAllKept: false);
        }
        bool allKept = rows == ScoreKernel.RowBlock && counts[0] == n && counts[1] == n && counts[2] == n && counts[3] == n;
        for (int r = 0; r < rows && !allKept; r++)
        {
            if (counts[r] == n)
            {
                // This row kept every point but another did not: its members are read, so write them (0 .. n−1).
                Span<int> members = scratch.Members(r);
                for (int e = 0; e < n; e++)
                {
                    members[e] = e;
                }
            }
        }
        return WeightedUpdates<T, TSimd, TVec>(points, destination, i0, rows, d, n, counts, scratch);
    }

    /// <summary>
    /// For each row r of the block, <c>x_i⁺ = x_i + 1 · Σ_e w_e (x_{u_e} − x_i) / Σ_e w_e</c> over its kept members u_e, summed
    /// in their order: exactly LayerKernel's weighted update (RowOps) with step α/(1+α) = 1, row by row, bit for bit.
    /// </summary>
    /// <remarks>
    /// Per coordinate k the accumulator is the same chain <c>acc = fma(w_e, x_{u_e,k} − x_{i,k}, acc)</c> in ascending e as
    /// <see cref="RowOps{T, TSimd, TVec}.AddScaledDifference"/>, and the total the same chain <c>t += w_e</c>; only the loop order differs: a
    /// vector of coordinates of four rows is kept in registers over all members (member e of every row, then e + 1), instead of
    /// one row's d coordinates going through memory per member, whose store-to-load chain would leave the FMA units idle.
    /// The difference is formed as <c>fma(−1, x_i, x_j)</c>, the exact difference rounded once: the same value as <c>x_j − x_i</c>.
    /// </remarks>
    [SkipLocalsInit]
    private static LayerChange<T> WeightedUpdates<T, TSimd, TVec>(
        ReadOnlySpan<T> points, Span<T> destination, int i0, int rows, int d, int n, ReadOnlySpan<int> counts, IdentityScratch<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVec>
        where TVec : struct
    {
        ref T x = ref MemoryMarshal.GetReference(points);
        Span<T> totals = stackalloc T[ScoreKernel.RowBlock];
        totals.Clear();
        int common = 0;
        if (rows == ScoreKernel.RowBlock)
        {
            common = Math.Min(Math.Min(counts[0], counts[1]), Math.Min(counts[2], counts[3]));
            bool all = common == n; // then member e is point e in every row
            int k = 0;
            for (; k + TSimd.Count <= d; k += TSimd.Count)
            {
                Four<T, TSimd, TVec>(ref x, d, k, i0, common, all, k == 0, scratch, totals);
            }
            for (; k < d; k++)
            {
                Four<T, ScalarSimd<T>, T>(ref x, d, k, i0, common, all, k == 0, scratch, totals);
            }
        }
        else
        {
            for (int r = 0; r < rows; r++)
            {
                RowOps<T, TSimd, TVec>.Clear(ref MemoryMarshal.GetReference(scratch.Sum(r)), d);
            }
        }
        T change = T.Zero;
        T size = T.Zero;
        for (int r = 0; r < rows; r++)
        {
            // The members past the shortest row's (or all of them, in a short block), row by row.
            if (counts[r] > common)
            {
                int k = 0;
                for (; k + TSimd.Count <= d; k += TSimd.Count)
                {
                    totals[r] = One<T, TSimd, TVec>(ref x, d, k, i0 + r, common, counts[r], k == 0, scratch.Sum(r), scratch.Members(r), scratch.Weights(r), totals[r]);
                }
                for (; k < d; k++)
                {
                    totals[r] = One<T, ScalarSimd<T>, T>(ref x, d, k, i0 + r, common, counts[r], k == 0, scratch.Sum(r), scratch.Members(r), scratch.Weights(r), totals[r]);
                }
            }
            int i = i0 + r;
            LayerChange<T> row = RowOps<T, TSimd, TVec>.UpdateMeasured(
                ref destination[i * d], ref MemoryMarshal.GetReference(points.Slice(i * d, d)), ref MemoryMarshal.GetReference(scratch.Sum(r)), totals[r], T.One, d);
            change = T.Max(change, row.Change);
            size = T.Max(size, row.Size);
        }
        return new LayerChange<T>(change, size);
    }

    /// <summary>
    /// Coordinates <c>k .. k+W−1</c> of the accumulators of the four rows of the block, over members <c>0 .. count−1</c>, from zero;
    /// with <paramref name="withTotals"/> also the running totals of the weights.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Four<T, TSimd, TVec>(
        ref T x, int d, int k, int i0, int count, bool all, bool withTotals, IdentityScratch<T> scratch, Span<T> totals)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVec>
        where TVec : struct
    {
        nuint stride = (nuint)d;
        ref T column = ref Unsafe.Add(ref x, (nuint)k);
        TVec minusOne = TSimd.Broadcast(T.NegativeOne);
        TVec x0 = TSimd.Load(ref column, (nuint)i0 * stride);
        TVec x1 = TSimd.Load(ref column, (nuint)(i0 + 1) * stride);
        TVec x2 = TSimd.Load(ref column, (nuint)(i0 + 2) * stride);
        TVec x3 = TSimd.Load(ref column, (nuint)(i0 + 3) * stride);
        TVec a0 = TSimd.Zero, a1 = TSimd.Zero, a2 = TSimd.Zero, a3 = TSimd.Zero;
        ref T w0 = ref MemoryMarshal.GetReference(scratch.Weights(0));
        ref T w1 = ref MemoryMarshal.GetReference(scratch.Weights(1));
        ref T w2 = ref MemoryMarshal.GetReference(scratch.Weights(2));
        ref T w3 = ref MemoryMarshal.GetReference(scratch.Weights(3));
        T t0 = T.Zero, t1 = T.Zero, t2 = T.Zero, t3 = T.Zero;
        if (all)
        {
            for (int e = 0; e < count; e++)
            {
                TVec xe = TSimd.Load(ref column, (nuint)e * stride);
                T b0 = Unsafe.Add(ref w0, e), b1 = Unsafe.Add(ref w1, e), b2 = Unsafe.Add(ref w2, e), b3 = Unsafe.Add(ref w3, e);
                a0 = TSimd.MultiplyAdd(TSimd.Broadcast(b0), TSimd.MultiplyAdd(minusOne, x0, xe), a0);
                a1 = TSimd.MultiplyAdd(TSimd.Broadcast(b1), TSimd.MultiplyAdd(minusOne, x1, xe), a1);
                a2 = TSimd.MultiplyAdd(TSimd.Broadcast(b2), TSimd.MultiplyAdd(minusOne, x2, xe), a2);
                a3 = TSimd.MultiplyAdd(TSimd.Broadcast(b3), TSimd.MultiplyAdd(minusOne, x3, xe), a3);
                if (withTotals)
                {
                    t0 += b0;
                    t1 += b1;
                    t2 += b2;
                    t3 += b3;
                }
            }
        }
        else
        {
            ref int m0 = ref MemoryMarshal.GetReference(scratch.Members(0));
            ref int m1 = ref MemoryMarshal.GetReference(scratch.Members(1));
            ref int m2 = ref MemoryMarshal.GetReference(scratch.Members(2));
            ref int m3 = ref MemoryMarshal.GetReference(scratch.Members(3));
            for (int e = 0; e < count; e++)
            {
                T b0 = Unsafe.Add(ref w0, e), b1 = Unsafe.Add(ref w1, e), b2 = Unsafe.Add(ref w2, e), b3 = Unsafe.Add(ref w3, e);
                a0 = TSimd.MultiplyAdd(TSimd.Broadcast(b0), TSimd.MultiplyAdd(minusOne, x0, TSimd.Load(ref column, (nuint)Unsafe.Add(ref m0, e) * stride)), a0);
                a1 = TSimd.MultiplyAdd(TSimd.Broadcast(b1), TSimd.MultiplyAdd(minusOne, x1, TSimd.Load(ref column, (nuint)Unsafe.Add(ref m1, e) * stride)), a1);
                a2 = TSimd.MultiplyAdd(TSimd.Broadcast(b2), TSimd.MultiplyAdd(minusOne, x2, TSimd.Load(ref column, (nuint)Unsafe.Add(ref m2, e) * stride)), a2);
                a3 = TSimd.MultiplyAdd(TSimd.Broadcast(b3), TSimd.MultiplyAdd(minusOne, x3, TSimd.Load(ref column, (nuint)Unsafe.Add(ref m3, e) * stride)), a3);
                if (withTotals)
                {
                    t0 += b0;
                    t1 += b1;
                    t2 += b2;
                    t3 += b3;
                }
            }
        }
        TSimd.Store(a0, ref MemoryMarshal.GetReference(scratch.Sum(0)), (nuint)k);
        TSimd.Store(a1, ref MemoryMarshal.GetReference(scratch.Sum(1)), (nuint)k);
        TSimd.Store(a2, ref MemoryMarshal.GetReference(scratch.Sum(2)), (nuint)k);
        TSimd.Store(a3, ref MemoryMarshal.GetReference(scratch.Sum(3)), (nuint)k);
        if (withTotals)
        {
            totals[0] = t0;
            totals[1] = t1;
            totals[2] = t2;
            totals[3] = t3;
        }
    }

    /// <summary>
    /// Coordinates <c>k .. k+W−1</c> of one row's accumulator over members <c>from .. count−1</c>, continuing from the stored sum
    /// (from zero when <paramref name="from"/> is 0); returns the running total when <paramref name="withTotal"/>, else <paramref name="total"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static T One<T, TSimd, TVec>(
        ref T x, int d, int k, int i, int from, int count, bool withTotal, Span<T> sum, ReadOnlySpan<int> members, ReadOnlySpan<T> weights, T total)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVec>
        where TVec : struct
    {
        nuint stride = (nuint)d;
        ref T column = ref Unsafe.Add(ref x, (nuint)k);
        ref T s = ref MemoryMarshal.GetReference(sum);
        TVec xi = TSimd.Load(ref column, (nuint)i * stride);
        TVec a = from == 0 ? TSimd.Zero : TSimd.Load(ref s, (nuint)k);
        TVec minusOne = TSimd.Broadcast(T.NegativeOne);
        ref T w = ref MemoryMarshal.GetReference(weights);
        ref int m = ref MemoryMarshal.GetReference(members);
        T t = total;
        for (int e = from; e < count; e++)
        {
            T b = Unsafe.Add(ref w, e);
            a = TSimd.MultiplyAdd(TSimd.Broadcast(b), TSimd.MultiplyAdd(minusOne, xi, TSimd.Load(ref column, (nuint)Unsafe.Add(ref m, e) * stride)), a);
            if (withTotal)
            {
                t += b;
            }
        }
        TSimd.Store(a, ref s, (nuint)k);
        return withTotal ? t : total;
    }
}
