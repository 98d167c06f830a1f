using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace HardmaxCore.Kernels;

/// <summary>
/// The arithmetic on one token's d coordinates, for one kernel width: whole vectors of <typeparamref name="TSimd"/>
/// (then, for the 512-bit width, one 256-bit step), then one lane at a time through <see cref="ScalarSimd{T}"/>.
/// </summary>
/// <remarks>
/// Each coordinate goes through the same operations in the same order whatever the width (one fused multiply–add for the
/// sum; a division, a multiplication and an addition for the update), so the result does not depend on the width; the
/// forced width (<c>HARDMAX_KERNEL=Scalar</c>) makes these loops scalar too.
/// </remarks>
/// <typeparam name="T">float or double.</typeparam>
/// <typeparam name="TSimd">The width's operations.</typeparam>
/// <typeparam name="TVec">The width's vector type.</typeparam>
internal static class RowOps<T, TSimd, TVec>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TSimd : ISimd<T, TVec>
    where TVec : struct
{
    /// <summary><c>sum[k] = fma(w, x_j[k] − x_i[k], sum[k])</c> for k &lt; d.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddScaledDifference(ref T sum, ref T xj, ref T xi, T weight, int d)
    {
        nuint length = (nuint)d;
        nuint k = AddScaledDifferenceFrom<TSimd, TVec>(ref sum, ref xj, ref xi, weight, 0, length);
        if (typeof(TVec) == typeof(Vector512<T>))
        {
            k = AddScaledDifferenceFrom<Vector256Simd<T>, Vector256<T>>(ref sum, ref xj, ref xi, weight, k, length);
        }
        AddScaledDifferenceFrom<ScalarSimd<T>, T>(ref sum, ref xj, ref xi, weight, k, length);
    }

    /// <summary><c>sum[k] = 0</c> for k &lt; d, inline (d is small; a call to a general clear costs more than the stores).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Clear(ref T sum, int d)
    {
        nuint length = (nuint)d;
        nuint k = ClearFrom<TSimd, TVec>(ref sum, 0, length);
        if (typeof(TVec) == typeof(Vector512<T>))
        {
            k = ClearFrom<Vector256Simd<T>, Vector256<T>>(ref sum, k, length);
        }
        ClearFrom<ScalarSimd<T>, T>(ref sum, k, length);
    }

    /// <summary><c>next[k] = x_i[k] + step · (sum[k] / total)</c> for k &lt; d.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Update(ref T next, ref T xi, ref T sum, T total, T step, int d)
    {
        nuint length = (nuint)d;
        nuint k = UpdateFrom<TSimd, TVec>(ref next, ref xi, ref sum, total, step, 0, length);
        if (typeof(TVec) == typeof(Vector512<T>))
        {
            k = UpdateFrom<Vector256Simd<T>, Vector256<T>>(ref next, ref xi, ref sum, total, step, k, length);
        }
        UpdateFrom<ScalarSimd<T>, T>(ref next, ref xi, ref sum, total, step, k, length);
    }

    /// <summary>
    /// <see cref="Update"/>, and returns <c>max_k |next[k] − x_i[k]|</c> and <c>max_k |x_i[k]|</c> (for the stopping rule).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static LayerChange<T> UpdateMeasured(ref T next, ref T xi, ref T sum, T total, T step, int d)
    {
        nuint length = (nuint)d;
        T change = T.Zero;
        T size = T.Zero;
        nuint k = UpdateMeasuredFrom<TSimd, TVec>(ref next, ref xi, ref sum, total, step, 0, length, ref change, ref size);
        if (typeof(TVec) == typeof(Vector512<T>))
        {
            k = UpdateMeasuredFrom<Vector256Simd<T>, Vector256<T>>(ref next, ref xi, ref sum, total, step, k, length, ref change, ref size);
        }
        UpdateMeasuredFrom<ScalarSimd<T>, T>(ref next, ref xi, ref sum, total, step, k, length, ref change, ref size);
        return new LayerChange<T>(change, size);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint AddScaledDifferenceFrom<TS, TV>(ref T sum, ref T xj, ref T xi, T weight, nuint k, nuint length)
        where TS : ISimd<T, TV>
        where TV : struct
    {
        nuint width = (nuint)TS.Count;
        if (k + width <= length)
        {
            TV w = TS.Broadcast(weight);
            for (; k + width <= length; k += width)
            {
                TV difference = TS.Subtract(TS.Load(ref xj, k), TS.Load(ref xi, k));
                TS.Store(TS.MultiplyAdd(w, difference, TS.Load(ref sum, k)), ref sum, k);
            }
        }
        return k;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint ClearFrom<TS, TV>(ref T sum, nuint k, nuint length)
        where TS : ISimd<T, TV>
        where TV : struct
    {
        nuint width = (nuint)TS.Count;
        for (; k + width <= length; k += width)
        {
            TS.Store(TS.Zero, ref sum, k);
        }
        return k;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint UpdateFrom<TS, TV>(ref T next, ref T xi, ref T sum, T total, T step, nuint k, nuint length)
        where TS : ISimd<T, TV>
        where TV : struct
    {
        nuint width = (nuint)TS.Count;
        if (k + width <= length)
        {
            TV t = TS.Broadcast(total);
            TV h = TS.Broadcast(step);
            for (; k + width <= length; k += width)
            {
                TS.Store(TS.Add(TS.Load(ref xi, k), TS.Multiply(h, TS.Divide(TS.Load(ref sum, k), t))), ref next, k);
            }
        }
        return k;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint UpdateMeasuredFrom<TS, TV>(
        ref T next, ref T xi, ref T sum, T total, T step, nuint k, nuint length, ref T change, ref T size)
        where TS : ISimd<T, TV>
        where TV : struct
    {
        nuint width = (nuint)TS.Count;
        if (k + width <= length)
        {
            TV t = TS.Broadcast(total);
            TV h = TS.Broadcast(step);
            TV c = TS.Zero;
            TV z = TS.Zero;
            for (; k + width <= length; k += width)
            {
                TV current = TS.Load(ref xi, k);
                TV value = TS.Add(current, TS.Multiply(h, TS.Divide(TS.Load(ref sum, k), t)));
                TS.Store(value, ref next, k);
                c = TS.Max(c, TS.Abs(TS.Subtract(value, current)));
                z = TS.Max(z, TS.Abs(current));
            }
            change = T.Max(change, TS.MaxAcross(c));
            size = T.Max(size, TS.MaxAcross(z));
        }
        return k;
    }
}
