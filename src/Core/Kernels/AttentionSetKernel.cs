using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
        int width = TSimd.Count;
        int count = 0;
        for (int j = 0; j < n; j += width)
        {
            ulong bits = TSimd.GreaterThanOrEqualMask(TSimd.Load(ref s, (nuint)j), limit);
            if (n - j < width)
            {
                bits &= (1UL << (n - j)) - 1; // the padding columns are not tokens
            }
            while (bits != 0)
            {
                members[count++] = j + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
            }
        }
        return count;
    }
}
