using HardmaxCore.Reference;

namespace HardmaxCore.UnitTests.Readme;

/// <summary>The C# example of the README, kept compiling and correct here.</summary>
public sealed class ReadmeExampleTests
{
    [Fact]
    public void The_square_with_interior_points_collapses_onto_its_four_corners()
    {
        // --- README example (keep in sync) ---
        float[] square = [1, 1, -1, 1, -1, -1, 1, -1, 0.5f, 0.25f, -0.25f, 0.5f, -0.5f, -0.5f, 0.25f, -0.75f];
        using var dynamics = new Dynamics<float>(tokens: 8, dimension: 2, DynamicsOptions.Default with { Alpha = 0.5 });
        int[] leaders = dynamics.Leaders(square);                 // [0, 1, 2, 3]: the corners
        var end = new Convergence[1];
        dynamics.RunToConvergence(square, tolerance: 1e-6, maxSteps: 200, end);
        // square now holds the limit: every interior token sits on a corner.
        Trajectory<float> trace = dynamics.Trace(square, steps: 2); // layers, attention sets, leaders per layer

        double[][] z = [[1, 1], [-1, 1], [-1, -1], [1, -1], [0.5, 0.25]];
        double[][] next = ReferenceDynamics.HardmaxStep(z, a: null, alpha: 0.5);  // the naive ground truth
        // --- end of README example ---

        Assert.Equal([0, 1, 2, 3], leaders);
        Assert.True(end[0].Converged);
        for (int i = 4; i < 8; i++)
        {
            float x = square[2 * i], y = square[2 * i + 1];
            Assert.Equal(1f, Math.Abs(x), 1e-4f);
            Assert.Equal(1f, Math.Abs(y), 1e-4f);
        }
        Assert.Equal(2, trace.Steps);
        Assert.Equal([0, 1, 2, 3], trace.Leaders[2]);
        // (0.5, 0.25) attends to (1, 1) only: z + (α/(1+α))·((1, 1) − z) = (0.5, 0.25) + (1/3)·(0.5, 0.75).
        Assert.Equal(0.5 + 0.5 / 3, next[4][0], 1e-15);
        Assert.Equal(0.25 + 0.75 / 3, next[4][1], 1e-15);
    }
}
