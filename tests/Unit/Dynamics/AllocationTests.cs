namespace HardmaxCore.UnitTests.Dynamics;

/// <summary>
/// A layer allocates nothing (STYLE 12): the bytes this thread allocates around warm calls, on one thread, are zero.
/// (The bench command's <c>bytesAllocatedPerStep</c> reports a figure; this is the check that can fail.)
/// </summary>
public sealed class AllocationTests
{
    [Fact]
    public void Dynamics_WarmLayers_OnOneThread_AllocateNothing()
    {
        const int n = 128;
        const int d = 16;
        const int batch = 3;
        using var dynamics = new Dynamics<float>(n, d, DynamicsOptions.Default with { Alpha = 0.5, MaxDegreeOfParallelism = 1 });
        float[] pristine = GoldenBitsTests.Configuration<float>(batch * n, d);
        float[] z = (float[])pristine.Clone();
        float[] next = new float[z.Length];
        var changes = new LayerChange<float>[batch];
        var results = new Convergence[batch];
        void Calls()
        {
            pristine.CopyTo(z, 0);
            dynamics.Run(z, 8);
            dynamics.Run(z, 8, Attention.Softmax);
            dynamics.Step(z, next);
            dynamics.Run(z, 2, changes);
            pristine.CopyTo(z, 0);
            dynamics.RunToConvergence(z, 1e-5, 50, results);
        }

        Calls(); // warm: the workspace, the pooled arrays of this thread, the JIT
        Calls();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Calls();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData(300, 0)]
    [InlineData(300, 64)]
    public void IdentityAttention_WarmLayers_OnOneThread_AllocateNothing(int n, int tile)
    {
        const int d = 16;
        foreach (IdentityKernel kernel in (IdentityKernel[])[IdentityKernel.Dot, IdentityKernel.Gaussian])
        {
            using var attention = new IdentityAttention<float>(n, d, IdentityAttentionOptions.Default with { Kernel = kernel, MaxDegreeOfParallelism = 1 });
            if (tile > 0)
            {
                attention.Tile = tile; // the tiled path: a pass for the maxima, then the sums tile by tile
            }
            float[] pristine = GoldenBitsTests.Configuration<float>(n, d);
            float[] x = (float[])pristine.Clone();
            void Calls()
            {
                pristine.CopyTo(x, 0);
                attention.Step(x);
                attention.Run(x, 3, tolerance: 1e-6);
            }

            Calls(); // warm: the scratch, the JIT
            Calls();
            long before = GC.GetAllocatedBytesForCurrentThread();
            Calls();
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Equal(0, allocated);
        }
    }

    [Fact]
    public void ClassifierPass_WarmForwardAndBackward_AllocateNothing()
    {
        var settings = ClassifierSettings.Paper(16);
        ClassifierParameters<float> parameters = ClassifierParameters<float>.Initialize(200, 16, seed: 3);
        using var pass = new ClassifierPass<float>(settings);
        var ids = new int[128];
        for (int i = 0; i < 90; i++)
        {
            ids[i] = 1 + (i * 37 % 199);
        }
        var embedding = new float[128 * 16];
        var decoder = new float[16];
        void Calls()
        {
            float logit = pass.Forward(ids, parameters);
            pass.Backward(parameters, logit, embedding, decoder);
            pass.Forward(ids, parameters, Attention.Hardmax);
        }

        Calls();
        Calls();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Calls();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }
}
