using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace HardmaxCore.Kernels;

/// <summary>The scores <c>s_ij = ⟨A z_i, z_j⟩</c> (SPEC §1.1), with lanes over tokens j, and their row maxima.</summary>
/// <remarks>
/// Every score is one fused multiply–add chain in ascending k, <c>s_ij = fma(y_i,d−1, z_j,d−1, … fma(y_i,0, z_j,0, 0))</c>,
/// whatever the lane, the width, the row block or the column block, so identical tokens get bitwise-identical scores
/// (SPEC §1.4) and every kernel width gives the same bits. The maxima are exact whatever the order they are taken in.
/// </remarks>
internal static class ScoreKernel
{
    /// <summary>Rows of scores computed together, sharing each load of Zᵀ.</summary>
    public const int RowBlock = 4;

    /// <summary>Copies Z into the workspace, forms Zᵀ and, when A ≠ I, the queries <c>y_i = A z_i</c>.</summary>
    /// <remarks>same as: <c>y[i,k] = Σ_l A[k,l]·z[i,l]</c> (an FMA chain in ascending l, one order for every token and machine).</remarks>
    public static void Prepare<T>(ReadOnlySpan<T> z, T[]? keyQuery, Workspace<T> workspace)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> old = workspace.Old;
        z.CopyTo(old);
        Prepare(old, workspace.N, keyQuery, workspace);
    }

    /// <summary>Forms Zᵀ of the first <paramref name="count"/> points of <paramref name="points"/> (row-major, d each) and, when A ≠ I, their queries.</summary>
    /// <remarks>
    /// Columns <paramref name="count"/>..NPad−1 of Zᵀ keep whatever they held: every reader masks them.
    /// same as: <c>Zᵀ[k, i] = z[i, k]</c>; <c>y[i,k] = Σ_l A[k,l]·z[i,l]</c> as an FMA chain in ascending l.
    /// </remarks>
    public static void Prepare<T>(ReadOnlySpan<T> points, int count, T[]? keyQuery, Workspace<T> workspace)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = workspace.D;
        nuint nPad = (nuint)workspace.NPad;
        if (keyQuery is not null)
        {
            Span<T> queries = workspace.Queries;
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<T> zi = points.Slice(i * d, d);
                for (int k = 0; k < d; k++)
                {
                    // A plain FMA chain in ascending l, not TensorPrimitives.Dot, whose order of summation follows the
                    // hardware's vector width: the queries, hence the scores, must have the same bits on every machine.
                    ReadOnlySpan<T> row = keyQuery.AsSpan(k * d, d);
                    T y = T.Zero;
                    for (int l = 0; l < d; l++)
                    {
                        y = T.FusedMultiplyAdd(row[l], zi[l], y);
                    }
                    queries[i * d + k] = y;
                }
            }
        }
        ref T source = ref MemoryMarshal.GetReference(points);
        ref T transposed = ref MemoryMarshal.GetReference(workspace.Transposed);
        for (nuint k = 0; k < (nuint)d; k++)
        {
            ref T row = ref Unsafe.Add(ref transposed, k * nPad);
            ref T column = ref Unsafe.Add(ref source, k);
            for (nuint i = 0; i < (nuint)count; i++)
            {
                Unsafe.Add(ref row, i) = Unsafe.Add(ref column, i * (nuint)d);
            }
        }
    }

    /// <summary>Scores of rows <c>i0 .. i0+rows−1</c> into <see cref="Workspace{T}.Scores"/>, NPad columns each.</summary>
    /// <remarks>same as: <c>s[r, j] = Dot(y_{i0+r}, z_j)</c> for every j, as an FMA chain in ascending k.</remarks>
    /// <param name="workspace">Holds Zᵀ, the queries, and receives the scores.</param>
    /// <param name="hasKeyQuery">Whether the queries are <c>A z_i</c> (else z_i itself, from <see cref="Workspace{T}.Old"/>).</param>
    /// <param name="i0">First row.</param>
    /// <param name="rows">Rows, at most <see cref="RowBlock"/>.</param>
    /// <param name="columns">Only the first <paramref name="columns"/> tokens are needed (rounded up to whole vectors); −1 for all.</param>
    public static void Rows<T, TSimd, TVec>(Workspace<T> workspace, bool hasKeyQuery, int i0, int rows, int columns = -1)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVec>
        where TVec : struct
    {
        Span<T> maxima = stackalloc T[RowBlock];
        ReadOnlySpan<T> queries = hasKeyQuery ? workspace.Queries : workspace.Old;
        Rows<T, TSimd, TVec>(queries, workspace, i0, rows, columns < 0 ? workspace.N : columns, maxima);
    }

    /// <summary>
    /// Scores of rows <c>i0 .. i0+rows−1</c> against the first <paramref name="columns"/> tokens into
    /// <see cref="Workspace{T}.Scores"/> (NPad columns per row; the lanes past <paramref name="columns"/> in the last
    /// vector hold junk), and the maximum of each row over those columns.
    /// </summary>
    /// <remarks>same as: <c>s[r, j] = Dot(y_{i0+r}, z_j)</c> for j &lt; columns, as an FMA chain in ascending k; <c>maxima[r] = Max(s[r, ..columns])</c>.</remarks>
    /// <param name="queries">The queries y, row-major, d per row (Z itself when A = I).</param>
    /// <param name="workspace">Holds Zᵀ and receives the scores.</param>
    /// <param name="i0">First row.</param>
    /// <param name="rows">Rows, at most <see cref="RowBlock"/>.</param>
    /// <param name="columns">The tokens scored against (≥ 1).</param>
    /// <param name="maxima">Receives the maximum of each row.</param>
    public static void Rows<T, TSimd, TVec>(ReadOnlySpan<T> queries, Workspace<T> workspace, int i0, int rows, int columns, Span<T> maxima)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVec>
        where TVec : struct
        => Rows<T, TSimd, TVec>(queries, workspace.Transposed, workspace.Scores, workspace.D, workspace.NPad, i0, rows, columns, maxima);

    /// <summary>
    /// <see cref="Rows{T, TSimd, TVec}(ReadOnlySpan{T}, Workspace{T}, int, int, int, Span{T})"/> on explicit buffers: Zᵀ
    /// (<paramref name="d"/> rows of <paramref name="nPad"/> columns, shared read-only by several threads) and the
    /// <see cref="RowBlock"/> × <paramref name="nPad"/> scores of the calling thread.
    /// </summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Rows<T, TSimd, TVec>(
        ReadOnlySpan<T> queries, ReadOnlySpan<T> transposed, Span<T> scores, int d, int nPad, int i0, int rows, int columns, Span<T> maxima)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVec>
        where TVec : struct
    {
        ref T y = ref Unsafe.Add(ref MemoryMarshal.GetReference(queries), (nuint)i0 * (nuint)d);
        ref T zt = ref MemoryMarshal.GetReference(transposed);
        ref T s = ref MemoryMarshal.GetReference(scores);
        ref T m = ref MemoryMarshal.GetReference(maxima);
        if (rows == RowBlock)
        {
            Block4<T, TSimd, TVec>(ref y, ref zt, ref s, ref m, (nuint)d, (nuint)nPad, (nuint)columns);
            return;
        }
        for (int r = 0; r < rows; r++)
        {
            Block1<T, TSimd, TVec>(
                ref Unsafe.Add(ref y, (nuint)(r * d)), ref zt, ref Unsafe.Add(ref s, (nuint)r * (nuint)nPad), ref Unsafe.Add(ref m, r),
                (nuint)d, (nuint)nPad, (nuint)columns);
        }
    }

    /// <summary>Four rows: 4 × 2 vectors of accumulators, so eight independent FMA chains hide the FMA latency.</summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block4<T, TSimd, TVec>(ref T y0, ref T zt, ref T s, ref T maxima, nuint d, nuint nPad, nuint columns)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVec>
        where TVec : struct
    {
        nuint width = (nuint)TSimd.Count;
        nuint whole = columns / width * width;
        ref T y1 = ref Unsafe.Add(ref y0, d);
        ref T y2 = ref Unsafe.Add(ref y1, d);
        ref T y3 = ref Unsafe.Add(ref y2, d);
        ref T s1 = ref Unsafe.Add(ref s, nPad);
        ref T s2 = ref Unsafe.Add(ref s1, nPad);
        ref T s3 = ref Unsafe.Add(ref s2, nPad);
        TVec m0 = TSimd.Broadcast(T.NegativeInfinity);
        TVec m1 = m0, m2 = m0, m3 = m0;
        nuint j = 0;
        for (; j + 2 * width <= whole; j += 2 * width)
        {
            TVec a0 = TSimd.Zero, a1 = TSimd.Zero, a2 = TSimd.Zero, a3 = TSimd.Zero;
            TVec b0 = TSimd.Zero, b1 = TSimd.Zero, b2 = TSimd.Zero, b3 = TSimd.Zero;
            ref T column = ref Unsafe.Add(ref zt, j);
            for (nuint k = 0, offset = 0; k < d; k++, offset += nPad)
            {
                TVec left = TSimd.Load(ref column, offset);
                TVec right = TSimd.Load(ref column, offset + width);
                TVec q = TSimd.Broadcast(Unsafe.Add(ref y0, k));
                a0 = TSimd.MultiplyAdd(q, left, a0);
                b0 = TSimd.MultiplyAdd(q, right, b0);
                q = TSimd.Broadcast(Unsafe.Add(ref y1, k));
                a1 = TSimd.MultiplyAdd(q, left, a1);
                b1 = TSimd.MultiplyAdd(q, right, b1);
                q = TSimd.Broadcast(Unsafe.Add(ref y2, k));
                a2 = TSimd.MultiplyAdd(q, left, a2);
                b2 = TSimd.MultiplyAdd(q, right, b2);
                q = TSimd.Broadcast(Unsafe.Add(ref y3, k));
                a3 = TSimd.MultiplyAdd(q, left, a3);
                b3 = TSimd.MultiplyAdd(q, right, b3);
            }
            TSimd.Store(a0, ref s, j);
            TSimd.Store(b0, ref s, j + width);
            TSimd.Store(a1, ref s1, j);
            TSimd.Store(b1, ref s1, j + width);
            TSimd.Store(a2, ref s2, j);
            TSimd.Store(b2, ref s2, j + width);
            TSimd.Store(a3, ref s3, j);
            TSimd.Store(b3, ref s3, j + width);
            m0 = Max<T, TVec>(m0, Max<T, TVec>(a0, b0));
            m1 = Max<T, TVec>(m1, Max<T, TVec>(a1, b1));
            m2 = Max<T, TVec>(m2, Max<T, TVec>(a2, b2));
            m3 = Max<T, TVec>(m3, Max<T, TVec>(a3, b3));
        }
        // At most one whole vector left, then at most one partial vector whose extra lanes are masked out of the maxima.
        for (; j < columns; j += width)
        {
            TVec a0 = TSimd.Zero, a1 = TSimd.Zero, a2 = TSimd.Zero, a3 = TSimd.Zero;
            ref T column = ref Unsafe.Add(ref zt, j);
            for (nuint k = 0, offset = 0; k < d; k++, offset += nPad)
            {
                TVec c = TSimd.Load(ref column, offset);
                a0 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref y0, k)), c, a0);
                a1 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref y1, k)), c, a1);
                a2 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref y2, k)), c, a2);
                a3 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref y3, k)), c, a3);
            }
            TSimd.Store(a0, ref s, j);
            TSimd.Store(a1, ref s1, j);
            TSimd.Store(a2, ref s2, j);
            TSimd.Store(a3, ref s3, j);
            if (j + width > columns)
            {
                int valid = (int)(columns - j);
                a0 = KeepFirst<T, TVec>(a0, valid);
                a1 = KeepFirst<T, TVec>(a1, valid);
                a2 = KeepFirst<T, TVec>(a2, valid);
                a3 = KeepFirst<T, TVec>(a3, valid);
            }
            m0 = Max<T, TVec>(m0, a0);
            m1 = Max<T, TVec>(m1, a1);
            m2 = Max<T, TVec>(m2, a2);
            m3 = Max<T, TVec>(m3, a3);
        }
        maxima = MaxAcross<T, TVec>(m0);
        Unsafe.Add(ref maxima, 1) = MaxAcross<T, TVec>(m1);
        Unsafe.Add(ref maxima, 2) = MaxAcross<T, TVec>(m2);
        Unsafe.Add(ref maxima, 3) = MaxAcross<T, TVec>(m3);
    }

    /// <summary>One row (the last rows of a configuration whose length is not a multiple of <see cref="RowBlock"/>).</summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block1<T, TSimd, TVec>(ref T y, ref T zt, ref T s, ref T maximum, nuint d, nuint nPad, nuint columns)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVec>
        where TVec : struct
    {
        nuint width = (nuint)TSimd.Count;
        TVec m = TSimd.Broadcast(T.NegativeInfinity);
        for (nuint j = 0; j < columns; j += width)
        {
            TVec a = TSimd.Zero;
            ref T column = ref Unsafe.Add(ref zt, j);
            for (nuint k = 0, offset = 0; k < d; k++, offset += nPad)
            {
                a = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref y, k)), TSimd.Load(ref column, offset), a);
            }
            TSimd.Store(a, ref s, j);
            if (j + width > columns)
            {
                a = KeepFirst<T, TVec>(a, (int)(columns - j));
            }
            m = Max<T, TVec>(m, a);
        }
        maximum = MaxAcross<T, TVec>(m);
    }

    // The three helpers below belong with ISimd (Max, masking, horizontal maximum); they dispatch on the vector type,
    // which the JIT resolves at compile time per instantiation, so each compiles to one or two instructions.

    /// <summary>Lane-wise IEEE maximum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Max<T, TVec>(TVec left, TVec right)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVec : struct
    {
        if (typeof(TVec) == typeof(Vector512<T>))
        {
            return Unsafe.BitCast<Vector512<T>, TVec>(Vector512.Max(Unsafe.BitCast<TVec, Vector512<T>>(left), Unsafe.BitCast<TVec, Vector512<T>>(right)));
        }
        if (typeof(TVec) == typeof(Vector256<T>))
        {
            return Unsafe.BitCast<Vector256<T>, TVec>(Vector256.Max(Unsafe.BitCast<TVec, Vector256<T>>(left), Unsafe.BitCast<TVec, Vector256<T>>(right)));
        }
        return Unsafe.BitCast<T, TVec>(T.Max(Unsafe.BitCast<TVec, T>(left), Unsafe.BitCast<TVec, T>(right)));
    }

    /// <summary>The first <paramref name="valid"/> lanes of <paramref name="value"/>, the others −∞.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec KeepFirst<T, TVec>(TVec value, int valid)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVec : struct
    {
        if (typeof(TVec) == typeof(Vector512<T>))
        {
            Vector512<T> keep = Vector512.LessThan(Vector512<T>.Indices, Vector512.Create(T.CreateTruncating(valid)));
            return Unsafe.BitCast<Vector512<T>, TVec>(
                Vector512.ConditionalSelect(keep, Unsafe.BitCast<TVec, Vector512<T>>(value), Vector512.Create(T.NegativeInfinity)));
        }
        if (typeof(TVec) == typeof(Vector256<T>))
        {
            Vector256<T> keep = Vector256.LessThan(Vector256<T>.Indices, Vector256.Create(T.CreateTruncating(valid)));
            return Unsafe.BitCast<Vector256<T>, TVec>(
                Vector256.ConditionalSelect(keep, Unsafe.BitCast<TVec, Vector256<T>>(value), Vector256.Create(T.NegativeInfinity)));
        }
        return value; // one lane: a partial vector cannot occur
    }

    /// <summary>The maximum over the lanes (exact, so the order of the reduction does not matter).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T MaxAcross<T, TVec>(TVec value)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVec : struct
    {
        Vector128<T> half;
        if (typeof(TVec) == typeof(Vector512<T>))
        {
            Vector512<T> v = Unsafe.BitCast<TVec, Vector512<T>>(value);
            Vector256<T> quarter = Vector256.Max(v.GetLower(), v.GetUpper());
            half = Vector128.Max(quarter.GetLower(), quarter.GetUpper());
        }
        else if (typeof(TVec) == typeof(Vector256<T>))
        {
            Vector256<T> v = Unsafe.BitCast<TVec, Vector256<T>>(value);
            half = Vector128.Max(v.GetLower(), v.GetUpper());
        }
        else
        {
            return Unsafe.BitCast<TVec, T>(value);
        }
        // Constant lane indices: element reads through a variable index would go through memory and stall store forwarding.
        T m = T.Max(half.GetElement(0), half.GetElement(1));
        if (Vector128<T>.Count == 4)
        {
            m = T.Max(m, T.Max(half.GetElement(2), half.GetElement(3)));
        }
        return m;
    }
}
