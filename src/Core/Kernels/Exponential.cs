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
            e = Blocks<T, Lanes512, Vector512<double>>(values, e);
        }
        if ((typeof(TVec) == typeof(Vector512<T>) || typeof(TVec) == typeof(Vector256<T>)) && Vector256.IsHardwareAccelerated)
        {
            e = Blocks<T, Lanes256, Vector256<double>>(values, e);
        }
        for (; e < values.Length; e++)
        {
            values[e] = Exp(values[e]);
        }
    }

    /// <summary>
    /// The whole blocks of <typeparamref name="TLanes"/> from <paramref name="start"/> on (W doubles, or 2W floats widened to
    /// doubles and narrowed back: one rounding of the double result, as the scalar <see cref="Exp{T}(T)"/>); returns where they end.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Blocks<T, TLanes, TV>(Span<T> values, int start)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : ILanes<TV>
        where TV : struct
    {
        int e = start;
        if (typeof(T) == typeof(double))
        {
            Span<double> x = MemoryMarshal.Cast<T, double>(values);
            for (; e <= x.Length - TLanes.Count; e += TLanes.Count)
            {
                TV v = TLanes.Load(x.Slice(e, TLanes.Count));
                if (TLanes.InRange(v))
                {
                    TLanes.Store(Exp<TLanes, TV>(v), x.Slice(e, TLanes.Count));
                }
                else
                {
                    ScalarBlock(values.Slice(e, TLanes.Count));
                }
            }
        }
        else if (typeof(T) == typeof(float))
        {
            Span<float> x = MemoryMarshal.Cast<T, float>(values);
            for (; e <= x.Length - (2 * TLanes.Count); e += 2 * TLanes.Count)
            {
                (TV lower, TV upper) = TLanes.LoadWidened(x.Slice(e, 2 * TLanes.Count));
                if (TLanes.InRange(lower) && TLanes.InRange(upper))
                {
                    TLanes.StoreNarrowed(Exp<TLanes, TV>(lower), Exp<TLanes, TV>(upper), x.Slice(e, 2 * TLanes.Count));
                }
                else
                {
                    ScalarBlock(values.Slice(e, 2 * TLanes.Count));
                }
            }
        }
        return e;
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

    /// <summary>Lane by lane the operations of <see cref="Exp(double)"/>, for lanes in [−708, 709].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Exp<TLanes, TV>(TV x)
        where TLanes : ILanes<TV>
        where TV : struct
    {
        TV k = TLanes.Round(TLanes.Multiply(x, TLanes.Broadcast(InverseLn2)));
        TV minusK = TLanes.Negate(k);
        TV r = TLanes.MultiplyAdd(minusK, TLanes.Broadcast(Ln2Low), TLanes.MultiplyAdd(minusK, TLanes.Broadcast(Ln2High), x));
        TV p = TLanes.Broadcast(1.0 / 6227020800);
        p = TLanes.MultiplyAdd(p, r, TLanes.Broadcast(1.0 / 479001600));
        p = TLanes.MultiplyAdd(p, r, TLanes.Broadcast(1.0 / 39916800));
        p = TLanes.MultiplyAdd(p, r, TLanes.Broadcast(1.0 / 3628800));
        p = TLanes.MultiplyAdd(p, r, TLanes.Broadcast(1.0 / 362880));
        p = TLanes.MultiplyAdd(p, r, TLanes.Broadcast(1.0 / 40320));
        p = TLanes.MultiplyAdd(p, r, TLanes.Broadcast(1.0 / 5040));
        p = TLanes.MultiplyAdd(p, r, TLanes.Broadcast(1.0 / 720));
        p = TLanes.MultiplyAdd(p, r, TLanes.Broadcast(1.0 / 120));
        p = TLanes.MultiplyAdd(p, r, TLanes.Broadcast(1.0 / 24));
        p = TLanes.MultiplyAdd(p, r, TLanes.Broadcast(1.0 / 6));
        p = TLanes.MultiplyAdd(p, r, TLanes.Broadcast(0.5));
        p = TLanes.MultiplyAdd(p, r, TLanes.Broadcast(1.0));
        p = TLanes.MultiplyAdd(p, r, TLanes.Broadcast(1.0));
        return TLanes.Multiply(p, TLanes.PowerOfTwo(k));
    }

    /// <summary>The few double-lane operations the vector exponential needs, for one width.</summary>
    private interface ILanes<TV>
        where TV : struct
    {
        /// <summary>Doubles per vector.</summary>
        static abstract int Count { get; }

        static abstract TV Broadcast(double value);

        static abstract TV Load(ReadOnlySpan<double> x);

        static abstract void Store(TV value, Span<double> x);

        /// <summary>2·Count floats, widened exactly to two vectors of doubles.</summary>
        static abstract (TV Lower, TV Upper) LoadWidened(ReadOnlySpan<float> x);

        /// <summary>Two vectors of doubles, each lane rounded once to float, stored as 2·Count floats.</summary>
        static abstract void StoreNarrowed(TV lower, TV upper, Span<float> x);

        /// <summary>Every lane in [<see cref="VectorLow"/>, <see cref="VectorHigh"/>] (false for NaN).</summary>
        static abstract bool InRange(TV value);

        static abstract TV Multiply(TV left, TV right);

        static abstract TV Negate(TV value);

        /// <summary>Fused <c>left·right + addend</c>, rounded once.</summary>
        static abstract TV MultiplyAdd(TV left, TV right, TV addend);

        /// <summary>Round half to even.</summary>
        static abstract TV Round(TV value);

        /// <summary>2^k from its bits: k + 1023 in the exponent field (k in [−1021, 1023] here, so 2^k is a normal double).</summary>
        static abstract TV PowerOfTwo(TV k);
    }

    /// <summary>512-bit lanes: 8 doubles.</summary>
    private readonly struct Lanes512 : ILanes<Vector512<double>>
    {
        public static int Count => Vector512<double>.Count;

        public static Vector512<double> Broadcast(double value) => Vector512.Create(value);

        public static Vector512<double> Load(ReadOnlySpan<double> x) => Vector512.Create(x);

        public static void Store(Vector512<double> value, Span<double> x) => value.CopyTo(x);

        public static (Vector512<double> Lower, Vector512<double> Upper) LoadWidened(ReadOnlySpan<float> x) => Vector512.Widen(Vector512.Create(x));

        public static void StoreNarrowed(Vector512<double> lower, Vector512<double> upper, Span<float> x) => Vector512.Narrow(lower, upper).CopyTo(x);

        public static bool InRange(Vector512<double> value)
            => Vector512.GreaterThanOrEqualAll(value, Vector512.Create(VectorLow)) && Vector512.LessThanOrEqualAll(value, Vector512.Create(VectorHigh));

        public static Vector512<double> Multiply(Vector512<double> left, Vector512<double> right) => left * right;

        public static Vector512<double> Negate(Vector512<double> value) => -value;

        public static Vector512<double> MultiplyAdd(Vector512<double> left, Vector512<double> right, Vector512<double> addend)
            => Vector512.FusedMultiplyAdd(left, right, addend);

        public static Vector512<double> Round(Vector512<double> value) => Vector512.Round(value);

        public static Vector512<double> PowerOfTwo(Vector512<double> k) => ((Vector512.ConvertToInt64(k) + Vector512.Create(1023L)) << 52).AsDouble();
    }

    /// <summary>256-bit lanes: 4 doubles.</summary>
    private readonly struct Lanes256 : ILanes<Vector256<double>>
    {
        public static int Count => Vector256<double>.Count;

        public static Vector256<double> Broadcast(double value) => Vector256.Create(value);

        public static Vector256<double> Load(ReadOnlySpan<double> x) => Vector256.Create(x);

        public static void Store(Vector256<double> value, Span<double> x) => value.CopyTo(x);

        public static (Vector256<double> Lower, Vector256<double> Upper) LoadWidened(ReadOnlySpan<float> x) => Vector256.Widen(Vector256.Create(x));

        public static void StoreNarrowed(Vector256<double> lower, Vector256<double> upper, Span<float> x) => Vector256.Narrow(lower, upper).CopyTo(x);

        public static bool InRange(Vector256<double> value)
            => Vector256.GreaterThanOrEqualAll(value, Vector256.Create(VectorLow)) && Vector256.LessThanOrEqualAll(value, Vector256.Create(VectorHigh));

        public static Vector256<double> Multiply(Vector256<double> left, Vector256<double> right) => left * right;

        public static Vector256<double> Negate(Vector256<double> value) => -value;

        public static Vector256<double> MultiplyAdd(Vector256<double> left, Vector256<double> right, Vector256<double> addend)
            => Vector256.FusedMultiplyAdd(left, right, addend);

        public static Vector256<double> Round(Vector256<double> value) => Vector256.Round(value);

        public static Vector256<double> PowerOfTwo(Vector256<double> k) => ((Vector256.ConvertToInt64(k) + Vector256.Create(1023L)) << 52).AsDouble();
    }
}
