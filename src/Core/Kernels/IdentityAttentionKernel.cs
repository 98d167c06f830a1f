using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace HardmaxCore.Kernels;

/// <summary>
/// One panel of rows of identity attention (SPEC §6.1): <c>x_i⁺ = Σ_j softmax_j(β·k(x_i, x_j)) x_j</c>, the softmax
/// layer of SPEC §1.3 with τ = 1/β and no residual (α/(1+α) = 1), fused: each block of four rows streams the columns once,
/// and for each chunk of two vectors of columns computes the scores (FMA chains in ascending k, as <see cref="ScoreKernel"/>),
/// their weights and the rows' weighted sums while the scores are still in registers. No score is stored or recomputed.
/// </summary>
/// <remarks>
/// <para><b>The shift.</b> The softmax is invariant to the constant subtracted from a row's scores; instead of the row maximum
/// (which needs a pass of its own) the kernel subtracts the row's own score <c>c_i = s_ii</c> (computed by the same FMA chain,
/// so column i's weight is exactly <c>exp(0) = 1</c>): <c>w_ij = exp((s_ij − c_i)·β)</c>. For the gaussian kernel
/// <c>s_ij − s_ii = −‖x_i − x_j‖²/2 ≤ 0</c>, so <c>c_i</c> is the maximum up to rounding; for dot it is below the maximum by
/// <c>max_j ⟨x_i, x_j − x_i⟩</c>. The pass also takes the row maximum m_i (exact in any order); a row with
/// <c>(m_i − c_i)·β &gt; </c><see cref="ShiftSlack"/> (weights up to e^16 would follow) is computed again with <c>c_i = m_i</c>.
/// Weights with <c>(s_ij − c_i)·β</c> below −<see cref="Cutoff{T}"/> (under the smallest normal number, and at least e^−87
/// below the largest weight) are skipped.</para>
/// <para><b>The sums.</b> Per coordinate <c>acc = fma(w_j, x_j − x_i, acc)</c> (the exact difference rounded once) over the kept
/// columns in ascending j, in <see cref="Chains"/> chains (column j in chain j mod 4) joined at the end by <c>(acc_0 + acc_1) + (acc_2 + acc_3)</c>. The total <c>t = Σ_j w_j</c> in
/// <see cref="TotalLanes"/> partial sums fixed by the column, <c>p_l = Σ_{j ≡ l (mod 16)} w_j</c> in ascending j (a dropped
/// weight adds 0), made while the weights are in registers, and joined by the fixed tree of <see cref="Total{T}"/>; then
/// <c>x_i⁺ = x_i + acc / t</c>. Lanes run over coordinates, so no horizontal sum is needed.</para>
/// <para><b>Same bits everywhere.</b> A row's arithmetic depends only on the row and the points: scores, weights (the
/// exponential of <see cref="Exponential.ExpInRange{TVec}"/>, the same bits at every width), the chains in ascending j.
/// A last odd vector of columns is a chunk of one vector; the columns a vector leaves over are done with single lanes (the
/// same operations); a 512-bit vector of floats holds the 16 partials of the total (in a register for the whole strip), a
/// 256-bit one half of them, a single lane one; tiles start at multiples of 16 columns. So the width, the tile, the panel and
/// the thread change no bit.</para>
/// <para>Large clouds are cut into tiles of columns so that what a panel works on stays in the core's cache; a row's chains
/// simply continue from tile to tile. A cloud too large for the shared cache gets panels of <see cref="PanelRows"/> rows
/// (<see cref="PanelRowsFor{T}"/>), so each tile comes from memory once per 256 rows. The points, queries, keys and the
/// strip's weights start on 64-byte boundaries (<see cref="AlignedBuffer{T}"/>): no whole-vector load straddles two cache lines.</para>
/// </remarks>
internal static class IdentityAttentionKernel
{
    /// <summary>
    /// The most rows of a panel (each tile of keys and points is brought into the core's cache once for all of them; the
    /// scratch is sized for this many). <see cref="PanelRowsFor{T}"/> picks a panel's rows; the panel changes no bit.
    /// </summary>
    public const int PanelRows = 256;

    /// <summary>Rows of a panel for a cloud whose keys and points fit in <see cref="CachedBytes"/>: finer panels share the work between threads more evenly.</summary>
    public const int SmallPanelRows = 64;

    /// <summary>
    /// Keys and points up to this many bytes are taken to stay in the shared cache from panel to panel; a larger cloud comes
    /// from memory once per panel, so it gets panels of <see cref="PanelRows"/> rows (a quarter of the traffic per pair).
    /// </summary>
    public const long CachedBytes = 4L << 20;

    /// <summary>Columns per tile: keys and points of a tile take 2·4096·d·4 bytes (512 KiB at d = 16, float), within a 1 MiB L2.</summary>
    public const int TileColumns = 4096;

    /// <summary>A row whose largest <c>(s_ij − c_i)·β</c> exceeds this is computed again with the row maximum as the shift.</summary>
    public const double ShiftSlack = 16;

    /// <summary>
    /// Partial sums of a row's total weight: column j goes to partial <c>j mod 16</c> (<c>TotalLanes</c> is a multiple of every
    /// vector width, so a vector of columns starting at a multiple of its width adds lane by lane into consecutive partials).
    /// </summary>
    public const int TotalLanes = 16;

    /// <summary>Chains of a row's weighted sum per coordinate: column j goes to chain <c>j mod 4</c> (hides the FMA latency).</summary>
    public const int Chains = 4;

    /// <summary>Rows computed together (sharing each load of the keys and of the points).</summary>
    public const int Block = 4;

    /// <summary>Columns whose weights are made before they are summed (a multiple of every chunk: 4 rows × 256 floats = 4 KiB, in L1).</summary>
    private const int Strip = 256;

