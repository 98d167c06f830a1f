using System.Numerics;
using System.Runtime.Intrinsics;
using HardmaxCore.Kernels;

namespace HardmaxCore.UnitTests.Dynamics;

/// <summary>The vector path of <see cref="Exponential.ExpInPlace{T, TVec}"/> gives the scalar function's bits, lane by lane.</summary>
public sealed class ExponentialTests
{
    /// <summary>Inputs of a softmax row ((s − m)/τ ∈ [−cutoff, 0]), both ends of the vector range, and lanes past it.</summary>
    private static double[] Inputs(int count, int seed)
    {
        var random = new Random(seed);
        var x = new double[count];
        for (int e = 0; e < count; e++)
        {
            x[e] = e switch
            {
                0 => 0,
                1 => -708,
                2 => 709,
                3 => -0.0,
                _ => -750 * random.NextDouble() + (e % 7 == 0 ? 40 * random.NextDouble() : 0),
            };
        }
        return x;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(1001)]
    public void Exponential_ExpInPlace_Double_MatchesScalarBits(int count)
    {
        double[] x = Inputs(count, count);
        foreach (double[] vector in EveryWidth(x))
        {
            for (int e = 0; e < count; e++)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(Exponential.Exp(x[e])), BitConverter.DoubleToInt64Bits(vector[e]));
            }
        }
    }

    /// <summary>
    /// Long rows of softmax-like inputs, all in the vector range but for one lane in the middle: every block before and
    /// after that lane goes through the vector path (the 512-bit, then the 256-bit one on the tail), and still gives the
    /// scalar function's bits; the block with the stray lane goes through the scalar function alone.
    /// </summary>
    [Theory]
    [InlineData(1003, false)]
    [InlineData(1003, true)]
    [InlineData(24, true)]
    public void Exponential_ExpInPlace_VectorBlocksAroundAStrayLane_MatchScalarBits(int count, bool stray)
    {
        var random = new Random(count);
        double[] x = Enumerable.Range(0, count).Select(_ => -88 * random.NextDouble()).ToArray();
        if (stray)
        {
            x[count / 2] = -800; // below the vector range: its block alone is scalar
        }
        float[] floats = x.Select(v => (float)v).ToArray();
        foreach ((double[] doubles, float[] single) in EveryWidth(x).Zip(EveryWidth(floats)))
        {
            for (int e = 0; e < count; e++)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(Exponential.Exp(x[e])), BitConverter.DoubleToInt64Bits(doubles[e]));
                Assert.Equal(BitConverter.SingleToInt32Bits(Exponential.Exp(floats[e])), BitConverter.SingleToInt32Bits(single[e]));
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(9)]
    [InlineData(64)]
    [InlineData(1003)]
    public void Exponential_ExpInPlace_Float_MatchesScalarBits(int count)
    {
        float[] x = Inputs(count, count + 1).Select(v => (float)Math.Max(v / 8, -90)).ToArray();
        foreach (float[] vector in EveryWidth(x))
        {
            for (int e = 0; e < count; e++)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(Exponential.Exp(x[e])), BitConverter.SingleToInt32Bits(vector[e]));
            }
        }
    }

    /// <summary>The largest error, in ulp of the float nearest the exact value, that the float exponential may have.</summary>
    private const double MaxFloatUlp = 2;

    /// <summary>
    /// The float exponential against <c>Math.Exp</c> (double, then compared in double) over the floats of [−104, 89]: every
    /// 61st bit pattern by default (about 36 million, every binade), every one of them (2.2·10⁹) with <c>HARDMAX_EXHAUSTIVE=1</c>.
    /// The error is measured in ulp of the float nearest the exact value (2^−149 for subnormal results); results that
    /// overflow must be +∞ exactly. Enforced: ≤ <see cref="MaxFloatUlp"/> ulp.
    /// </summary>
    [Fact]
    public void Exponential_Float_WithinTwoUlpOfMathExp_OverTheRange()
    {
        int stride = Environment.GetEnvironmentVariable("HARDMAX_EXHAUSTIVE") == "1" ? 1 : 61;
        // Negative floats from −0 down to −104 are the bit patterns 0x80000000 .. bits(−104); positives 0 .. bits(89).
        uint negativeEnd = (uint)BitConverter.SingleToInt32Bits(-104f);
        uint positiveEnd = (uint)BitConverter.SingleToInt32Bits(89f);
        var worst = new double[2];
        Parallel.For(0, 2, half =>
        {
            (uint from, uint to) = half == 0 ? (0x80000000u, negativeEnd) : (0u, positiveEnd);
            double largest = 0;
            for (ulong bits = from; bits <= to; bits += (ulong)stride)
            {
                largest = Math.Max(largest, UlpError(BitConverter.Int32BitsToSingle((int)(uint)bits)));
            }
            largest = Math.Max(largest, UlpError(BitConverter.Int32BitsToSingle((int)to)));
            worst[half] = largest;
        });
        Assert.True(worst[0] <= MaxFloatUlp && worst[1] <= MaxFloatUlp, $"largest error {worst[0]:F3} ulp (x ≤ 0), {worst[1]:F3} ulp (x ≥ 0)");
    }

    /// <summary>Special values and the edges of the range, and the vector path on them (every width gives the scalar bits).</summary>
    [Fact]
    public void Exponential_Float_SpecialValues()
    {
        Assert.Equal(1f, Exponential.Exp(0f));
        Assert.Equal(1f, Exponential.Exp(-0f));
        Assert.Equal(0f, Exponential.Exp(float.NegativeInfinity));
        Assert.Equal(float.PositiveInfinity, Exponential.Exp(float.PositiveInfinity));
        Assert.True(float.IsNaN(Exponential.Exp(float.NaN)));
        Assert.Equal(float.PositiveInfinity, Exponential.Exp(88.73f));
        Assert.Equal(float.PositiveInfinity, Exponential.Exp(89f));
        Assert.True(float.IsFinite(Exponential.Exp(88.72f)));
        Assert.Equal(0f, Exponential.Exp(-104f));
        Assert.Equal(0f, Exponential.Exp(-1000f));
        float subnormal = Exponential.Exp(-100f);
        Assert.True(subnormal > 0 && !float.IsNormal(subnormal));
        float[] edges = [0f, -0f, Exponential.FloatLow, Exponential.FloatHigh, -87.5f, 88.5f, -100f, -103.9f, float.Epsilon, -float.Epsilon, 1e-30f, -1e-30f, 1f, -1f, 0.3465736f, -0.3465736f];
        foreach (float x in edges)
        {
            Assert.True(UlpError(x) <= MaxFloatUlp, $"exp({x:R}): {UlpError(x):F3} ulp");
        }
        float[] block = [.. edges, float.NaN, float.NegativeInfinity, float.PositiveInfinity, -50f, -20f, -5f, 5f, 20f, 50f, 80f, -80f, -86.9f, 87.9f, -0.5f, 0.5f];
        foreach (float[] vector in EveryWidth(block))
        {
            for (int e = 0; e < block.Length; e++)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(Exponential.Exp(block[e])), BitConverter.SingleToInt32Bits(vector[e]));
            }
        }
    }

    /// <summary>
    /// The inputs of the vector path, [<see cref="Exponential.FloatLow"/>, <see cref="Exponential.FloatHigh"/>], swept densely:
    /// each width's <see cref="Exponential.ExpInRange{TVec}"/> gives <see cref="Exponential.Exp(float)"/>'s bits lane by lane.
    /// </summary>
    [Fact]
    public void Exponential_ExpInRange_EveryWidth_MatchesScalarBits()
    {
        const int count = 1 << 20;
        var x = new float[count];
        for (int e = 0; e < count; e++)
        {
            x[e] = Exponential.FloatLow + (Exponential.FloatHigh - Exponential.FloatLow) * e / (count - 1);
        }
        for (int e = 0; e + 16 <= count; e += 16)
        {
            Vector512<float> wide = Exponential.ExpInRange(Vector512.Create(x.AsSpan(e, 16)));
            Vector256<float> lower = Exponential.ExpInRange(Vector256.Create(x.AsSpan(e, 8)));
            Vector256<float> upper = Exponential.ExpInRange(Vector256.Create(x.AsSpan(e + 8, 8)));
            for (int l = 0; l < 16; l++)
            {
                int scalar = BitConverter.SingleToInt32Bits(Exponential.Exp(x[e + l]));
                Assert.Equal(scalar, BitConverter.SingleToInt32Bits(Exponential.ExpInRange(x[e + l])));
                Assert.Equal(scalar, BitConverter.SingleToInt32Bits(wide[l]));
                Assert.Equal(scalar, BitConverter.SingleToInt32Bits(l < 8 ? lower[l] : upper[l - 8]));
            }
        }
    }

    /// <summary>
    /// The double exponential against <c>Math.Exp</c> over [−746, 710] (every 1/64 and 200,000 random points): within
    /// <see cref="MaxDoubleUlp"/> ulp of <c>Math.Exp</c>'s result (itself within 1 ulp of e^x), in the subnormal range
    /// within that many multiples of the smallest subnormal; a wrong polynomial coefficient or ln 2 split is off by far more.
    /// </summary>
    [Fact]
    public void Exponential_Double_WithinTwoUlpOfMathExp_OverTheRange()
    {
        var random = new Random(17);
        IEnumerable<double> grid = Enumerable.Range(-746 * 64, (710 + 746) * 64 + 1).Select(i => i / 64.0);
        IEnumerable<double> draws = Enumerable.Range(0, 200_000).Select(_ => -746 + 1456 * random.NextDouble());
        double worst = 0;
        double worstAt = 0;
        foreach (double x in grid.Concat(draws))
        {
            double error = UlpError(x);
            if (error > worst)
            {
                (worst, worstAt) = (error, x);
            }
        }
        Assert.True(worst <= MaxDoubleUlp, $"largest error {worst:F3} ulp at x = {worstAt:R}");
    }

    /// <summary>The double exponential at special values and the edges of its range, scalar and at every kernel width.</summary>
    [Fact]
    public void Exponential_Double_SpecialValues()
    {
        Assert.Equal(1.0, Exponential.Exp(0.0));
        Assert.Equal(1.0, Exponential.Exp(-0.0));
        Assert.Equal(Math.E, Exponential.Exp(1.0), 15);
        Assert.Equal(0.0, Exponential.Exp(double.NegativeInfinity));
        Assert.Equal(double.PositiveInfinity, Exponential.Exp(double.PositiveInfinity));
        Assert.True(double.IsNaN(Exponential.Exp(double.NaN)));
        Assert.Equal(double.PositiveInfinity, Exponential.Exp(709.79));
        Assert.Equal(double.PositiveInfinity, Exponential.Exp(710.5));
        Assert.True(double.IsFinite(Exponential.Exp(709.78)));
        Assert.Equal(0.0, Exponential.Exp(-746.0));
        Assert.Equal(0.0, Exponential.Exp(-1e6));
        double subnormal = Exponential.Exp(-740.0);
        Assert.True(subnormal > 0 && !double.IsNormal(subnormal));
        double[] edges = [0, -0.0, 1, -1, 1e-300, -1e-300, double.Epsilon, 0.34657359027997264, -0.34657359027997264, -708, -708.4, 709, 709.78, -745, -745.13, -740, 700, -700];
        foreach (double x in edges)
        {
            Assert.True(UlpError(x) <= MaxDoubleUlp, $"exp({x:R}): {UlpError(x):F3} ulp");
        }
        double[] block = [.. edges, double.NaN, double.NegativeInfinity, double.PositiveInfinity, -50, -20, -5, 5, 20, 50, 80, -80, -0.5, 0.5];
        foreach (double[] vector in EveryWidth(block))
        {
            for (int e = 0; e < block.Length; e++)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(Exponential.Exp(block[e])), BitConverter.DoubleToInt64Bits(vector[e]));
            }
        }
    }

    /// <summary>The largest error accepted from the double exponential, in ulp of <c>Math.Exp</c>'s result.</summary>
    private const double MaxDoubleUlp = 2;

    /// <summary>|Exp(x) − Math.Exp(x)| in ulp of Math.Exp(x) (the smallest subnormal below the normal range); ∞ when one overflows and the other does not.</summary>
    private static double UlpError(double x)
    {
        double reference = Math.Exp(x);
        double ours = Exponential.Exp(x);
        if (double.IsInfinity(reference) || double.IsInfinity(ours))
        {
            return reference == ours ? 0 : double.PositiveInfinity;
        }
        double ulp = reference >= 2.2250738585072014E-308 ? Math.ScaleB(1.0, Math.ILogB(reference) - 52) : double.Epsilon;
        return Math.Abs(ours - reference) / ulp;
    }

    /// <summary>|Exp(x) − e^x| in ulp of the float nearest e^x (NaN-free inputs); ∞ when one overflows and the other does not.</summary>
    private static double UlpError(float x)
    {
        double exact = Math.Exp(x);
        float ours = Exponential.Exp(x);
        float nearest = (float)exact;
        if (float.IsInfinity(nearest) || float.IsInfinity(ours))
        {
            return nearest == ours ? 0 : double.PositiveInfinity;
        }
        double ulp = nearest >= 1.17549435e-38f ? Math.ScaleB(1.0, Math.ILogB(nearest) - 23) : Math.ScaleB(1.0, -149);
        return Math.Abs(ours - exact) / ulp;
    }

    /// <summary>ExpInPlace of a copy of <paramref name="x"/> at each kernel width: 512-bit, 256-bit, scalar.</summary>
    private static IEnumerable<T[]> EveryWidth<T>(T[] x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] wide = (T[])x.Clone();
        Exponential.ExpInPlace<T, Vector512<T>>(wide);
        yield return wide;
        T[] half = (T[])x.Clone();
        Exponential.ExpInPlace<T, Vector256<T>>(half);
        yield return half;
        T[] scalar = (T[])x.Clone();
        Exponential.ExpInPlace<T, T>(scalar);
        yield return scalar;
    }
}
