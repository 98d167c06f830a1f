using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using HardmaxCore.Kernels;

namespace HardmaxCore.UnitTests.Dynamics;

/// <summary>
/// The kernel width is resolved once into a runner (issue 8 point 4): the factory honours the option and
/// <c>HARDMAX_KERNEL</c>, every part of the layer follows the width, and the row operations of every width give the
/// bits of their scalar definition.
/// </summary>
public sealed class KernelRunnerTests
{
    [Theory]
    [InlineData("Scalar", KernelVariant.Scalar)]
    [InlineData("scalar", KernelVariant.Scalar)]
    [InlineData("Vector256", KernelVariant.Vector256)]
    [InlineData("VECTOR512", KernelVariant.Vector512)]
    public void KernelFactory_Resolve_AutoFollowsTheVariable(string forced, KernelVariant expected)
    {
        Assert.Equal(expected, KernelFactory.Resolve(KernelVariant.Auto, forced));
        // An explicit option wins over the variable.
        Assert.Equal(KernelVariant.Vector256, KernelFactory.Resolve(KernelVariant.Vector256, forced));
    }

    [Fact]
    public void KernelFactory_Resolve_NoVariable_IsTheWidestAccelerated()
    {
        KernelVariant expected = Vector512.IsHardwareAccelerated ? KernelVariant.Vector512
            : Vector256.IsHardwareAccelerated ? KernelVariant.Vector256 : KernelVariant.Scalar;
        Assert.Equal(expected, KernelFactory.Resolve(KernelVariant.Auto, null));
        Assert.Equal(expected, KernelFactory.Resolve(KernelVariant.Auto, ""));
    }

    [Theory]
    [InlineData("Auto")]
    [InlineData("Vector128")]
    [InlineData("7")]
    public void KernelFactory_Resolve_UnknownVariable_Throws(string forced)
    {
        var e = Assert.Throws<InvalidOperationException>(() => KernelFactory.Resolve(KernelVariant.Auto, forced));
        Assert.Contains($"HARDMAX_KERNEL='{forced}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KernelFactory_Create_RunnerRunsTheResolvedWidth()
    {
        foreach (KernelVariant kernel in KernelFactory.All)
        {
            Assert.Equal(kernel, KernelFactory.Create<float>(kernel).Variant);
            Assert.Equal(kernel, KernelFactory.Create<double>(kernel).Variant);
            using var dynamics = new Dynamics<float>(3, 2, DynamicsOptions.Default with { Variant = kernel });
            Assert.Equal(kernel, dynamics.Variant);
            using var layer = new PointLayer<double>(3, 2, DynamicsOptions.Default with { Variant = kernel });
            Assert.Equal(kernel, layer.Variant);
        }
        Assert.Equal(KernelFactory.Resolve(KernelVariant.Auto), KernelFactory.Create<float>(KernelVariant.Auto).Variant);
    }

    [Fact]
    public void Dynamics_Constructor_UnsupportedPrecision_Throws()
    {
        var e = Assert.Throws<NotSupportedException>(() => new Dynamics<Half>(3, 2, DynamicsOptions.Default));
        Assert.Contains("float or double, not Half", e.Message, StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() => new PointLayer<Half>(3, 2, DynamicsOptions.Default));
        Assert.Throws<NotSupportedException>(() => KernelFactory.Create<Half>(KernelVariant.Scalar));
    }

    /// <summary>
    /// RowOps of every width, d = 1 … 40 (every rest length of every width), give the bits of the scalar definition
    /// written here: <c>fma(w, x_j − x_i, sum)</c>, <c>x_i + step·(sum/total)</c>, and the exact maxima.
    /// </summary>
    [Fact]
    public void RowOps_EveryWidth_GivesTheBitsOfTheScalarDefinition()
    {
        var random = new Random(17);
        for (int d = 1; d <= 40; d++)
        {
            CheckRowOps<float>(random, d);
            CheckRowOps<double>(random, d);
        }
    }

    private static void CheckRowOps<T>(Random random, int d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] xi = Values<T>(random, d);
        T[] xj = Values<T>(random, d);
        T[] start = Values<T>(random, d);
        T weight = T.CreateTruncating(random.NextDouble() * 3);
        T total = T.CreateTruncating(0.5 + random.NextDouble() * 3);
        T step = T.CreateTruncating(random.NextDouble());

        var sum = new T[d];
        var next = new T[d];
        T change = T.Zero, size = T.Zero;
        for (int k = 0; k < d; k++)
        {
            sum[k] = T.FusedMultiplyAdd(weight, xj[k] - xi[k], start[k]);
            next[k] = xi[k] + (step * (sum[k] / total));
            change = T.Max(change, T.Abs(next[k] - xi[k]));
            size = T.Max(size, T.Abs(xi[k]));
        }

        Check<T, ScalarSimd<T>, T>(xi, xj, start, weight, total, step, sum, next, new LayerChange<T>(change, size));
        Check<T, Vector256Simd<T>, Vector256<T>>(xi, xj, start, weight, total, step, sum, next, new LayerChange<T>(change, size));
        Check<T, Vector512Simd<T>, Vector512<T>>(xi, xj, start, weight, total, step, sum, next, new LayerChange<T>(change, size));
    }

    private static void Check<T, TSimd, TVec>(T[] xi, T[] xj, T[] start, T weight, T total, T step, T[] sum, T[] next, LayerChange<T> change)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVec>
        where TVec : struct
    {
        int d = xi.Length;
        string where = $"{typeof(T).Name} {typeof(TSimd).Name} d = {d}";
        T[] actualSum = (T[])start.Clone();
        RowOps<T, TSimd, TVec>.AddScaledDifference(ref actualSum[0], ref xj[0], ref xi[0], weight, d);
        AssertBits(sum, actualSum, where + " AddScaledDifference");

        var actualNext = new T[d];
        RowOps<T, TSimd, TVec>.Update(ref actualNext[0], ref xi[0], ref actualSum[0], total, step, d);
        AssertBits(next, actualNext, where + " Update");

        var measuredNext = new T[d];
        LayerChange<T> measured = RowOps<T, TSimd, TVec>.UpdateMeasured(ref measuredNext[0], ref xi[0], ref actualSum[0], total, step, d);
        AssertBits(next, measuredNext, where + " UpdateMeasured");
        Assert.Equal(change, measured);

        T[] cleared = (T[])start.Clone();
        RowOps<T, TSimd, TVec>.Clear(ref cleared[0], d);
        Assert.All(cleared, v => Assert.Equal(T.Zero, v));
    }

    private static T[] Values<T>(Random random, int d)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Enumerable.Range(0, d).Select(_ => T.CreateTruncating((random.NextDouble() - 0.5) * 8)).ToArray();

    private static void AssertBits<T>(T[] expected, T[] actual, string where)
        where T : unmanaged
        => Assert.True(
            MemoryMarshal.AsBytes(expected.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(actual.AsSpan())),
            $"{where}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]");
}
