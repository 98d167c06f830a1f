using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace HardmaxCore.Kernels;

/// <summary>
/// <c>exp(x)</c> from additions, multiplications, fused multiply–adds and an exact scaling by a power of two only, so it
/// gives the same bits on every IEEE 754 machine (SPEC §1.4; README: results do not depend on the vector width).
/// </summary>
/// <remarks>
/// <para><c>TensorPrimitives.Exp</c> picks its own vector width from the hardware (and falls back to the C library's exp), so
/// its last bit differs between an AVX-512, an AVX2 and a scalar machine; the softmax weights must not.</para>
/// <para>Double: Cody–Waite reduction <c>x = k·ln 2 + r</c>, <c>|r| ≤ ln 2 / 2</c>, with ln 2 split in two so <c>k·ln2_hi</c> is
/// exact; then the Taylor polynomial of degree 13 (its remainder <c>r¹⁴/14! &lt; 5·10⁻¹⁸</c>, under half an ulp) by Horner's
/// rule; then <c>2^k</c> by <see cref="double.ScaleB"/>. About one ulp from the correctly rounded value.</para>
/// <para>Float (after 0.1.0, see CHANGELOG.md; before, float was computed in double and rounded once): the same reduction in float with
/// ln 2 = 0.693359375 − 2.12194440·10⁻⁴ (the first part has 9 significant bits, so <c>k·ln2_hi</c> is exact), then
/// <c>exp(r) ≈ 1 + r + r²·P(r)</c> with P the degree-5 minimax polynomial of Cephes' <c>expf</c> by Horner's rule (FMAs), then
/// the product by 2^k built from its bits. Every lane of every width runs these operations in this order, so a float
/// weight has the same bits at 512 bits, 256 bits and scalar. At most 2 ulp from <c>Math.Exp</c> over every float in
/// [−104, 89] (tests/Unit/Dynamics/ExponentialTests: a dense sweep by default, every float with <c>HARDMAX_EXHAUSTIVE=1</c>).</para>
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
            return Unsafe.BitCast<float, T>(Exp(Unsafe.BitCast<T, float>(x)));
        }
        return Unsafe.BitCast<double, T>(Exp(Unsafe.BitCast<T, double>(x)));
    }

    /// <summary>log₂ e in float.</summary>
    private const float Log2EFloat = 1.44269504088896341f;

    /// <summary>ln 2 to 9 significant bits (0x3F318000): k·Ln2HighFloat is exact for every k a float exponent needs.</summary>
    private const float Ln2HighFloat = 0.693359375f;

    /// <summary>ln 2 − <see cref="Ln2HighFloat"/>.</summary>
    private const float Ln2LowFloat = -2.12194440e-4f;

    /// <summary>
    /// The float vector range: for x in [−87, 88], k = round(x·log₂e) ∈ [−126, 127], so 2^k is a normal float and
    /// <see cref="ExpInRange{TVec}"/> needs no special case.
    /// </summary>
    public const float FloatLow = -87f;

    /// <summary>The upper end of the float vector range (see <see cref="FloatLow"/>).</summary>
    public const float FloatHigh = 88f;

    /// <summary><c>exp(x)</c> in float: the same bits as every vector lane of <see cref="ExpInPlace{T, TVec}"/>; NaN gives NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Exp(float x)
    {
        if (x >= FloatLow && x <= FloatHigh)
        {
            return Float<FloatLane, float>(x);
        }
        if (!(x > -104f))
        {
            return float.IsNaN(x) ? x : 0f; // exp(−104) < 2^−150: rounds to 0
        }
        if (x > 89f)
        {
            return float.PositiveInfinity;
        }
        // (−104, −87) or (88, 89]: k ∈ [−150, 129]; 2^k in two normal factors, the first product exact, the second rounded
        // once (to a subnormal, or to ∞ past the largest float).
        float k = MathF.Round(x * Log2EFloat);
        float y = Polynomial<FloatLane, float>(x, k);
        int e = (int)k;
        int first = e / 2;
        return y * FloatLane.PowerOfTwo(first) * FloatLane.PowerOfTwo(e - first);
    }

    /// <summary>
    /// <c>exp(x)</c> lane by lane for lanes already in the vector range (the caller clamps): [<see cref="FloatLow"/>,
    /// <see cref="FloatHigh"/>] for <c>Vector512&lt;float&gt;</c>, <c>Vector256&lt;float&gt;</c> or <c>float</c>, the same bits as
    /// <see cref="Exp(float)"/>; [−708, 709] for the double widths, the same bits as <see cref="Exp(double)"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec ExpInRange<TVec>(TVec x)
        where TVec : struct
    {
        if (typeof(TVec) == typeof(Vector512<float>))
        {
            return Unsafe.BitCast<Vector512<float>, TVec>(Float<FloatLanes512, Vector512<float>>(Unsafe.BitCast<TVec, Vector512<float>>(x)));
        }
        if (typeof(TVec) == typeof(Vector256<float>))
        {
            return Unsafe.BitCast<Vector256<float>, TVec>(Float<FloatLanes256, Vector256<float>>(Unsafe.BitCast<TVec, Vector256<float>>(x)));
        }
        if (typeof(TVec) == typeof(float))
        {
            return Unsafe.BitCast<float, TVec>(Float<FloatLane, float>(Unsafe.BitCast<TVec, float>(x)));
        }
        if (typeof(TVec) == typeof(Vector512<double>))
        {
            return Unsafe.BitCast<Vector512<double>, TVec>(Exp<Lanes512, Vector512<double>>(Unsafe.BitCast<TVec, Vector512<double>>(x)));
        }
        if (typeof(TVec) == typeof(Vector256<double>))
        {
            return Unsafe.BitCast<Vector256<double>, TVec>(Exp<Lanes256, Vector256<double>>(Unsafe.BitCast<TVec, Vector256<double>>(x)));
        }
        if (typeof(TVec) == typeof(double))
        {
            return Unsafe.BitCast<double, TVec>(Exp(Unsafe.BitCast<TVec, double>(x)));
        }
        throw new NotSupportedException();
    }

    /// <summary>The float exponential of lanes in [<see cref="FloatLow"/>, <see cref="FloatHigh"/>]: reduction, polynomial, 2^k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Float<TLanes, TV>(TV x)
        where TLanes : IFloatLanes<TV>
        where TV : struct
    {
        TV k = TLanes.Round(TLanes.Multiply(x, TLanes.Broadcast(Log2EFloat)));
        return TLanes.ScaleByPowerOfTwo(Polynomial<TLanes, TV>(x, k), k);
    }

    /// <summary><c>exp(r)</c>, <c>r = x − k·ln 2</c> (Cody–Waite, two FMAs), as <c>1 + (r + r²·P(r))</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Polynomial<TLanes, TV>(TV x, TV k)
        where TLanes : IFloatLanes<TV>
        where TV : struct
    {
        TV r = TLanes.MultiplyAdd(k, TLanes.Broadcast(-Ln2HighFloat), x);
        r = TLanes.MultiplyAdd(k, TLanes.Broadcast(-Ln2LowFloat), r);
        TV p = TLanes.Broadcast(1.9875691500e-4f);
        p = TLanes.MultiplyAdd(p, r, TLanes.Broadcast(1.3981999507e-3f));
        p = TLanes.MultiplyAdd(p, r, TLanes.Broadcast(8.3334519073e-3f));
        p = TLanes.MultiplyAdd(p, r, TLanes.Broadcast(4.1665795894e-2f));
        p = TLanes.MultiplyAdd(p, r, TLanes.Broadcast(1.6666665459e-1f));
        p = TLanes.MultiplyAdd(p, r, TLanes.Broadcast(5.0000001201e-1f));
        TV y = TLanes.MultiplyAdd(p, TLanes.Multiply(r, r), r);
        return TLanes.Add(y, TLanes.Broadcast(1f));
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
    /// a block with a lane outside [−708, 709] (double) or [<see cref="FloatLow"/>, <see cref="FloatHigh"/>] (float), or a NaN,
    /// goes through the scalar function, and the next block is a vector again.
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
        if (typeof(T) == typeof(float))
        {
            Span<float> x = MemoryMarshal.Cast<T, float>(values);
            if (typeof(TVec) == typeof(Vector512<T>) && Vector512.IsHardwareAccelerated)
            {
                e = FloatBlocks<FloatLanes512, Vector512<float>>(x, e);
            }
            if ((typeof(TVec) == typeof(Vector512<T>) || typeof(TVec) == typeof(Vector256<T>)) && Vector256.IsHardwareAccelerated)
            {
                e = FloatBlocks<FloatLanes256, Vector256<float>>(x, e);
            }
            for (; e < x.Length; e++)
            {
                x[e] = Exp(x[e]);
            }
            return;
        }
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

    /// <summary>Whole float vectors from <paramref name="start"/> on; a vector with a lane outside the range (or NaN) goes through <see cref="Exp(float)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FloatBlocks<TLanes, TV>(Span<float> x, int start)
        where TLanes : IFloatLanes<TV>
        where TV : struct
    {
        int e = start;
        for (; e <= x.Length - TLanes.Count; e += TLanes.Count)
        {
            Span<float> block = x.Slice(e, TLanes.Count);
            TV v = TLanes.Load(block);
            if (TLanes.InRange(v))
            {
                TLanes.Store(Float<TLanes, TV>(v), block);
            }
            else
            {
                for (int l = 0; l < block.Length; l++)
                {
                    block[l] = Exp(block[l]);
                }
            }
        }
        return e;
    }

    /// <summary>
    /// The whole blocks of <typeparamref name="TLanes"/> from <paramref name="start"/> on (W doubles each); returns where they end.
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

        public static bool InRange(Vector512<double> value)
            => Vector512.GreaterThanOrEqualAll(value, Vector512.Create(VectorLow)) && Vector512.LessThanOrEqualAll(value, Vector512.Create(VectorHigh));

        public static Vector512<double> Multiply(Vector512<double> left, Vector512<double> right) => left * right;

        public static Vector512<double> Negate(Vector512<double> value) => -value;

        public static Vector512<double> MultiplyAdd(Vector512<double> left, Vector512<double> right, Vector512<double> addend)
            => Vector512.FusedMultiplyAdd(left, right, addend);

        public static Vector512<double> Round(Vector512<double> value) => Vector512.Round(value);

        public static Vector512<double> PowerOfTwo(Vector512<double> k) => ((Vector512.ConvertToInt64Native(k) + Vector512.Create(1023L)) << 52).AsDouble();
    }

    /// <summary>256-bit lanes: 4 doubles.</summary>
    private readonly struct Lanes256 : ILanes<Vector256<double>>
    {
        public static int Count => Vector256<double>.Count;

        public static Vector256<double> Broadcast(double value) => Vector256.Create(value);

        public static Vector256<double> Load(ReadOnlySpan<double> x) => Vector256.Create(x);

        public static void Store(Vector256<double> value, Span<double> x) => value.CopyTo(x);

        public static bool InRange(Vector256<double> value)
            => Vector256.GreaterThanOrEqualAll(value, Vector256.Create(VectorLow)) && Vector256.LessThanOrEqualAll(value, Vector256.Create(VectorHigh));

        public static Vector256<double> Multiply(Vector256<double> left, Vector256<double> right) => left * right;

        public static Vector256<double> Negate(Vector256<double> value) => -value;

        public static Vector256<double> MultiplyAdd(Vector256<double> left, Vector256<double> right, Vector256<double> addend)
            => Vector256.FusedMultiplyAdd(left, right, addend);

        public static Vector256<double> Round(Vector256<double> value) => Vector256.Round(value);

        public static Vector256<double> PowerOfTwo(Vector256<double> k) => ((Vector256.ConvertToInt64Native(k) + Vector256.Create(1023L)) << 52).AsDouble();
    }
    /// <summary>The float operations of the exponential, for one width (a single float is the scalar width).</summary>
    private interface IFloatLanes<TV>
        where TV : struct
    {
        /// <summary>Floats per vector.</summary>
        static abstract int Count { get; }

        static abstract TV Broadcast(float value);

        static abstract TV Load(ReadOnlySpan<float> x);

        static abstract void Store(TV value, Span<float> x);

        /// <summary>Every lane in [<see cref="FloatLow"/>, <see cref="FloatHigh"/>] (false for NaN).</summary>
        static abstract bool InRange(TV value);

        static abstract TV Add(TV left, TV right);

        static abstract TV Multiply(TV left, TV right);

        /// <summary>Fused <c>left·right + addend</c>, rounded once.</summary>
        static abstract TV MultiplyAdd(TV left, TV right, TV addend);

        /// <summary>Round half to even.</summary>
        static abstract TV Round(TV value);

        /// <summary>2^k from its bits: k + 127 in the exponent field (k in [−126, 127], an integer).</summary>
        static abstract TV PowerOfTwo(TV k);

        /// <summary>
        /// <c>y·2^k</c> rounded once (k in [−126, 127], an integer): <c>y·</c><see cref="PowerOfTwo"/><c>(k)</c>, or AVX-512's
        /// <c>vscalefps</c>, which computes the same correctly rounded product in one instruction (so the same bits).
        /// </summary>
        static abstract TV ScaleByPowerOfTwo(TV y, TV k);
    }

    /// <summary>One float.</summary>
    private readonly struct FloatLane : IFloatLanes<float>
    {
        public static int Count => 1;

        public static float Broadcast(float value) => value;

        public static float Load(ReadOnlySpan<float> x) => x[0];

        public static void Store(float value, Span<float> x) => x[0] = value;

        public static bool InRange(float value) => value >= FloatLow && value <= FloatHigh;

        public static float Add(float left, float right) => left + right;

        public static float Multiply(float left, float right) => left * right;

        public static float MultiplyAdd(float left, float right, float addend) => MathF.FusedMultiplyAdd(left, right, addend);

        public static float Round(float value) => MathF.Round(value);

        public static float PowerOfTwo(float k) => PowerOfTwo((int)k);

        public static float ScaleByPowerOfTwo(float y, float k) => y * PowerOfTwo(k);

        /// <summary>2^e for e in [−126, 127].</summary>
        public static float PowerOfTwo(int e) => BitConverter.Int32BitsToSingle((e + 127) << 23);
    }

    /// <summary>16 floats.</summary>
    private readonly struct FloatLanes512 : IFloatLanes<Vector512<float>>
    {
        public static int Count => Vector512<float>.Count;

        public static Vector512<float> Broadcast(float value) => Vector512.Create(value);

        public static Vector512<float> Load(ReadOnlySpan<float> x) => Vector512.Create(x);

        public static void Store(Vector512<float> value, Span<float> x) => value.CopyTo(x);

        public static bool InRange(Vector512<float> value)
            => Vector512.GreaterThanOrEqualAll(value, Vector512.Create(FloatLow)) && Vector512.LessThanOrEqualAll(value, Vector512.Create(FloatHigh));

        public static Vector512<float> Add(Vector512<float> left, Vector512<float> right) => left + right;

        public static Vector512<float> Multiply(Vector512<float> left, Vector512<float> right) => left * right;

        public static Vector512<float> MultiplyAdd(Vector512<float> left, Vector512<float> right, Vector512<float> addend)
            => Vector512.FusedMultiplyAdd(left, right, addend);

        public static Vector512<float> Round(Vector512<float> value) => Vector512.Round(value);

        public static Vector512<float> PowerOfTwo(Vector512<float> k) => ((Vector512.ConvertToInt32Native(k) + Vector512.Create(127)) << 23).AsSingle();

        public static Vector512<float> ScaleByPowerOfTwo(Vector512<float> y, Vector512<float> k)
            => Avx512F.IsSupported ? Avx512F.Scale(y, k) : y * PowerOfTwo(k);
    }

    /// <summary>8 floats.</summary>
    private readonly struct FloatLanes256 : IFloatLanes<Vector256<float>>
    {
        public static int Count => Vector256<float>.Count;

        public static Vector256<float> Broadcast(float value) => Vector256.Create(value);

        public static Vector256<float> Load(ReadOnlySpan<float> x) => Vector256.Create(x);

        public static void Store(Vector256<float> value, Span<float> x) => value.CopyTo(x);

        public static bool InRange(Vector256<float> value)
            => Vector256.GreaterThanOrEqualAll(value, Vector256.Create(FloatLow)) && Vector256.LessThanOrEqualAll(value, Vector256.Create(FloatHigh));

        public static Vector256<float> Add(Vector256<float> left, Vector256<float> right) => left + right;

        public static Vector256<float> Multiply(Vector256<float> left, Vector256<float> right) => left * right;

        public static Vector256<float> MultiplyAdd(Vector256<float> left, Vector256<float> right, Vector256<float> addend)
            => Vector256.FusedMultiplyAdd(left, right, addend);

        public static Vector256<float> Round(Vector256<float> value) => Vector256.Round(value);

        public static Vector256<float> PowerOfTwo(Vector256<float> k) => ((Vector256.ConvertToInt32Native(k) + Vector256.Create(127)) << 23).AsSingle();

        public static Vector256<float> ScaleByPowerOfTwo(Vector256<float> y, Vector256<float> k)
            => Avx512F.VL.IsSupported ? Avx512F.VL.Scale(y, k) : y * PowerOfTwo(k);
    }
}
