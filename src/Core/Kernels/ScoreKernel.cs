using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HardmaxCore.Kernels;

/// <summary>The scores <c>s_ij = ⟨A z_i, z_j⟩</c> (SPEC §1.1), with lanes over tokens j.</summary>
/// <remarks>
/// Every score is one fused multiply–add chain in ascending k, <c>s_ij = fma(y_i,d−1, z_j,d−1, … fma(y_i,0, z_j,0, 0))</c>,
/// whatever the lane, the width or the row block, so identical tokens get bitwise-identical scores (SPEC §1.4).
/// </remarks>
internal static class ScoreKernel
{
    /// <summary>Rows of scores computed together, sharing each load of Zᵀ.</summary>
    public const int RowBlock = 4;

    /// <summary>Copies Z into the workspace, forms Zᵀ and, when A ≠ I, the queries <c>y_i = A z_i</c>.</summary>
    /// <remarks>same as: <c>y[i,k] = Σ_l A[k,l]·z[i,l]</c> (TensorPrimitives.Dot, one order for every token).</remarks>
    public static void Prepare<T>(ReadOnlySpan<T> z, T[]? keyQuery, Workspace<T> workspace)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = workspace.N;
        int d = workspace.D;
        int nPad = workspace.NPad;
        Span<T> old = workspace.Old;
        z.CopyTo(old);
        if (keyQuery is not null)
        {
            Span<T> queries = workspace.Queries;
            for (int i = 0; i < n; i++)
            {
                ReadOnlySpan<T> zi = old.Slice(i * d, d);
                for (int k = 0; k < d; k++)
                {
                    queries[i * d + k] = TensorPrimitives.Dot(keyQuery.AsSpan(k * d, d), zi);
                }
            }
        }
        Span<T> transposed = workspace.Transposed;
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < d; k++)
            {
                transposed[k * nPad + i] = old[i * d + k];
            }
        }
    }

    /// <summary>Scores of rows <c>i0 .. i0+rows−1</c> into <see cref="Workspace{T}.Scores"/>, NPad columns each.</summary>
    /// <remarks>same as: <c>s[r, j] = Dot(y_{i0+r}, z_j)</c> for every j, as an FMA chain in ascending k.</remarks>
    /// <param name="workspace">Holds Zᵀ, the queries, and receives the scores.</param>
    /// <param name="hasKeyQuery">Whether the queries are <c>A z_i</c> (else z_i itself).</param>
    /// <param name="i0">First row.</param>
    /// <param name="rows">Rows, at most <see cref="RowBlock"/>.</param>
    /// <param name="columns">Only the first <paramref name="columns"/> tokens are needed (rounded up to whole vectors); −1 for all.</param>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Rows<T, TSimd, TVec>(Workspace<T> workspace, bool hasKeyQuery, int i0, int rows, int columns = -1)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVec>
        where TVec : struct
    {
        // Locals, not properties, in the loops: the JIT keeps them in registers.
        nuint d = (nuint)workspace.D;
        nuint nPad = (nuint)workspace.NPad;
        nuint width = (nuint)TSimd.Count;
        nuint end = columns < 0 ? nPad : Math.Min(nPad, ((nuint)columns + width - 1) / width * width);
        ref T y = ref MemoryMarshal.GetReference(hasKeyQuery ? workspace.Queries : workspace.Old);
        ref T zt = ref MemoryMarshal.GetReference(workspace.Transposed);
        ref T s = ref MemoryMarshal.GetReference(workspace.Scores);
        nuint row0 = (nuint)i0 * d;

        if (rows == RowBlock)
        {
            ref T y0 = ref Unsafe.Add(ref y, row0);
            ref T y1 = ref Unsafe.Add(ref y0, d);
            ref T y2 = ref Unsafe.Add(ref y1, d);
            ref T y3 = ref Unsafe.Add(ref y2, d);
            for (nuint j = 0; j < end; j += width)
            {
                TVec a0 = TSimd.Zero, a1 = TSimd.Zero, a2 = TSimd.Zero, a3 = TSimd.Zero;
                for (nuint k = 0; k < d; k++)
                {
                    TVec column = TSimd.Load(ref zt, k * nPad + j);
                    a0 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref y0, k)), column, a0);
                    a1 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref y1, k)), column, a1);
                    a2 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref y2, k)), column, a2);
                    a3 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref y3, k)), column, a3);
                }
                TSimd.Store(a0, ref s, j);
                TSimd.Store(a1, ref s, nPad + j);
                TSimd.Store(a2, ref s, 2 * nPad + j);
                TSimd.Store(a3, ref s, 3 * nPad + j);
            }
            return;
        }

        for (int r = 0; r < rows; r++)
        {
            ref T yr = ref Unsafe.Add(ref y, row0 + (nuint)r * d);
            ref T sr = ref Unsafe.Add(ref s, (nuint)r * nPad);
            for (nuint j = 0; j < end; j += width)
            {
                TVec acc = TSimd.Zero;
                for (nuint k = 0; k < d; k++)
                {
                    acc = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref yr, k)), TSimd.Load(ref zt, k * nPad + j), acc);
                }
                TSimd.Store(acc, ref sr, j);
            }
        }
    }
}
