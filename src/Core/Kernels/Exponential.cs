using System.Runtime.CompilerServices;

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
}
