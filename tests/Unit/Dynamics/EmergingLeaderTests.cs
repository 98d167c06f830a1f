using HardmaxCore.Reference;

namespace HardmaxCore.UnitTests.Dynamics;

/// <summary>
/// The "emerging leader" configuration of [AFZ] Figure 2: leaders {0, 2} at layer 0; token 1 joins them after one step
/// at (−1/18, 5/36) and stays there (SPEC §2 P2, P3: a strict leader does not move and stays a strict leader).
/// </summary>
/// <remarks>
/// Layers 1..K with K = 20 keep every other token at least (2/3)^20 ≈ 3e-4 from its limit, far from any numerical tie
/// with the leaders, so the leader sets are exact there. Token 1 is compared bit for bit with its layer-1 value: the
/// layer is evaluated as z_i + α/(1+α)·mean_{C_i}(z_j − z_i), which is z_i exactly when C_i = {i}.
/// The position (−1/18, 5/36) = z_1 + (1/3)·(z_3 − z_1) is compared within ε (absolute): it comes from at most seven
/// roundings (the inputs −1/12, 1/12, the factor 1/3, the difference, the product, the sum) of numbers of magnitude
/// ≤ 1/4, each off by at most half an ulp of 1/4, i.e. ε/8, which totals 7ε/8 &lt; ε.
/// </remarks>
public sealed class EmergingLeaderTests
{
    private const int Steps = 20;
    private const double DoubleEpsilon = 2.220446049250313e-16;
    private static readonly int[] LayerZeroLeaders = [0, 2];
    private static readonly int[] LaterLeaders = [0, 1, 2];

    [Fact]
    public void ReferenceDynamics_Leaders_EmergingLayerZeroIsTokens0And2()
    {
        double[][] z = Figure2.Configuration("emerging");

        Assert.Equal(LayerZeroLeaders, ReferenceDynamics.Leaders(z, null));
        Assert.Equal(LayerZeroLeaders, ReferenceDynamics.StrictLeaders(z, null));
        Assert.Equal([3], ReferenceDynamics.AttentionSet(z, null, 1));
    }

    [Fact]
    public void ReferenceDynamics_HardmaxTrajectory_EmergingToken1JoinsAtLayer1AndStays()
    {
        double[][] z = Figure2.Configuration("emerging");

        double[][][] layers = ReferenceDynamics.HardmaxTrajectory(z, null, Figure2.Alpha, Steps);

        AssertNear(-1.0 / 18, layers[1][1][0], DoubleEpsilon);
        AssertNear(5.0 / 36, layers[1][1][1], DoubleEpsilon);
        for (int k = 1; k <= Steps; k++)
        {
            Assert.Equal(LaterLeaders, ReferenceDynamics.Leaders(layers[k], null));
            Assert.Equal(LaterLeaders, ReferenceDynamics.StrictLeaders(layers[k], null));
            Assert.Equal(layers[1][1], layers[k][1]);
        }
    }

    [Theory]
    [InlineData(KernelVariant.Scalar)]
    [InlineData(KernelVariant.Vector256)]
    [InlineData(KernelVariant.Vector512)]
    public void DynamicsDouble_Trace_EmergingToken1JoinsAtLayer1AndStays(KernelVariant kernel)
        => TraceEmerging<double>(kernel);

    [Theory]
    [InlineData(KernelVariant.Scalar)]
    [InlineData(KernelVariant.Vector256)]
    [InlineData(KernelVariant.Vector512)]
    public void DynamicsFloat_Trace_EmergingToken1JoinsAtLayer1AndStays(KernelVariant kernel)
        => TraceEmerging<float>(kernel);

    private static void TraceEmerging<T>(KernelVariant kernel)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        double[][] z = Figure2.Configuration("emerging");
        T[] configuration = [.. Figure2.Flatten(z).Select(T.CreateTruncating)];
        using var dynamics = new Dynamics<T>(z.Length, 2, DynamicsOptions.Default with { Alpha = Figure2.Alpha, Variant = kernel });

        Trajectory<T> trace = dynamics.Trace(configuration, Steps);

        Assert.Equal(LayerZeroLeaders, trace.Leaders[0]);
        Assert.Equal(LayerZeroLeaders, trace.StrictLeaders[0]);
        Assert.Equal([3], trace.AttentionSets[0][1]);
        double epsilon = double.CreateTruncating(T.BitIncrement(T.One) - T.One);
        T[] token1 = trace.Layers[1][2..4];
        AssertNear(-1.0 / 18, double.CreateTruncating(token1[0]), epsilon);
        AssertNear(5.0 / 36, double.CreateTruncating(token1[1]), epsilon);
        for (int k = 1; k <= Steps; k++)
        {
            Assert.Equal(LaterLeaders, trace.Leaders[k]);
            Assert.Equal(LaterLeaders, trace.StrictLeaders[k]);
            Assert.Equal([1], trace.AttentionSets[k][1]);
            Assert.Equal(token1, trace.Layers[k][2..4]);
        }
    }

    private static void AssertNear(double expected, double actual, double tolerance)
        => Assert.True(Math.Abs(expected - actual) <= tolerance, $"expected {expected:R}, got {actual:R} (allowed {tolerance:E2})");
}
