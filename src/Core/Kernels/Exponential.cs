using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace HardmaxCore.Kernels;

/// <summary>
/// <c>exp(x)</c> from additions, multiplications, fused multiply–adds and an exact scaling by a power of two only, so it
/// gives the same bits on every IEEE 754 machine (SPEC §1.4; README: results do not depend on the vector width).
/// </summary>
/// <remarks>
/// <c>TensorPrimitives.Exp</c> picks its own vector width from the hardware (and falls back to the C library's exp), so
/// its last bit differs between an AVX-512, an AVX2 and a scalar machine; the softmax weights must not. Cody–Waite
/// reduction <c>x = k·ln 2 + r</c>, <c>|r| ≤ ln 2 / 2</c>, with ln 2 split in two so <c>k·ln2_hi</c> is exact; then the Taylor
/// polynomial of degree 13 (its remainder <c>r¹⁴/14! &lt; 5·10⁻¹⁸</c>, under half an ulp) by Horner's rule; then
/// <c>2^k</c> by <see cref="double.ScaleB"/>. About one ulp from the correctly rounded value. Float is computed in double
/// and rounded once.
/// </remarks>
internal static class Exponential
{
    /// <summary>ln 2 rounded to 32 significant bits, so k·Ln2High is exact for |k| &lt; 2²⁰ (fdlibm's split).</summary>
    private const double Ln2High = 6.93147180369123816490e-01;

    /// <summary>ln 2 − <see cref="Ln2High"/>.</summary>
    private const double Ln2Low = 1.90821492927058770002e-10;

    /// <summary>1 / ln 2.</summary>
    private const double InverseLn2 = 1.44269504088896338700e+00;

