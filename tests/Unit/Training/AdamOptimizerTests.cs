using System.Numerics.Tensors;
using HardmaxCore.UnitTests.Cli;

namespace HardmaxCore.UnitTests.Training;

/// <summary>Lazy Adam (PyTorch's SparseAdam semantics) against dense Adam.</summary>
public sealed class AdamOptimizerTests
{
    private const int Rows = 7;
    private const int Width = 3; // shorter than a vector: the lazy rows go through the primitives' short path, the dense array through the vector path

    private static float[][] Parameters(int seed)
    {
        var random = new Random(seed);
        float[] Fill(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        return [Fill(Rows * Width), Fill(1), Fill(Width), Fill(1)];
    }

    /// <summary>Gradients with non-zero values only on <paramref name="rows"/> of the embedding (as the trainer builds them).</summary>
    private static float[][] Gradients(Random random, IReadOnlyList<int> rows)
    {
        float Next() => (float)(random.NextDouble() * 2 - 1);
        float[] embedding = new float[Rows * Width];
        foreach (int row in rows)
        {
            for (int l = 0; l < Width; l++)
            {
                embedding[row * Width + l] = Next();
            }
        }
        return [embedding, [Next()], [Next(), Next(), Next()], [Next()]];
    }

    private static AdamOptimizer Optimizer(OptimizerKind kind) => new([Rows * Width, 1, Width, 1], learningRate: 0.01, kind);

    [Fact]
    public void LazyAdam_EveryRowTouchedEveryStep_EqualsDenseAdamBitwise()
    {
        float[][] dense = Parameters(1);
        float[][] lazy = Parameters(1);
        AdamOptimizer denseAdam = Optimizer(OptimizerKind.Adam);
        AdamOptimizer lazyAdam = Optimizer(OptimizerKind.LazyAdam);
        var randomA = new Random(5);
        var randomB = new Random(5);
        int[] all = Enumerable.Range(0, Rows).Reverse().ToArray(); // any order
        for (int step = 0; step < 6; step++)
        {
            denseAdam.Step(dense, Gradients(randomA, all), threads: 1);
            lazyAdam.Step(lazy, Gradients(randomB, all), threads: 1, all, Width);
        }
        for (int p = 0; p < dense.Length; p++)
        {
            CliHarness.AssertBitwiseEqual(dense[p], lazy[p]);
            CliHarness.AssertBitwiseEqual(denseAdam.FirstMoments[p], lazyAdam.FirstMoments[p]);
            CliHarness.AssertBitwiseEqual(denseAdam.SecondMoments[p], lazyAdam.SecondMoments[p]);
        }
    }

    [Fact]
    public void LazyAdam_UntouchedRows_KeepWeightsAndMoments_WhereDenseAdamMovesThem()
    {
        float[][] dense = Parameters(2);
        float[][] lazy = Parameters(2);
        AdamOptimizer denseAdam = Optimizer(OptimizerKind.Adam);
        AdamOptimizer lazyAdam = Optimizer(OptimizerKind.LazyAdam);
        int[] all = Enumerable.Range(0, Rows).ToArray();
        int[] some = [1, 4];
        var randomA = new Random(9);
        var randomB = new Random(9);
        denseAdam.Step(dense, Gradients(randomA, all), 1);
        lazyAdam.Step(lazy, Gradients(randomB, all), 1, all, Width);
        float[] before = (float[])lazy[0].Clone();
        float[] mBefore = (float[])lazyAdam.FirstMoments[0].Clone();
        float[] vBefore = (float[])lazyAdam.SecondMoments[0].Clone();
        float[] denseBefore = (float[])dense[0].Clone();
        denseAdam.Step(dense, Gradients(randomA, some), 1);
        lazyAdam.Step(lazy, Gradients(randomB, some), 1, some, Width);
        for (int row = 0; row < Rows; row++)
        {
            Range r = (row * Width)..((row + 1) * Width);
            if (some.Contains(row))
            {
                Assert.NotEqual(before[r], lazy[0][r]);
                // A touched row gets exactly the dense update (same moments, same step count).
                CliHarness.AssertBitwiseEqual(dense[0][r], lazy[0][r]);
                continue;
            }
            CliHarness.AssertBitwiseEqual(before[r], lazy[0][r]);
            CliHarness.AssertBitwiseEqual(mBefore[r], lazyAdam.FirstMoments[0][r]);
            CliHarness.AssertBitwiseEqual(vBefore[r], lazyAdam.SecondMoments[0][r]);
            Assert.NotEqual(denseBefore[r], dense[0][r]); // dense Adam moves it with its momentum
        }
    }

    [Fact]
    public void LazyAdam_RowFirstSeenAtStepThree_UsesGlobalStepBiasCorrection()
    {
        float[][] lazy = Parameters(3);
        AdamOptimizer adam = Optimizer(OptimizerKind.LazyAdam);
        var random = new Random(4);
        adam.Step(lazy, Gradients(random, [0]), 1, [0], Width);
        adam.Step(lazy, Gradients(random, [0]), 1, [0], Width);
        float[] start = (float[])lazy[0].Clone();
        float[][] gradients = Gradients(random, [5]);
        adam.Step(lazy, gradients, 1, [5], Width);
        for (int l = 0; l < Width; l++)
        {
            int x = 5 * Width + l;
            double g = gradients[0][x];
            double m = 0.1 * g;
            double v = 0.001 * g * g;
            double expected = start[x] - 0.01 / (1 - Math.Pow(0.9, 3)) * m / (Math.Sqrt(v) / Math.Sqrt(1 - Math.Pow(0.999, 3)) + 1e-8);
            // ~10 float operations, each within half an ulp (2⁻²⁴ relative) of its double counterpart, on values no larger
            // than |p| + |step|: 16 · 2⁻²⁴ · (|p| + |step|) bounds the difference generously.
            double bound = 16 * Math.Pow(2, -24) * (Math.Abs(start[x]) + Math.Abs(expected - start[x]));
            Assert.True(Math.Abs(lazy[0][x] - expected) <= bound, $"element {l}: {lazy[0][x]:R} vs {expected:R}");
            // With the row's own step count (t = 1) the step would be lr·g/(|g| + ε) ≈ 0.01; with the global t = 3 it is 0.01·(0.1/0.271)/√(0.001/0.002997) ≈ 0.0064.
            Assert.True(Math.Abs(Math.Abs(lazy[0][x] - start[x]) - 0.01) > 1e-4);
        }
    }

    [Fact]
    public void LazyAdam_WithoutTouchedRows_Throws()
        => Assert.Throws<ArgumentException>(() => Optimizer(OptimizerKind.LazyAdam).Step(Parameters(1), Gradients(new Random(1), [0]), 1));

    /// <summary>
    /// The fused update (one pass, 512/256-bit vectors and a scalar tail, chunks on two threads) gives the bits of the
    /// formula evaluated one operation at a time, each rounded to float, as the step did before it was fused (the
    /// element-wise primitives): m·β₁, then g·(1−β₁) + m; v·β₂, then g²·(1−β₂) + v; √v/√bc₂ + ε; p + (m/den)·(−step).
    /// Lengths cover the whole-vector part, a 256-bit vector and a scalar tail, and a long array split over threads; the
    /// values include zeros of both signs and gradients of very different magnitudes.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(27)]
    [InlineData(1003)]
    [InlineData((1 << 16) + 11)]
    public void DenseAdam_FusedUpdate_EqualsTheFormulaOperationByOperation(int length)
    {
        const double LearningRate = 0.002;
        var random = new Random(length);
        float Value(int i) => (i % 17) switch
        {
            0 => 0f,
            1 => -0f,
            2 => (float)(random.NextDouble() * 1e-20),
            3 => (float)(random.NextDouble() * 1e6),
            _ => (float)(random.NextDouble() * 2 - 1),
        };
        float[] parameter = Enumerable.Range(0, length).Select(Value).ToArray();
        float[] expected = (float[])parameter.Clone();
        var adam = new AdamOptimizer([length], LearningRate);
        float[] m = new float[length];
        float[] v = new float[length];
        float[] den = new float[length];
        for (int step = 1; step <= 4; step++)
        {
            float[] gradient = Enumerable.Range(0, length).Select(i => step == 3 && i % 2 == 0 ? 0f : Value(i + step)).ToArray();
            adam.Step([parameter], [gradient], threads: 2);

            float stepSize = (float)(LearningRate / (1 - Math.Pow(0.9f, step)));
            float rootCorrection2 = (float)Math.Sqrt(1 - Math.Pow(0.999f, step));
            TensorPrimitives.Multiply(m, 0.9f, m);
            TensorPrimitives.MultiplyAdd(gradient, 1 - 0.9f, m, m);
            TensorPrimitives.Multiply(v, 0.999f, v);
            TensorPrimitives.Multiply(gradient, gradient, den);
            TensorPrimitives.MultiplyAdd(den, 1 - 0.999f, v, v);
            TensorPrimitives.Sqrt(v, den);
            TensorPrimitives.Divide(den, rootCorrection2, den);
            TensorPrimitives.Add(den, 1e-8f, den);
            TensorPrimitives.Divide(m, den, den);
            TensorPrimitives.MultiplyAdd(den, -stepSize, expected, expected);
        }
        CliHarness.AssertBitwiseEqual(m, adam.FirstMoments[0]);
        CliHarness.AssertBitwiseEqual(v, adam.SecondMoments[0]);
        CliHarness.AssertBitwiseEqual(expected, parameter);
    }
}
