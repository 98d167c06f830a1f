using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HardmaxCore.Kernels;

/// <summary>
/// One panel of rows of identity attention (SPEC §6.1): <c>x_i⁺ = Σ_j softmax_j(β·k(x_i, x_j)) x_j</c>, the softmax
/// layer of SPEC §1.3 with τ = 1/β and no residual (α/(1+α) = 1), through the same per-row arithmetic as
/// <see cref="LayerKernel"/>: <see cref="ScoreKernel"/> scores, <see cref="LayerKernel.SoftmaxWeights"/> and the
/// <see cref="RowOps{T, TSimd, TVec}"/> weighted update.
/// </summary>
/// <remarks>
/// <para>A row's arithmetic depends only on the row and the points, never on the panel or tile it is computed in or the
/// thread that computes it, so a layer has the same bits for any number of threads and any tile size.</para>
/// <para>Large clouds are cut into tiles of columns so that the scores, weights and keys being used stay in the core's
/// cache: a first pass takes each row's maximum over every tile (a maximum is exact in any order), a second recomputes
/// each tile's scores (the same FMA chains, so the same bits) and continues each row's sums over the tile's kept members
/// in ascending order — the chain of the untiled computation, cut into pieces.</para>
/// </remarks>
internal static class IdentityAttentionKernel
{
    /// <summary>Rows of a panel: each tile of keys is read once for all of them (64 measured as fast as 128, and faster than 32).</summary>
    public const int PanelRows = 64;

    /// <summary>
    /// The largest scratch of a block of rows computed in one piece (its scores, weights and members, <see cref="BlockBytes"/>):
    /// 2 MiB, past which the tiled computation pays (float, d = 16, 2 cores, gaussian kernel on a 4-component mixture:
    /// the same time at n = 40,000; at n = 100,000 18 s a layer against about 28 s in one piece).
    /// </summary>
    public const long UntiledBytes = 2L << 20;

    /// <summary>
    /// Columns per tile when a cloud is tiled (a multiple of every vector width). Measured at n = 100,000 (2 cores):
    /// 1024 → 24 s a layer, 2048 → 23 s, 4096 → 20–22 s, 8192 → 18–19 s, 16384 → 21–22 s.
    /// </summary>
    public const int TileColumns = 8192;

    /// <summary>The scratch a block of rows uses when each row is computed in one piece: scores, weights and members of n columns.</summary>
    public static long BlockBytes<T>(int n)
        where T : unmanaged
        => (long)ScoreKernel.RowBlock * n * (2 * Unsafe.SizeOf<T>() + sizeof(int));

    /// <summary>Columns per tile for a cloud of n points: n (one piece) while <see cref="BlockBytes{T}"/> ≤ <see cref="UntiledBytes"/>, else <see cref="TileColumns"/>.</summary>
    public static int TileFor<T>(int n)
        where T : unmanaged
        => BlockBytes<T>(n) <= UntiledBytes ? n : TileColumns;