    /// <summary>
    /// Rows per panel for n points with d coordinates and <paramref name="scoreDimension"/> rows of keys:
    /// <see cref="SmallPanelRows"/> when keys and points take at most <see cref="CachedBytes"/>, else <see cref="PanelRows"/>.
    /// </summary>
    public static int PanelRowsFor<T>(int n, int d, int scoreDimension)
        where T : unmanaged
        => (long)n * (d + scoreDimension) * Unsafe.SizeOf<T>() <= CachedBytes ? SmallPanelRows : PanelRows;

    /// <summary>Columns per tile for a cloud of n points: <see cref="TileColumns"/> (n or fewer: one piece).</summary>
    public static int TileFor<T>(int n)
        where T : unmanaged
        => TileColumns;

    /// <summary>Weights below <c>e^−cutoff</c> are skipped: 87 in float, 708 in double (the exponential's vector range starts there).</summary>
    public static T Cutoff<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
        => T.CreateTruncating(typeof(T) == typeof(float) ? -(double)Exponential.FloatLow : 708);

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
    /// <param name="beta">β in the working precision.</param>
    /// <param name="destination">The next layer, row-major n × d; only rows i0 .. i0+rows−1 are written.</param>
    /// <param name="i0">The first row.</param>
    /// <param name="rows">Rows in the panel.</param>
    /// <param name="tile">Columns per tile (≥ 1); n or more computes each row in one piece.</param>
    /// <param name="scratch">The calling thread's scratch.</param>
    [SkipLocalsInit]
    public static LayerChange<T> Panel<T, TSimd, TVec>(
        ReadOnlySpan<T> points, ReadOnlySpan<T> queries, ReadOnlySpan<T> transposed, int d, int scoreDimension, int nPad, int n,
        T beta, Span<T> destination, int i0, int rows, int tile, IdentityScratch<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVec>
        where TVec : struct
    {
        Span<T> shifts = scratch.Shifts;
        Span<T> maxima = scratch.Maxima;
        Span<T> totals = scratch.Totals;
        totals[..(TotalLanes * rows)].Clear();
        maxima[..rows].Fill(T.NegativeInfinity);
        RowOps<T, TSimd, TVec>.Clear(ref MemoryMarshal.GetReference(scratch.Sum(0)), Chains * rows * d);
        Span<int> slots = stackalloc int[PanelRows];
        for (int r = 0; r < rows; r++)
        {
            shifts[r] = SelfScore(queries, transposed, scoreDimension, nPad, i0 + r);
            slots[r] = r;
        }
        var pass = new Pass<T>(points, queries, transposed, d, scoreDimension, nPad, n, beta, i0, tile, scratch);
        pass.Run<TSimd, TVec>(slots[..rows]);
        T slack = T.CreateTruncating(ShiftSlack);
        int again = 0;
        for (int r = 0; r < rows; r++)
        {
            if ((maxima[r] - shifts[r]) * beta > slack)
            {
                // The own score is too far below the maximum: the maximum is the shift, the row starts over.
                shifts[r] = maxima[r];
                totals.Slice(TotalLanes * r, TotalLanes).Clear();
                scratch.Sum(r).Clear();
                slots[again++] = r;
            }
        }
        if (again > 0)
        {
            pass.Run<TSimd, TVec>(slots[..again]);
        }
        T change = T.Zero;
        T size = T.Zero;
        for (int r = 0; r < rows; r++)
        {
            int i = i0 + r;
            // The four chains joined, acc = (acc_0 + acc_1) + (acc_2 + acc_3); the total from its partials.
            Span<T> sum = scratch.Sum(r);
            ref T even = ref MemoryMarshal.GetReference(sum);
            for (int k = 0; k < d; k++)
            {
                Unsafe.Add(ref even, k) = (sum[k] + sum[d + k]) + (sum[(2 * d) + k] + sum[(3 * d) + k]);
            }
            LayerChange<T> row = RowOps<T, TSimd, TVec>.UpdateMeasured(
                ref destination[i * d], ref MemoryMarshal.GetReference(points.Slice(i * d, d)), ref even, Total<T>(totals.Slice(TotalLanes * r, TotalLanes)), T.One, d);
            change = T.Max(change, row.Change);
            size = T.Max(size, row.Size);
        }
        return new LayerChange<T>(change, size);
    }

    /// <summary>
    /// A row's total weight from its <see cref="TotalLanes"/> partials by a fixed tree: <c>q_l = p_l + p_{l+8}</c>, then
    /// <c>q_l + q_{l+4}</c>, <c>+ q_{l+2}</c>, <c>+ q_{l+1}</c>.
    /// </summary>
    private static T Total<T>(Span<T> partials)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int half = TotalLanes / 2; half >= 1; half /= 2)
        {
            for (int l = 0; l < half; l++)
            {
                partials[l] += partials[l + half];
            }
        }
        return partials[0];
    }

    /// <summary>The first <paramref name="length"/> elements of <paramref name="buffer"/> from its first 64-byte boundary on.</summary>
    private static unsafe Span<T> Aligned<T>(Span<T> buffer, int length)
        where T : unmanaged
    {
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(buffer));
        int skip = (int)((AlignedBuffer<T>.Alignment - (address & (AlignedBuffer<T>.Alignment - 1))) & (AlignedBuffer<T>.Alignment - 1)) / Unsafe.SizeOf<T>();
        return buffer.Slice(skip, length);
    }

    /// <summary><c>s_ii</c> by the score kernel's chain: <c>fma(q_i,k, key_k,i, …)</c> in ascending k.</summary>
    private static T SelfScore<T>(ReadOnlySpan<T> queries, ReadOnlySpan<T> transposed, int scoreDimension, int nPad, int i)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T s = T.Zero;
        for (int k = 0; k < scoreDimension; k++)
        {
            s = T.FusedMultiplyAdd(queries[i * scoreDimension + k], transposed[k * nPad + i], s);
        }
        return s;
    }

    /// <summary>The inputs of one pass over the columns for some rows of a panel.</summary>
    private readonly ref struct Pass<T>(
        ReadOnlySpan<T> points, ReadOnlySpan<T> queries, ReadOnlySpan<T> transposed, int d, int scoreDimension, int nPad, int n, T beta, int i0,
        int tile, IdentityScratch<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ReadOnlySpan<T> _points = points;
        private readonly ReadOnlySpan<T> _queries = queries;
        private readonly ReadOnlySpan<T> _transposed = transposed;

        /// <summary>
        /// Continues the chains of the given panel rows over every column, tile by tile, four rows at a time (a short last
        /// group repeats its last row: it computes the same values into the same slots).
        /// </summary>
        public void Run<TSimd, TVec>(ReadOnlySpan<int> slots)
            where TSimd : ISimd<T, TVec>
            where TVec : struct
        {
            // Whole vectors go to the vector kernel (a last odd vector is a chunk of one vector), the rest to single lanes.
            int width = TSimd.Count;
            // Tiles start at multiples of TotalLanes columns (a tile of n or more: one piece).
            int step = tile >= n ? n : Math.Max(TotalLanes, (tile + TotalLanes - 1) / TotalLanes * TotalLanes);
            for (int c0 = 0; c0 < n; c0 += step)
            {
                int end = Math.Min(n, c0 + step);
                int whole = c0 + ((end - c0) / width * width);
                for (int g = 0; g < slots.Length; g += Block)
                {
                    int last = Math.Min(g + Block, slots.Length) - 1;
                    int p0 = slots[g], p1 = slots[Math.Min(g + 1, last)], p2 = slots[Math.Min(g + 2, last)], p3 = slots[Math.Min(g + 3, last)];
                    if (whole > c0)
                    {
                        this.Columns<TSimd, TVec>(p0, p1, p2, p3, c0, whole);
                    }
                    if (end > whole)
                    {
                        this.Columns<ScalarSimd<T>, T>(p0, p1, p2, p3, whole, end);
                    }
                }
            }
        }

        /// <summary>
        /// Panel rows p0..p3 over columns <paramref name="from"/> .. <paramref name="to"/> − 1, a strip of
        /// <see cref="Strip"/> columns at a time: first the strip's scores and weights (<see cref="StripWeights{TSimd, TVec}"/>,
        /// into a buffer that stays in L1), then its weighted sums (<see cref="StripSums{TSimd, TVec}"/>). With single lanes
        /// (<see cref="ScalarSimd{T}"/>) an odd last column is paired with itself, the copy masked out.
        /// </summary>
        [SkipLocalsInit]
        private void Columns<TSimd, TVec>(int p0, int p1, int p2, int p3, int from, int to)
            where TSimd : ISimd<T, TVec>
            where TVec : struct
        {
            int chunk = 2 * TSimd.Count;
            Span<T> weights = Aligned(stackalloc T[(Block * Strip) + (AlignedBuffer<T>.Alignment / 4)], Block * Strip);
            Span<ulong> kept = stackalloc ulong[Block * (Strip / 2)];
            Span<T> shifts = scratch.Shifts;
            Span<T> maxima = scratch.Maxima;
            Span<T> top = stackalloc T[Block];
            nuint sd = (nuint)scoreDimension;
            ref T q = ref MemoryMarshal.GetReference(this._queries);
            // The four rows' queries interleaved (coordinate k of row r at 4k + r): the score loop then reads them all from
            // one address, with no pointer of its own per row to keep in a register.
            // (Once per tile and block: the rows are the same for all the tile's strips.)
            ref T yb = ref MemoryMarshal.GetReference(scratch.BlockQueries);
            {
                ref T y0 = ref Unsafe.Add(ref q, (nuint)(i0 + p0) * sd);
                ref T y1 = ref Unsafe.Add(ref q, (nuint)(i0 + p1) * sd);
                ref T y2 = ref Unsafe.Add(ref q, (nuint)(i0 + p2) * sd);
                ref T y3 = ref Unsafe.Add(ref q, (nuint)(i0 + p3) * sd);
                for (nuint k = 0; k < sd; k++)
                {
                    Unsafe.Add(ref yb, (Block * k) + 0) = Unsafe.Add(ref y0, k);
                    Unsafe.Add(ref yb, (Block * k) + 1) = Unsafe.Add(ref y1, k);
                    Unsafe.Add(ref yb, (Block * k) + 2) = Unsafe.Add(ref y2, k);
                    Unsafe.Add(ref yb, (Block * k) + 3) = Unsafe.Add(ref y3, k);
                }
            }
            for (int j0 = from; j0 < to; j0 += Strip)
            {
                int end = Math.Min(to, j0 + Strip);
                int chunks = (end - j0 + chunk - 1) / chunk;
                this.StripWeights<TSimd, TVec>(p0, p1, p2, p3, shifts[p0], shifts[p1], shifts[p2], shifts[p3], j0, end, weights, kept, top);
                maxima[p0] = T.Max(maxima[p0], top[0]);
                maxima[p1] = T.Max(maxima[p1], top[1]);
                maxima[p2] = T.Max(maxima[p2], top[2]);
                maxima[p3] = T.Max(maxima[p3], top[3]);
                this.StripSums<TSimd, TVec>(p0, p1, p2, p3, j0, chunks, weights, kept);
            }
        }

        /// <summary>
        /// The scores of rows p0..p3 against columns j0 .. end − 1 (FMA chains in ascending k, four rows × two vectors of
        /// columns at a time), their weights <c>exp((s − c)·β)</c> into <paramref name="weights"/> (row r at r·<see cref="Strip"/>),
        /// the kept lanes of each chunk of two vectors into <paramref name="kept"/> (row r at r·Strip/2), each row's maximum score,
        /// and the kept weights into each row's partial totals (a repeated row of a short group into a sink, so it is not counted twice).
        /// </summary>
        [SkipLocalsInit]
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void StripWeights<TSimd, TVec>(
            int p0, int p1, int p2, int p3, T shift0, T shift1, T shift2, T shift3, int j0, int end, Span<T> weights, Span<ulong> kept, Span<T> top)
            where TSimd : ISimd<T, TVec>
            where TVec : struct
        {
            nuint w = (nuint)TSimd.Count;
            int chunk = 2 * TSimd.Count;
            nuint sd = (nuint)scoreDimension;
            nuint stride = (nuint)nPad;
            ulong full = (1UL << chunk) - 1;
            ref T wt = ref MemoryMarshal.GetReference(weights);
            ref ulong kt = ref MemoryMarshal.GetReference(kept);
            ref T zt = ref MemoryMarshal.GetReference(this._transposed);
            ref T yb = ref MemoryMarshal.GetReference(scratch.BlockQueries);
            nuint blockEnd = Block * sd;
            TVec c0 = TSimd.Broadcast(shift0), c1 = TSimd.Broadcast(shift1), c2 = TSimd.Broadcast(shift2), c3 = TSimd.Broadcast(shift3);
            T factor = beta;
            bool scaled = factor != T.One;
            T cutoff = Cutoff<T>();
            ref T partials = ref MemoryMarshal.GetReference(scratch.Totals);
            ref T sink = ref Unsafe.Add(ref partials, PanelRows * TotalLanes);
            ref T part0 = ref Unsafe.Add(ref partials, p0 * TotalLanes);
            ref T part1 = ref p1 != p0 ? ref Unsafe.Add(ref partials, p1 * TotalLanes) : ref sink;
            ref T part2 = ref p2 != p1 ? ref Unsafe.Add(ref partials, p2 * TotalLanes) : ref sink;
            ref T part3 = ref p3 != p2 ? ref Unsafe.Add(ref partials, p3 * TotalLanes) : ref sink;
            StripScores<TSimd, TVec>(ref zt, stride, ref yb, blockEnd, j0, end, ref wt, ref MemoryMarshal.GetReference(top));
            int c;
            TVec low = TSimd.Broadcast(-cutoff);
            TVec scale = TSimd.Broadcast(factor);
            if (TSimd.Count == TotalLanes)
            {
                // One vector holds a row's 16 partials, and every chunk starts at a multiple of 16 columns: both vectors of a
                // chunk add lane by lane into the same partials, the first then the second (ascending j), in registers.
                TVec t0 = TSimd.Load(ref part0, 0), t1 = TSimd.Load(ref part1, 0), t2 = TSimd.Load(ref part2, 0), t3 = TSimd.Load(ref part3, 0);
                c = 0;
                for (int j = j0; j < end; j += chunk, c++)
                {
                    bool pair = j + (int)w < end;
                    ulong valid = pair ? full : (1UL << (int)w) - 1;
                    nuint at = (nuint)(j - j0);
                    ref T r0 = ref Unsafe.Add(ref wt, at);
                    ref T r1 = ref Unsafe.Add(ref wt, Strip + at);
                    ref T r2 = ref Unsafe.Add(ref wt, (2 * Strip) + at);
                    ref T r3 = ref Unsafe.Add(ref wt, (3 * Strip) + at);
                    Unsafe.Add(ref kt, c) = Weights<TSimd, TVec>(ref r0, c0, scale, scaled, low, ref t0, pair) & valid;
                    Unsafe.Add(ref kt, c + (Strip / 2)) = Weights<TSimd, TVec>(ref r1, c1, scale, scaled, low, ref t1, pair) & valid;
                    Unsafe.Add(ref kt, c + Strip) = Weights<TSimd, TVec>(ref r2, c2, scale, scaled, low, ref t2, pair) & valid;
                    Unsafe.Add(ref kt, c + (3 * Strip / 2)) = Weights<TSimd, TVec>(ref r3, c3, scale, scaled, low, ref t3, pair) & valid;
                }
                // The sink (a repeated row) may be stored more than once: it is never read.
                TSimd.Store(t0, ref part0, 0);
                TSimd.Store(t1, ref part1, 0);
                TSimd.Store(t2, ref part2, 0);
                TSimd.Store(t3, ref part3, 0);
            }
            else
            {
                c = 0;
                for (int j = j0; j < end; j += chunk, c++)
                {
                    bool pair = j + (int)w < end;
                    ulong valid = pair ? full : (1UL << (int)w) - 1;
                    nuint at = (nuint)(j - j0);
                    nuint la = (nuint)(j & (TotalLanes - 1));
                    nuint lb = (nuint)((j + (int)w) & (TotalLanes - 1));
                    ref T r0 = ref Unsafe.Add(ref wt, at);
                    ref T r1 = ref Unsafe.Add(ref wt, Strip + at);
                    ref T r2 = ref Unsafe.Add(ref wt, (2 * Strip) + at);
                    ref T r3 = ref Unsafe.Add(ref wt, (3 * Strip) + at);
                    Unsafe.Add(ref kt, c) = WeightsInto<TSimd, TVec>(ref r0, c0, scale, scaled, low, ref part0, la, lb, pair) & valid;
                    Unsafe.Add(ref kt, c + (Strip / 2)) = WeightsInto<TSimd, TVec>(ref r1, c1, scale, scaled, low, ref part1, la, lb, pair) & valid;
                    Unsafe.Add(ref kt, c + Strip) = WeightsInto<TSimd, TVec>(ref r2, c2, scale, scaled, low, ref part2, la, lb, pair) & valid;
                    Unsafe.Add(ref kt, c + (3 * Strip / 2)) = WeightsInto<TSimd, TVec>(ref r3, c3, scale, scaled, low, ref part3, la, lb, pair) & valid;
                }
            }
        }

        /// <summary>
        /// The scores of the block's four rows (queries interleaved in <paramref name="yb"/>) against columns j0 .. end − 1, two
        /// vectors of columns at a time (FMA chains in ascending k), into the weights' places (row r at r·<see cref="Strip"/>),
        /// and each row's maximum into <paramref name="top"/>. A method of its own, so that its loop keeps every pointer in a register.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        private static void StripScores<TSimd, TVec>(ref T zt, nuint stride, ref T yb, nuint blockEnd, int j0, int end, ref T wt, ref T top)
            where TSimd : ISimd<T, TVec>
            where TVec : struct
        {
            nuint w = (nuint)TSimd.Count;
            int chunk = 2 * TSimd.Count;
            TVec m0 = TSimd.Broadcast(T.NegativeInfinity), m1 = m0, m2 = m0, m3 = m0;
            int j = j0;
            // Two chunks (four vectors of columns) at a time: sixteen independent FMA chains, twice what the FMA latency needs.
            for (; j + (2 * chunk) <= end; j += 2 * chunk)
            {
                TVec e0 = TSimd.Zero, e1 = TSimd.Zero, e2 = TSimd.Zero, e3 = TSimd.Zero;
                TVec f0 = TSimd.Zero, f1 = TSimd.Zero, f2 = TSimd.Zero, f3 = TSimd.Zero;
                TVec g0 = TSimd.Zero, g1 = TSimd.Zero, g2 = TSimd.Zero, g3 = TSimd.Zero;
                TVec h0 = TSimd.Zero, h1 = TSimd.Zero, h2 = TSimd.Zero, h3 = TSimd.Zero;
                ref T column = ref Unsafe.Add(ref zt, (nuint)j);
                for (nuint kb = 0; kb < blockEnd; kb += Block)
                {
                    TVec va = TSimd.Load(ref column, 0);
                    TVec vb = TSimd.Load(ref column, w);
                    TVec vc = TSimd.Load(ref column, 2 * w);
                    TVec vd = TSimd.Load(ref column, 3 * w);
                    column = ref Unsafe.Add(ref column, stride);
                    TVec y = TSimd.Broadcast(Unsafe.Add(ref yb, kb));
                    e0 = TSimd.MultiplyAdd(y, va, e0);
                    f0 = TSimd.MultiplyAdd(y, vb, f0);
                    g0 = TSimd.MultiplyAdd(y, vc, g0);
                    h0 = TSimd.MultiplyAdd(y, vd, h0);
                    y = TSimd.Broadcast(Unsafe.Add(ref yb, kb + 1));
                    e1 = TSimd.MultiplyAdd(y, va, e1);
                    f1 = TSimd.MultiplyAdd(y, vb, f1);
                    g1 = TSimd.MultiplyAdd(y, vc, g1);
                    h1 = TSimd.MultiplyAdd(y, vd, h1);
                    y = TSimd.Broadcast(Unsafe.Add(ref yb, kb + 2));
                    e2 = TSimd.MultiplyAdd(y, va, e2);
                    f2 = TSimd.MultiplyAdd(y, vb, f2);
                    g2 = TSimd.MultiplyAdd(y, vc, g2);
                    h2 = TSimd.MultiplyAdd(y, vd, h2);
                    y = TSimd.Broadcast(Unsafe.Add(ref yb, kb + 3));
                    e3 = TSimd.MultiplyAdd(y, va, e3);
                    f3 = TSimd.MultiplyAdd(y, vb, f3);
                    g3 = TSimd.MultiplyAdd(y, vc, g3);
                    h3 = TSimd.MultiplyAdd(y, vd, h3);
                }
                m0 = MaxFast<TVec>(m0, MaxFast<TVec>(MaxFast<TVec>(e0, f0), MaxFast<TVec>(g0, h0)));
                m1 = MaxFast<TVec>(m1, MaxFast<TVec>(MaxFast<TVec>(e1, f1), MaxFast<TVec>(g1, h1)));
                m2 = MaxFast<TVec>(m2, MaxFast<TVec>(MaxFast<TVec>(e2, f2), MaxFast<TVec>(g2, h2)));
                m3 = MaxFast<TVec>(m3, MaxFast<TVec>(MaxFast<TVec>(e3, f3), MaxFast<TVec>(g3, h3)));
                nuint at = (nuint)(j - j0);
                TSimd.Store(e0, ref wt, at);
                TSimd.Store(f0, ref wt, at + w);
                TSimd.Store(g0, ref wt, at + (2 * w));
                TSimd.Store(h0, ref wt, at + (3 * w));
                TSimd.Store(e1, ref wt, Strip + at);
                TSimd.Store(f1, ref wt, Strip + at + w);
                TSimd.Store(g1, ref wt, Strip + at + (2 * w));
                TSimd.Store(h1, ref wt, Strip + at + (3 * w));
                TSimd.Store(e2, ref wt, (2 * Strip) + at);
                TSimd.Store(f2, ref wt, (2 * Strip) + at + w);
                TSimd.Store(g2, ref wt, (2 * Strip) + at + (2 * w));
                TSimd.Store(h2, ref wt, (2 * Strip) + at + (3 * w));
                TSimd.Store(e3, ref wt, (3 * Strip) + at);
                TSimd.Store(f3, ref wt, (3 * Strip) + at + w);
                TSimd.Store(g3, ref wt, (3 * Strip) + at + (2 * w));
                TSimd.Store(h3, ref wt, (3 * Strip) + at + (3 * w));
            }
            for (; j < end; j += chunk)
            {
                // The second vector of the chunk: the next W columns, or (one lane, one column left) the same column again.
                nuint second = j + (int)w < end ? w : 0;
                TVec e0 = TSimd.Zero, e1 = TSimd.Zero, e2 = TSimd.Zero, e3 = TSimd.Zero;
                TVec f0 = TSimd.Zero, f1 = TSimd.Zero, f2 = TSimd.Zero, f3 = TSimd.Zero;
                ref T column = ref Unsafe.Add(ref zt, (nuint)j);
                ref T columnB = ref Unsafe.Add(ref column, second);
                for (nuint kb = 0; kb < blockEnd; kb += Block)
                {
                    TVec left = TSimd.Load(ref column, 0);
                    TVec right = TSimd.Load(ref columnB, 0);
                    column = ref Unsafe.Add(ref column, stride);
                    columnB = ref Unsafe.Add(ref columnB, stride);
                    TVec y = TSimd.Broadcast(Unsafe.Add(ref yb, kb));
                    e0 = TSimd.MultiplyAdd(y, left, e0);
                    f0 = TSimd.MultiplyAdd(y, right, f0);
                    y = TSimd.Broadcast(Unsafe.Add(ref yb, kb + 1));
                    e1 = TSimd.MultiplyAdd(y, left, e1);
                    f1 = TSimd.MultiplyAdd(y, right, f1);
                    y = TSimd.Broadcast(Unsafe.Add(ref yb, kb + 2));
                    e2 = TSimd.MultiplyAdd(y, left, e2);
                    f2 = TSimd.MultiplyAdd(y, right, f2);
                    y = TSimd.Broadcast(Unsafe.Add(ref yb, kb + 3));
                    e3 = TSimd.MultiplyAdd(y, left, e3);
                    f3 = TSimd.MultiplyAdd(y, right, f3);
                }
                m0 = MaxFast<TVec>(m0, MaxFast<TVec>(e0, f0));
                m1 = MaxFast<TVec>(m1, MaxFast<TVec>(e1, f1));
                m2 = MaxFast<TVec>(m2, MaxFast<TVec>(e2, f2));
                m3 = MaxFast<TVec>(m3, MaxFast<TVec>(e3, f3));
                // The scores wait in the weights' places: the exponentials run below, in a loop of their own, where the
                // independent exponentials of a strip keep the FMA units busy (here they would wait on the score chains).
                nuint at = (nuint)(j - j0);
                TSimd.Store(e0, ref wt, at);
                TSimd.Store(f0, ref wt, at + w);
                TSimd.Store(e1, ref wt, Strip + at);
                TSimd.Store(f1, ref wt, Strip + at + w);
                TSimd.Store(e2, ref wt, (2 * Strip) + at);
                TSimd.Store(f2, ref wt, (2 * Strip) + at + w);
                TSimd.Store(e3, ref wt, (3 * Strip) + at);
                TSimd.Store(f3, ref wt, (3 * Strip) + at + w);
            }
            top = TSimd.MaxAcross(m0);
            Unsafe.Add(ref top, 1) = TSimd.MaxAcross(m1);
            Unsafe.Add(ref top, 2) = TSimd.MaxAcross(m2);
            Unsafe.Add(ref top, 3) = TSimd.MaxAcross(m3);
        }

        /// <summary>
        /// The weighted sums of rows p0..p3 over the strip's chunks from column j0: per coordinate
        /// <c>acc = fma(w_j, x_j − x_i, acc)</c> in ascending j, column j into chain j mod 4 (the totals are made with the weights).
        /// A chunk every row kept whole, with a point of one vector, runs with the sums in registers; others go row by row.
        /// </summary>
        [SkipLocalsInit]
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void StripSums<TSimd, TVec>(int p0, int p1, int p2, int p3, int j0, int chunks, Span<T> weights, Span<ulong> kept)
            where TSimd : ISimd<T, TVec>
            where TVec : struct
        {
            nuint w = (nuint)TSimd.Count;
            int chunk = 2 * TSimd.Count;
            ulong full = (1UL << chunk) - 1;
            int dimension = d;
            ref T wt = ref MemoryMarshal.GetReference(weights);
            ref ulong kt = ref MemoryMarshal.GetReference(kept);
            ref T x = ref MemoryMarshal.GetReference(this._points);
            if (dimension != TSimd.Count || chunk % Chains != 0)
            {
                for (int g = 0; g < chunks; g++)
                {
                    this.Rows<TSimd, TVec>(p0, p1, p2, p3, j0 + (g * chunk), ref Unsafe.Add(ref wt, g * chunk), ref Unsafe.Add(ref kt, g));
                }
                return;
            }
            ref T sums = ref MemoryMarshal.GetReference(scratch.Sum(0));
            ref T s0 = ref Unsafe.Add(ref sums, Chains * p0 * dimension);
            ref T s1 = ref Unsafe.Add(ref sums, Chains * p1 * dimension);
            ref T s2 = ref Unsafe.Add(ref sums, Chains * p2 * dimension);
            ref T s3 = ref Unsafe.Add(ref sums, Chains * p3 * dimension);
            // Column j goes to chain j mod 4: four chains per row and coordinate (sixteen in all), so the FMA latency is
            // hidden with room to spare. A chunk is a multiple of four columns, so column j0 + 4m + q is in chain (j0 + q) mod 4.
            nuint q0 = (nuint)((j0 & (Chains - 1)) * dimension);
            nuint q1 = (nuint)(((j0 + 1) & (Chains - 1)) * dimension);
            nuint q2 = (nuint)(((j0 + 2) & (Chains - 1)) * dimension);
            nuint q3 = (nuint)(((j0 + 3) & (Chains - 1)) * dimension);
            nuint row0 = (nuint)(i0 + p0) * w, row1 = (nuint)(i0 + p1) * w, row2 = (nuint)(i0 + p2) * w, row3 = (nuint)(i0 + p3) * w;
            int c = 0;
            while (c < chunks)
            {
                if ((Unsafe.Add(ref kt, c) & Unsafe.Add(ref kt, c + (Strip / 2)) & Unsafe.Add(ref kt, c + Strip) & Unsafe.Add(ref kt, c + (3 * Strip / 2))) != full)
                {
                    this.Rows<TSimd, TVec>(p0, p1, p2, p3, j0 + (c * chunk), ref Unsafe.Add(ref wt, c * chunk), ref Unsafe.Add(ref kt, c));
                    c++;
                    continue;
                }
                // The rows' points are loaded here, not before the loop: a vector live across the call above would be
                // spilled (every vector register is volatile across a call) and reloaded at every column.
                TVec x0 = TSimd.Load(ref x, row0);
                TVec x1 = TSimd.Load(ref x, row1);
                TVec x2 = TSimd.Load(ref x, row2);
                TVec x3 = TSimd.Load(ref x, row3);
                TVec a0 = TSimd.Load(ref s0, q0), a1 = TSimd.Load(ref s1, q0), a2 = TSimd.Load(ref s2, q0), a3 = TSimd.Load(ref s3, q0);
                TVec b0 = TSimd.Load(ref s0, q1), b1 = TSimd.Load(ref s1, q1), b2 = TSimd.Load(ref s2, q1), b3 = TSimd.Load(ref s3, q1);
                TVec g0 = TSimd.Load(ref s0, q2), g1 = TSimd.Load(ref s1, q2), g2 = TSimd.Load(ref s2, q2), g3 = TSimd.Load(ref s3, q2);
                TVec h0 = TSimd.Load(ref s0, q3), h1 = TSimd.Load(ref s1, q3), h2 = TSimd.Load(ref s2, q3), h3 = TSimd.Load(ref s3, q3);
                for (; c < chunks; c++)
                {
                    if ((Unsafe.Add(ref kt, c) & Unsafe.Add(ref kt, c + (Strip / 2)) & Unsafe.Add(ref kt, c + Strip) & Unsafe.Add(ref kt, c + (3 * Strip / 2))) != full)
                    {
                        break;
                    }
                    ref T tile = ref Unsafe.Add(ref x, (nuint)(j0 + (c * chunk)) * w);
                    ref T m = ref Unsafe.Add(ref wt, c * chunk);
                    for (nuint e = 0; e < (nuint)chunk; e += Chains)
                    {
                        // acc = fma(w_j, x_j − x_i, acc): the difference rounded once; the weights are broadcast straight
                        // from memory (embedded broadcasts), at constant offsets from one index.
                        TVec xe = TSimd.Load(ref tile, e * w);
                        a0 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref m, e)), TSimd.Subtract(xe, x0), a0);
                        a1 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref m, e + Strip)), TSimd.Subtract(xe, x1), a1);
                        a2 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref m, e + (2 * Strip))), TSimd.Subtract(xe, x2), a2);
                        a3 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref m, e + (3 * Strip))), TSimd.Subtract(xe, x3), a3);
                        xe = TSimd.Load(ref tile, (e + 1) * w);
                        b0 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref m, e + 1)), TSimd.Subtract(xe, x0), b0);
                        b1 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref m, e + 1 + Strip)), TSimd.Subtract(xe, x1), b1);
                        b2 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref m, e + 1 + (2 * Strip))), TSimd.Subtract(xe, x2), b2);
                        b3 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref m, e + 1 + (3 * Strip))), TSimd.Subtract(xe, x3), b3);
                        xe = TSimd.Load(ref tile, (e + 2) * w);
                        g0 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref m, e + 2)), TSimd.Subtract(xe, x0), g0);
                        g1 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref m, e + 2 + Strip)), TSimd.Subtract(xe, x1), g1);
                        g2 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref m, e + 2 + (2 * Strip))), TSimd.Subtract(xe, x2), g2);
                        g3 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref m, e + 2 + (3 * Strip))), TSimd.Subtract(xe, x3), g3);
                        xe = TSimd.Load(ref tile, (e + 3) * w);
                        h0 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref m, e + 3)), TSimd.Subtract(xe, x0), h0);
                        h1 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref m, e + 3 + Strip)), TSimd.Subtract(xe, x1), h1);
                        h2 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref m, e + 3 + (2 * Strip))), TSimd.Subtract(xe, x2), h2);
                        h3 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref m, e + 3 + (3 * Strip))), TSimd.Subtract(xe, x3), h3);
                    }
                }
                // Repeated rows (a short group) computed the same values: storing them twice changes nothing.
                TSimd.Store(a0, ref s0, q0);
                TSimd.Store(a1, ref s1, q0);
                TSimd.Store(a2, ref s2, q0);
                TSimd.Store(a3, ref s3, q0);
                TSimd.Store(b0, ref s0, q1);
                TSimd.Store(b1, ref s1, q1);
                TSimd.Store(b2, ref s2, q1);
                TSimd.Store(b3, ref s3, q1);
                TSimd.Store(g0, ref s0, q2);
                TSimd.Store(g1, ref s1, q2);
                TSimd.Store(g2, ref s2, q2);
                TSimd.Store(g3, ref s3, q2);
                TSimd.Store(h0, ref s0, q3);
                TSimd.Store(h1, ref s1, q3);
                TSimd.Store(h2, ref s2, q3);
                TSimd.Store(h3, ref s3, q3);
            }
        }

        /// <summary>
        /// Lane-wise <c>left &gt; right ? left : right</c> (the hardware's maximum, one instruction; for the finite scores here it
        /// differs from the IEEE maximum only in the sign of a zero, which no use of the maxima can see).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static TVec MaxFast<TVec>(TVec left, TVec right)
            where TVec : struct
        {
            if (typeof(TVec) == typeof(Vector512<T>))
            {
                return Unsafe.BitCast<Vector512<T>, TVec>(Vector512.MaxNative(Unsafe.BitCast<TVec, Vector512<T>>(left), Unsafe.BitCast<TVec, Vector512<T>>(right)));
            }
            if (typeof(TVec) == typeof(Vector256<T>))
            {
                return Unsafe.BitCast<Vector256<T>, TVec>(Vector256.MaxNative(Unsafe.BitCast<TVec, Vector256<T>>(left), Unsafe.BitCast<TVec, Vector256<T>>(right)));
            }
            T l = Unsafe.BitCast<TVec, T>(left);
            T r = Unsafe.BitCast<TVec, T>(right);
            return Unsafe.BitCast<T, TVec>(l > r ? l : r);
        }

        /// <summary>
        /// The weights <c>exp((s − c)·β)</c> of one row's two vectors of scores (at <paramref name="scores"/>, overwritten by the
        /// weights), the kept ones added into the row's 16 partial totals <paramref name="total"/>, the first vector then the
        /// second (only for a <paramref name="pair"/>: a last odd vector of columns is a chunk of its own); returns the kept lanes
        /// (bit l: column l of the chunk has <c>(s − c)·β ≥ −cutoff</c>). A lane outside the exponential's vector range gets a
        /// meaningless weight that is never used: below it the lane is not kept, above it (a row whose shift is too low,
        /// <c>(s − c)·β &gt; </c><see cref="ShiftSlack"/>) the row's sums are thrown away and computed again.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ulong Weights<TSimd, TVec>(ref T scores, TVec shift, TVec scale, bool scaled, TVec low, ref TVec total, bool pair)
            where TSimd : ISimd<T, TVec>
            where TVec : struct
        {
            nuint w = (nuint)TSimd.Count;
            ulong kept = Exponents<TSimd, TVec>(ref scores, shift, scale, scaled, low, out TVec ta, out TVec tb);
            TVec wa = Exponential.ExpInRange(ta);
            TVec wb = Exponential.ExpInRange(tb);
            TSimd.Store(wa, ref scores, 0);
            TSimd.Store(wb, ref scores, w);
            total = TSimd.Add(total, TSimd.ZeroBelow(wa, ta, low));
            if (pair)
            {
                total = TSimd.Add(total, TSimd.ZeroBelow(wb, tb, low));
            }
            return kept;
        }

        /// <summary>
        /// <see cref="Weights{TSimd, TVec}"/> for a width whose vector is not the 16 partials (256-bit, single lanes): the kept
        /// weights are added into the partials in memory at <paramref name="la"/> and <paramref name="lb"/> (the columns mod 16).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ulong WeightsInto<TSimd, TVec>(ref T scores, TVec shift, TVec scale, bool scaled, TVec low, ref T partials, nuint la, nuint lb, bool pair)
            where TSimd : ISimd<T, TVec>
            where TVec : struct
        {
            nuint w = (nuint)TSimd.Count;
            ulong kept = Exponents<TSimd, TVec>(ref scores, shift, scale, scaled, low, out TVec ta, out TVec tb);
            TVec wa = Exponential.ExpInRange(ta);
            TVec wb = Exponential.ExpInRange(tb);
            TSimd.Store(wa, ref scores, 0);
            TSimd.Store(wb, ref scores, w);
            TSimd.Store(TSimd.Add(TSimd.Load(ref partials, la), TSimd.ZeroBelow(wa, ta, low)), ref partials, la);
            if (pair)
            {
                TSimd.Store(TSimd.Add(TSimd.Load(ref partials, lb), TSimd.ZeroBelow(wb, tb, low)), ref partials, lb);
            }
            return kept;
        }

        /// <summary>The exponents <c>(s − c)·β</c> of two vectors of scores (the product only when β ≠ 1) and their kept lanes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ulong Exponents<TSimd, TVec>(ref T scores, TVec shift, TVec scale, bool scaled, TVec low, out TVec ta, out TVec tb)
            where TSimd : ISimd<T, TVec>
            where TVec : struct
        {
            nuint w = (nuint)TSimd.Count;
            ta = TSimd.Subtract(TSimd.Load(ref scores, 0), shift);
            tb = TSimd.Subtract(TSimd.Load(ref scores, w), shift);
            if (scaled)
            {
                ta = TSimd.Multiply(ta, scale);
                tb = TSimd.Multiply(tb, scale);
            }
            return TSimd.GreaterThanOrEqualMask(ta, low) | (TSimd.GreaterThanOrEqualMask(tb, low) << (int)w);
        }

        /// <summary>
        /// One chunk's kept columns (from column j) into the sums of rows p0..p3, row by row (the general path: a point of more
        /// or less than one vector, or a row that skipped columns): per coordinate <c>acc = fma(w_j, x_j − x_i, acc)</c> over the
        /// kept columns in ascending j, column j into chain j mod 4.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void Rows<TSimd, TVec>(int p0, int p1, int p2, int p3, int j, ref T weights, ref ulong kept)
            where TSimd : ISimd<T, TVec>
            where TVec : struct
        {
            ref T x = ref MemoryMarshal.GetReference(this._points);
            this.One<TSimd, TVec>(ref x, p0, j, kept, ref weights);
            if (p1 != p0)
            {
                this.One<TSimd, TVec>(ref x, p1, j, Unsafe.Add(ref kept, Strip / 2), ref Unsafe.Add(ref weights, Strip));
            }
            if (p2 != p1)
            {
                this.One<TSimd, TVec>(ref x, p2, j, Unsafe.Add(ref kept, Strip), ref Unsafe.Add(ref weights, 2 * Strip));
            }
            if (p3 != p2)
            {
                this.One<TSimd, TVec>(ref x, p3, j, Unsafe.Add(ref kept, 3 * Strip / 2), ref Unsafe.Add(ref weights, 3 * Strip));
            }
        }

        /// <summary>One row's sums over the kept columns of a chunk (the set bits of <paramref name="kept"/>, ascending).</summary>
        private void One<TSimd, TVec>(ref T x, int p, int j, ulong kept, ref T w)
            where TSimd : ISimd<T, TVec>
            where TVec : struct
        {
            nuint stride = (nuint)d;
            ref T xi = ref Unsafe.Add(ref x, (nuint)(i0 + p) * stride);
            ref T sum = ref MemoryMarshal.GetReference(scratch.Sum(p));
            while (kept != 0)
            {
                int e = BitOperations.TrailingZeroCount(kept);
                kept &= kept - 1;
                T b = Unsafe.Add(ref w, e);
                int chain = (j + e) & (Chains - 1);
                RowOps<T, TSimd, TVec>.AddScaledDifference(ref Unsafe.Add(ref sum, chain * d), ref Unsafe.Add(ref x, (nuint)(j + e) * stride), ref xi, b, d);
            }
        }
    }
}
