using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace HardmaxCore.Kernels;

/// <summary>The attention set <c>C_i = { j : s_ij ≥ m_i − tieTol·max(1, |m_i|) }</c>, <c>m_i = max_l s_il</c> (SPEC §1.2, §1.4).</summary>
internal static class AttentionSetKernel
{
    /// <summary>The least score in the attention set of a row whose maximum is <paramref name="maximum"/>.</summary>
    /// <remarks><c>m − tieTol·max(1, |m|)</c>; exactly <c>m</c> when the tolerance is 0 (exact ties, the default).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Threshold<T>(T maximum, T tieTolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
        => tieTolerance == T.Zero ? maximum : maximum - tieTolerance * T.Max(T.One, T.Abs(maximum));

    /// <summary>Writes the indices j &lt; <paramref name="n"/> with <c>scores[j] ≥ threshold</c>, ascending, and returns how many there are.</summary>
    /// <remarks>same as: <c>for j in 0..n: if s[j] ≥ threshold: members.Add(j)</c>; one vector compare per W columns.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int FindAtLeast<T, TSimd, TVec>(ReadOnlySpan<T> scores, int n, T threshold, Span<int> members)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVec>
        where TVec : struct
    {
        TVec limit = TSimd.Broadcast(threshold);
        ref T s = ref MemoryMarshal.GetReference(scores);
        ref int m = ref MemoryMarshal.GetReference(members);
        int width = TSimd.Count;
        ulong full = width == 64 ? ulong.MaxValue : (1UL << width) - 1;
        int count = 0;
        for (int j = 0; j < n; j += width)
        {
            ulong bits = TSimd.GreaterThanOrEqualMask(TSimd.Load(ref s, (nuint)j), limit);
            if (n - j < width)
            {
                bits &= (1UL << (n - j)) - 1; // the padding columns are not tokens
            }
            else if (bits == full && count + width <= members.Length)
            {
                // A whole vector kept (the usual case at a high temperature): j .. j+W−1 without scanning the bits.
                Consecutive(ref Unsafe.Add(ref m, count), j, width);
                count += width;
                continue;
            }
            while (bits != 0)
            {
                members[count++] = j + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
            }
        }
        return count;
    }

    /// <summary><c>destination[l] = first + l</c> for l &lt; <paramref name="length"/>, a vector at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Consecutive(ref int destination, int first, int length)
    {
        int l = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<int> run = Vector256.Create(first) + Vector256<int>.Indices;
            for (; l + Vector256<int>.Count <= length; l += Vector256<int>.Count)
            {
                run.StoreUnsafe(ref destination, (nuint)l);
                run += Vector256.Create(Vector256<int>.Count);
            }
        }
        for (; l < length; l++)
        {
            Unsafe.Add(ref destination, l) = first + l;
        }
    }
}