    /// <summary><c>exp(x)</c>, the same bits on every machine; NaN gives NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Exp<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            return Unsafe.BitCast<float, T>((float)Exp((double)Unsafe.BitCast<T, float>(x)));
        }
        return Unsafe.BitCast<double, T>(Exp(Unsafe.BitCast<T, double>(x)));
    }

    /// <summary><c>exp(x)</c> in double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Exp(double x)
    {
        if (!(x > -746))
        {
            return double.IsNaN(x) ? x : 0; // below the smallest subnormal
        }
        if (x > 710)
        {
            return double.PositiveInfinity;
        }
        double k = Math.Round(x * InverseLn2);
        double r = Math.FusedMultiplyAdd(-k, Ln2Low, Math.FusedMultiplyAdd(-k, Ln2High, x));
        double p = 1.0 / 6227020800; // 1/13!
        p = Math.FusedMultiplyAdd(p, r, 1.0 / 479001600);
        p = Math.FusedMultiplyAdd(p, r, 1.0 / 39916800);
        p = Math.FusedMultiplyAdd(p, r, 1.0 / 3628800);
        p = Math.FusedMultiplyAdd(p, r, 1.0 / 362880);
        p = Math.FusedMultiplyAdd(p, r, 1.0 / 40320);
        p = Math.FusedMultiplyAdd(p, r, 1.0 / 5040);
        p = Math.FusedMultiplyAdd(p, r, 1.0 / 720);
        p = Math.FusedMultiplyAdd(p, r, 1.0 / 120);
        p = Math.FusedMultiplyAdd(p, r, 1.0 / 24);
        p = Math.FusedMultiplyAdd(p, r, 1.0 / 6);
        p = Math.FusedMultiplyAdd(p, r, 0.5);
        p = Math.FusedMultiplyAdd(p, r, 1.0);
        p = Math.FusedMultiplyAdd(p, r, 1.0);
        return double.ScaleB(p, (int)k);
    }

    /// <summary>Below this the result may be subnormal (2^k no longer normal): the vector path leaves such lanes to <see cref="Exp(double)"/>.</summary>
    private const double VectorLow = -708;

    /// <summary>Above this the result may overflow: the vector path leaves such lanes to <see cref="Exp(double)"/>.</summary>
    private const double VectorHigh = 709;

    /// <summary>
    /// <c>values[e] = Exp(values[e])</c> for every element, the same bits as the scalar <see cref="Exp{T}(T)"/>: the vector
    /// path runs the same operations lane by lane (multiply, round half to even, fused multiply–adds, and the exact
    /// product by 2^k built from its bits, equal to <see cref="double.ScaleB"/> while 2^k and the result are normal);
    /// a block with a lane outside [−708, 709] (or NaN) goes through the scalar function, and the next block is a vector again.
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <typeparam name="TVec">The kernel width in use (<see cref="KernelFactory"/>): <c>Vector512&lt;T&gt;</c> runs 512-bit blocks,
    /// then 256-bit ones, then single lanes; <c>Vector256&lt;T&gt;</c> starts at 256 bits; <c>T</c> itself is scalar throughout, so
    /// a forced width (<c>HARDMAX_KERNEL</c>) holds here too. The bits are the same whichever runs.</typeparam>
    public static void ExpInPlace<T, TVec>(Span<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVec : struct
    {
        int e = 0;
        if (typeof(TVec) == typeof(Vector512<T>) && Vector512.IsHardwareAccelerated)
        {
            if (typeof(T) == typeof(double))
            {
                Span<double> x = MemoryMarshal.Cast<T, double>(values);
                for (; e <= x.Length - Vector512<double>.Count; e += Vector512<double>.Count)
                {
                    Vector512<double> v = Vector512.Create<double>(x.Slice(e, Vector512<double>.Count));
                    if (InRange(v))
                    {
                        Exp(v).CopyTo(x.Slice(e, Vector512<double>.Count));
                    }
                    else
                    {
                        ScalarBlock(values.Slice(e, Vector512<double>.Count));
                    }
                }
            }
            else if (typeof(T) == typeof(float))
            {
                Span<float> x = MemoryMarshal.Cast<T, float>(values);
                for (; e <= x.Length - Vector512<float>.Count; e += Vector512<float>.Count)
                {
                    (Vector512<double> lower, Vector512<double> upper) = Vector512.Widen(Vector512.Create<float>(x.Slice(e, Vector512<float>.Count)));
                    if (InRange(lower) && InRange(upper))
                    {
                        Vector512.Narrow(Exp(lower), Exp(upper)).CopyTo(x.Slice(e, Vector512<float>.Count));
                    }
                    else
                    {
                        ScalarBlock(values.Slice(e, Vector512<float>.Count));
                    }
                }
            }
        }
        if ((typeof(TVec) == typeof(Vector512<T>) || typeof(TVec) == typeof(Vector256<T>)) && Vector256.IsHardwareAccelerated)
        {
            if (typeof(T) == typeof(double))
            {
                Span<double> x = MemoryMarshal.Cast<T, double>(values);
                for (; e <= x.Length - Vector256<double>.Count; e += Vector256<double>.Count)
                {
                    Vector256<double> v = Vector256.Create<double>(x.Slice(e, Vector256<double>.Count));
                    if (InRange(v))
                    {
                        Exp(v).CopyTo(x.Slice(e, Vector256<double>.Count));
                    }
                    else
                    {
                        ScalarBlock(values.Slice(e, Vector256<double>.Count));
                    }
                }
            }
            else if (typeof(T) == typeof(float))
            {
                Span<float> x = MemoryMarshal.Cast<T, float>(values);
                for (; e <= x.Length - Vector256<float>.Count; e += Vector256<float>.Count)
                {
                    (Vector256<double> lower, Vector256<double> upper) = Vector256.Widen(Vector256.Create<float>(x.Slice(e, Vector256<float>.Count)));
                    if (InRange(lower) && InRange(upper))
                    {
                        // (float)Exp(double): one rounding of the double result, as the scalar Exp<float>.
                        Vector256.Narrow(Exp(lower), Exp(upper)).CopyTo(x.Slice(e, Vector256<float>.Count));
                    }
                    else
                    {
                        ScalarBlock(values.Slice(e, Vector256<float>.Count));
                    }
                }
            }
        }
        for (; e < values.Length; e++)
        {
            values[e] = Exp(values[e]);
        }
    }

    /// <summary><c>values[e] = Exp(values[e])</c> one element at a time: a block with a lane the vector path leaves out.</summary>
    private static void ScalarBlock<T>(Span<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int e = 0; e < values.Length; e++)
        {
            values[e] = Exp(values[e]);
        }
    }

    private static bool InRange(Vector512<double> v)
        => Vector512.GreaterThanOrEqualAll(v, Vector512.Create(VectorLow)) && Vector512.LessThanOrEqualAll(v, Vector512.Create(VectorHigh));

    /// <summary>Lane by lane the operations of <see cref="Exp(double)"/>, for lanes in [−708, 709].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Exp(Vector512<double> x)
    {
        Vector512<double> k = Vector512.Round(x * Vector512.Create(InverseLn2));
        Vector512<double> r = Vector512.FusedMultiplyAdd(-k, Vector512.Create(Ln2Low), Vector512.FusedMultiplyAdd(-k, Vector512.Create(Ln2High), x));
        Vector512<double> p = Vector512.Create(1.0 / 6227020800);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 479001600));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 39916800));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 3628800));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 362880));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 40320));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 5040));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 720));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 120));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 24));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 6));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(0.5));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0));
        Vector512<long> bits = (Vector512.ConvertToInt64(k) + Vector512.Create(1023L)) << 52;
        return p * bits.AsDouble();
    }

    private static bool InRange(Vector256<double> v)
        => Vector256.GreaterThanOrEqualAll(v, Vector256.Create(VectorLow)) && Vector256.LessThanOrEqualAll(v, Vector256.Create(VectorHigh));

    /// <summary>Lane by lane the operations of <see cref="Exp(double)"/>, for lanes in [−708, 709].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Exp(Vector256<double> x)
    {
        Vector256<double> k = Vector256.Round(x * Vector256.Create(InverseLn2));
        Vector256<double> r = Vector256.FusedMultiplyAdd(-k, Vector256.Create(Ln2Low), Vector256.FusedMultiplyAdd(-k, Vector256.Create(Ln2High), x));
        Vector256<double> p = Vector256.Create(1.0 / 6227020800);
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 479001600));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 39916800));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 3628800));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 362880));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 40320));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 5040));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 720));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 120));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 24));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 6));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(0.5));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0));
        // 2^k from its bits: k + 1023 in the exponent field (k in [−1021, 1023] here, so 2^k is a normal double).
        Vector256<long> bits = (Vector256.ConvertToInt64(k) + Vector256.Create(1023L)) << 52;
        return p * bits.AsDouble();
    }
}