    /// <summary>
    /// Rows <c>i0 .. i0+rows−1</c> (rows ≤ <see cref="PanelRows"/>) of the next layer into <paramref name="destination"/>;
    /// returns their largest move and largest <c>‖x_i‖_∞</c>.
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
    /// <param name="rows">Rows in the panel.</param>
    /// <param name="tile">Columns per tile (a multiple of 64); n or more computes each row in one piece.</param>
    /// <param name="scratch">The calling thread's scratch.</param>
    [SkipLocalsInit]
    public static LayerChange<T> Panel<T, TSimd, TVec>(
        ReadOnlySpan<T> points, ReadOnlySpan<T> queries, ReadOnlySpan<T> transposed, int d, int scoreDimension, int nPad, int n,
        T temperature, Span<T> destination, int i0, int rows, int tile, IdentityScratch<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVec>
        where TVec : struct
    {
        const int Block = ScoreKernel.RowBlock;
        Span<T> maxima = scratch.Maxima;
        Span<T> totals = scratch.Totals;
        Span<T> scores = scratch.Scores;
        totals[..rows].Clear();
        RowOps<T, TSimd, TVec>.Clear(ref MemoryMarshal.GetReference(scratch.Sum(0)), rows * d);
        if (tile >= n)
        {
            // One piece: each block's scores are used at once, with the maxima the score kernel takes on the way.
            for (int g = 0; g < rows; g += Block)
            {
                int blockRows = Math.Min(Block, rows - g);
                ScoreKernel.Rows<T, TSimd, TVec>(queries, transposed, scores, scoreDimension, nPad, i0 + g, blockRows, n, maxima.Slice(g, blockRows));
                Accumulate<T, TSimd, TVec>(points, d, nPad, temperature, i0, g, blockRows, 0, n, maxima, scratch);
            }
        }
        else
        {
            Span<T> tileMaxima = stackalloc T[Block];
            maxima[..rows].Fill(T.NegativeInfinity);
            for (int c0 = 0; c0 < n; c0 += tile)
            {
                int columns = Math.Min(tile, n - c0);
                for (int g = 0; g < rows; g += Block)
                {
                    int blockRows = Math.Min(Block, rows - g);
                    ScoreKernel.Rows<T, TSimd, TVec>(queries, transposed[c0..], scores, scoreDimension, nPad, i0 + g, blockRows, columns, tileMaxima);
                    for (int r = 0; r < blockRows; r++)
                    {
                        maxima[g + r] = T.Max(maxima[g + r], tileMaxima[r]);
                    }
                }
            }
            for (int c0 = 0; c0 < n; c0 += tile)
            {
                int columns = Math.Min(tile, n - c0);
                for (int g = 0; g < rows; g += Block)
                {
                    int blockRows = Math.Min(Block, rows - g);
                    ScoreKernel.Rows<T, TSimd, TVec>(queries, transposed[c0..], scores, scoreDimension, nPad, i0 + g, blockRows, columns, tileMaxima);
                    Accumulate<T, TSimd, TVec>(points, d, nPad, temperature, i0, g, blockRows, c0, columns, maxima, scratch);
                }
            }
        }
        T change = T.Zero;
        T size = T.Zero;
        for (int r = 0; r < rows; r++)
        {
            int i = i0 + r;
            LayerChange<T> row = RowOps<T, TSimd, TVec>.UpdateMeasured(
                ref destination[i * d], ref MemoryMarshal.GetReference(points.Slice(i * d, d)), ref MemoryMarshal.GetReference(scratch.Sum(r)), totals[r], T.One, d);
            change = T.Max(change, row.Change);
            size = T.Max(size, row.Size);
        }
        return new LayerChange<T>(change, size);
    }

    /// <summary>
    /// For the block of rows <c>g .. g+rows−1</c> of the panel, whose scores against columns <c>c0 .. c0+columns−1</c> are in the
    /// scratch: the kept members of the tile and their weights <c>exp((s_ij − m_i)/τ)</c> with the row's maximum m_i over all
    /// columns, then each row's sums continued over them, <c>acc = fma(w_j, x_j − x_i, acc)</c> and <c>t += w_j</c> in ascending j.
    /// </summary>
    [SkipLocalsInit]
    private static void Accumulate<T, TSimd, TVec>(
        ReadOnlySpan<T> points, int d, int nPad, T temperature, int i0, int g, int rows, int c0, int columns, ReadOnlySpan<T> maxima,
        IdentityScratch<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVec>
        where TVec : struct
    {
        const int Block = ScoreKernel.RowBlock;
        Span<int> counts = stackalloc int[Block];
        Span<T> scores = scratch.Scores;
        for (int r = 0; r < rows; r++)
        {
            counts[r] = LayerKernel.SoftmaxWeights<T, TSimd, TVec>(
                scores.Slice(r * nPad, nPad), columns, maxima[g + r], [], temperature, scratch.Members(r), scratch.Weights(r), fillWhenAllKept: false);
        }
        bool allKept = rows == Block && counts[0] == columns && counts[1] == columns && counts[2] == columns && counts[3] == columns;
        for (int r = 0; r < rows && !allKept; r++)
        {
            if (counts[r] == columns)
            {
                // This row kept every column but another did not: its members are read, so write them (0 .. columns−1).
                AttentionSetKernel.Consecutive(ref MemoryMarshal.GetReference(scratch.Members(r)), 0, columns);
            }
        }
        ref T x = ref MemoryMarshal.GetReference(points);
        Span<T> totals = scratch.Totals.Slice(g, rows);
        int common = 0;
        if (rows == Block)
        {
            common = Math.Min(Math.Min(counts[0], counts[1]), Math.Min(counts[2], counts[3]));
            bool all = common == columns; // then member e is column c0 + e in every row
            int k = 0;
            for (; k + TSimd.Count <= d; k += TSimd.Count)
            {
                Four<T, TSimd, TVec>(ref x, d, k, i0 + g, g, c0, common, all, k == 0, scratch, totals);
            }
            for (; k < d; k++)
            {
                Four<T, ScalarSimd<T>, T>(ref x, d, k, i0 + g, g, c0, common, all, k == 0, scratch, totals);
            }
        }
        for (int r = 0; r < rows; r++)
        {
            // The members past the shortest row's (or all of them, in a short block), row by row.
            if (counts[r] > common)
            {
                int k = 0;
                for (; k + TSimd.Count <= d; k += TSimd.Count)
                {
                    totals[r] = One<T, TSimd, TVec>(ref x, d, k, i0 + g + r, c0, common, counts[r], k == 0, scratch.Sum(g + r), scratch.Members(r), scratch.Weights(r), totals[r]);
                }
                for (; k < d; k++)
                {
                    totals[r] = One<T, ScalarSimd<T>, T>(ref x, d, k, i0 + g + r, c0, common, counts[r], k == 0, scratch.Sum(g + r), scratch.Members(r), scratch.Weights(r), totals[r]);
                }
            }
        }
    }

    /// <summary>
    /// Coordinates <c>k .. k+W−1</c> of the sums of the four rows <c>i .. i+3</c> (panel rows <c>g .. g+3</c>), continued over
    /// the tile's members <c>0 .. count−1</c> (column c0 + member); with <paramref name="withTotals"/> also the totals of the weights.
    /// </summary>
    /// <remarks>
    /// Per coordinate the chain is <c>acc = fma(w_e, x_{u_e,k} − x_{i,k}, acc)</c> in ascending e, as in
    /// <see cref="RowOps{T, TSimd, TVec}.AddScaledDifference"/>, and the total <c>t += w_e</c>; only the loop order differs: a
    /// vector of coordinates of four rows is kept in registers over all members (member e of every row, then e + 1), instead of
    /// one row's d coordinates going through memory per member, whose store-to-load chain would leave the FMA units idle.
    /// The difference is formed as <c>fma(−1, x_i, x_j)</c>, the exact difference rounded once: the same value as <c>x_j − x_i</c>.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Four<T, TSimd, TVec>(
        ref T x, int d, int k, int i, int g, int c0, int count, bool all, bool withTotals, IdentityScratch<T> scratch, Span<T> totals)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVec>
        where TVec : struct
    {
        nuint stride = (nuint)d;
        ref T column = ref Unsafe.Add(ref x, (nuint)k);
        ref T tile = ref Unsafe.Add(ref column, (nuint)c0 * stride);
        TVec minusOne = TSimd.Broadcast(T.NegativeOne);
        TVec x0 = TSimd.Load(ref column, (nuint)i * stride);
        TVec x1 = TSimd.Load(ref column, (nuint)(i + 1) * stride);
        TVec x2 = TSimd.Load(ref column, (nuint)(i + 2) * stride);
        TVec x3 = TSimd.Load(ref column, (nuint)(i + 3) * stride);
        ref T s0 = ref MemoryMarshal.GetReference(scratch.Sum(g));
        ref T s1 = ref MemoryMarshal.GetReference(scratch.Sum(g + 1));
        ref T s2 = ref MemoryMarshal.GetReference(scratch.Sum(g + 2));
        ref T s3 = ref MemoryMarshal.GetReference(scratch.Sum(g + 3));
        TVec a0 = TSimd.Load(ref s0, (nuint)k), a1 = TSimd.Load(ref s1, (nuint)k), a2 = TSimd.Load(ref s2, (nuint)k), a3 = TSimd.Load(ref s3, (nuint)k);
        ref T w0 = ref MemoryMarshal.GetReference(scratch.Weights(0));
        ref T w1 = ref MemoryMarshal.GetReference(scratch.Weights(1));
        ref T w2 = ref MemoryMarshal.GetReference(scratch.Weights(2));
        ref T w3 = ref MemoryMarshal.GetReference(scratch.Weights(3));
        T t0 = totals[0], t1 = totals[1], t2 = totals[2], t3 = totals[3];
        if (all)
        {
            for (int e = 0; e < count; e++)
            {
                TVec xe = TSimd.Load(ref tile, (nuint)e * stride);
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
                a0 = TSimd.MultiplyAdd(TSimd.Broadcast(b0), TSimd.MultiplyAdd(minusOne, x0, TSimd.Load(ref tile, (nuint)Unsafe.Add(ref m0, e) * stride)), a0);
                a1 = TSimd.MultiplyAdd(TSimd.Broadcast(b1), TSimd.MultiplyAdd(minusOne, x1, TSimd.Load(ref tile, (nuint)Unsafe.Add(ref m1, e) * stride)), a1);
                a2 = TSimd.MultiplyAdd(TSimd.Broadcast(b2), TSimd.MultiplyAdd(minusOne, x2, TSimd.Load(ref tile, (nuint)Unsafe.Add(ref m2, e) * stride)), a2);
                a3 = TSimd.MultiplyAdd(TSimd.Broadcast(b3), TSimd.MultiplyAdd(minusOne, x3, TSimd.Load(ref tile, (nuint)Unsafe.Add(ref m3, e) * stride)), a3);
                if (withTotals)
                {
                    t0 += b0;
                    t1 += b1;
                    t2 += b2;
                    t3 += b3;
                }
            }
        }
        TSimd.Store(a0, ref s0, (nuint)k);
        TSimd.Store(a1, ref s1, (nuint)k);
        TSimd.Store(a2, ref s2, (nuint)k);
        TSimd.Store(a3, ref s3, (nuint)k);
        if (withTotals)
        {
            totals[0] = t0;
            totals[1] = t1;
            totals[2] = t2;
            totals[3] = t3;
        }
    }

    /// <summary>
    /// Coordinates <c>k .. k+W−1</c> of row i's sum continued over the tile's members <c>from .. count−1</c> (column c0 + member);
    /// returns the continued total when <paramref name="withTotal"/>, else <paramref name="total"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static T One<T, TSimd, TVec>(
        ref T x, int d, int k, int i, int c0, int from, int count, bool withTotal, Span<T> sum, ReadOnlySpan<int> members, ReadOnlySpan<T> weights, T total)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVec>
        where TVec : struct
    {
        nuint stride = (nuint)d;
        ref T column = ref Unsafe.Add(ref x, (nuint)k);
        ref T tile = ref Unsafe.Add(ref column, (nuint)c0 * stride);
        ref T s = ref MemoryMarshal.GetReference(sum);
        TVec xi = TSimd.Load(ref column, (nuint)i * stride);
        TVec a = TSimd.Load(ref s, (nuint)k);
        TVec minusOne = TSimd.Broadcast(T.NegativeOne);
        ref T w = ref MemoryMarshal.GetReference(weights);
        ref int m = ref MemoryMarshal.GetReference(members);
        T t = total;
        for (int e = from; e < count; e++)
        {
            T b = Unsafe.Add(ref w, e);
            a = TSimd.MultiplyAdd(TSimd.Broadcast(b), TSimd.MultiplyAdd(minusOne, xi, TSimd.Load(ref tile, (nuint)Unsafe.Add(ref m, e) * stride)), a);
            if (withTotal)
            {
                t += b;
            }
        }
        TSimd.Store(a, ref s, (nuint)k);
        return withTotal ? t : total;
    }
}
