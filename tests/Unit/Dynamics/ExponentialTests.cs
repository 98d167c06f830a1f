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
