using System.Runtime.InteropServices;

namespace HardmaxCore.UnitTests.Dynamics;

/// <summary>The stopping rule in Core (SPEC §1.5): Run reports the last layer's change; RunToConvergence takes the attention.</summary>
public sealed class LayerChangeTests
{
    [Theory]
    [InlineData(Attention.Hardmax, 1)]
    [InlineData(Attention.Hardmax, 6)]
    [InlineData(Attention.Softmax, 4)]
    public void Dynamics_Run_ReportsTheLastLayersChange(Attention attention, int steps)
    {
        const int n = 11;
        const int d = 3;
        var options = DynamicsOptions.Default with { Alpha = 0.5, Temperature = 0.5, MaxDegreeOfParallelism = 1 };
        using var dynamics = new Dynamics<double>(n, d, options);
        double[] z = GoldenBitsTests.Configuration<double>(2 * n, d);
        var trajectory = new double[2 * (steps + 1) * n * d];
        double[] traced = (double[])z.Clone();
        dynamics.Run(traced, steps, trajectory, attention);

        var changes = new LayerChange<double>[2];
        dynamics.Run(z, steps, changes, attention);

        Assert.True(z.AsSpan().SequenceEqual(traced), "Run with changes ends elsewhere than Run");
        for (int b = 0; b < 2; b++)
        {
            ReadOnlySpan<double> layers = trajectory.AsSpan(b * (steps + 1) * n * d, (steps + 1) * n * d);
            LayerChange<double> expected = LayerChange<double>.Between(layers.Slice((steps - 1) * n * d, n * d), layers.Slice(steps * n * d, n * d));
            Assert.Equal(expected, changes[b]);
        }
    }

    [Fact]
    public void LayerChange_MeetsStoppingRule_IsChangeAtMostTolTimesOnePlusSize()
    {
        Assert.True(new LayerChange<double>(2e-6, 1).MeetsStoppingRule(1e-6));
        Assert.False(new LayerChange<double>(2.0000001e-6, 1).MeetsStoppingRule(1e-6));
        Assert.True(new LayerChange<float>(0, 0).MeetsStoppingRule(1e-6));
        Assert.False(new LayerChange<double>(double.NaN, 0).MeetsStoppingRule(1));
        LayerChange<float> between = LayerChange<float>.Between([1, -3, 2], [1.5f, -3, 0]);
        Assert.Equal(new LayerChange<float>(2, 3), between);
    }

    /// <summary>A softmax run to convergence stops at the first layer that meets the rule, as layers run one at a time say.</summary>
    [Fact]
    public void Dynamics_RunToConvergence_Softmax_StopsWhereTheRuleHolds()
    {
        const int n = 9;
        const int d = 2;
        const double tolerance = 1e-9;
        var options = DynamicsOptions.Default with { Alpha = 1, Temperature = 2, MaxDegreeOfParallelism = 1 };
        using var dynamics = new Dynamics<double>(n, d, options);
        double[] z = GoldenBitsTests.Configuration<double>(n, d);
        double[] stepped = (double[])z.Clone();
        var results = new Convergence[1];
        dynamics.RunToConvergence(z, tolerance, 10_000, results, Attention.Softmax);

        var change = new LayerChange<double>[1];
        int steps = 0;
        do
        {
            dynamics.Run(stepped, 1, change, Attention.Softmax);
            steps++;
        }
        while (!change[0].MeetsStoppingRule(tolerance) && steps < 10_000);

        Assert.True(results[0].Converged);
        Assert.Equal(steps, results[0].Steps);
        Assert.True(MemoryMarshal.AsBytes(z.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(stepped.AsSpan())));
    }

    [Fact]
    public void PointLayer_Step_RecordsWeightsAndRejectsBadArguments()
    {
        const int d = 2;
        using var layer = new PointLayer<double>(4, d, DynamicsOptions.Default with { Temperature = 0.5 });
        double[] points = [0, 0, 1, 0, 0, 1];
        double[] multiplicity = [2, 1, 1];
        var next = new double[6];
        var record = new AttentionRecord<double>(4);

        layer.Step(points, multiplicity, next, alpha: 1, Attention.Hardmax, record);
        // Point 1 (score 1 with itself, 0 with the others) attends to itself alone: weight c_1 = 1.
        Assert.Equal(3, record.Rows);
        Assert.Equal([1], record.Columns(1).ToArray());
        Assert.Equal([1.0], record.Weights(1).ToArray());
        // Point 0 is the origin: every score is 0, a three-way tie, weights the multiplicities.
        Assert.Equal([0, 1, 2], record.Columns(0).ToArray());
        Assert.Equal([2.0, 1, 1], record.Weights(0).ToArray());
        Assert.Equal(4.0, record.Total(0));

        layer.Step(points, multiplicity, next, alpha: 1, Attention.Softmax, record);
        for (int i = 0; i < 3; i++)
        {
            double total = 0;
            foreach (double w in record.Weights(i))
            {
                total += w;
            }
            Assert.Equal(total, record.Total(i));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => layer.Step(points, multiplicity, next, alpha: -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => layer.Step(new double[10], new double[5], new double[10], alpha: 1));
        Assert.Throws<ArgumentException>(() => layer.Step(points, multiplicity, new double[4], alpha: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => record.Columns(3));
    }
}
