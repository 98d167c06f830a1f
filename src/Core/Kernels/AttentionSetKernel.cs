using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HardmaxCore.Kernels;

/// <summary>The attention set <c>C_i = { j : s_ij ≥ m_i − tieTol·max(1, |m_i|) }</c>, <c>m_i = max_l s_il</c> (SPEC §1.2, §1.4).</summary>
internal static class AttentionSetKernel
{
    /// <summary>Writes the members of the attention set of one score row, ascending, and returns how many there are.</summary>
    /// <param name="scores">One row of scores, padded to a whole number of vectors; only the first <paramref name="n"/> count.</param>
    /// <param name="n">Tokens.</param>
    /// <param name="tieTolerance">The relative tie tolerance; 0 for exact ties.</param>
    /// <param name="members">Receives the member indices.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Find<T, TSimd, TVec>(ReadOnlySpan<T> scores, int n, T tieTolerance, Span<int> members)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVec>
        where TVec : struct
    {
        T m = TensorPrimitives.Max(scores[..n]);
        T threshold = tieTolerance == T.Zero ? m : m - tieTolerance * T.Max(T.One, T.Abs(m));
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
