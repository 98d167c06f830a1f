namespace HardmaxCore.UnitTests.TestHoles;

/// <summary>
/// <c>GradientClipping.ClipByGlobalNorm</c> (issue 22, test holes): the squared row norms computed first, then the rescaling
/// spread over threads once 1,024 rows or more are touched. Training runs the same pieces (<c>ClipFactor</c>,
/// <c>ScaleRows</c> over ranges of rows, <c>ScaleDense</c>) as phases of its step (<c>ClippedAdamStep</c>). The small direct case is
/// <c>HostileRoundTwoLibraryTests.ClipByGlobalNorm_ScalesEverythingToTheBound_OnlyAboveIt</c>, which stays on one thread.
/// </summary>
public sealed class GradientClippingTests
{
    /// <summary>
    /// 1,500 of 3,000 embedding rows touched (in a shuffled order) and two dense arrays, ‖g‖ ≈ 45 against a bound of 1: three
    /// threads give one thread's bits; every touched row and every dense value is scaled by bound/(‖g‖ + 10⁻⁶), with ‖g‖
    /// over the touched rows and the dense arrays only (computed here in double); untouched rows keep their values.
    /// </summary>
    [Fact]
    public void ClipByGlobalNorm_ManyTouchedRowsOverThreads_ScalesEveryTouchedRowOnce_SameBitsAsOneThread()
    {
        const int rows = 3000, d = 4;
        const double bound = 1;
        var random = new Random(5);
        float[][] original = [new float[rows * d], new float[5], new float[1]];
        foreach (float[] array in original)
        {
            for (int x = 0; x < array.Length; x++)
            {
                array[x] = (float)(2 * random.NextDouble() - 1);
            }
        }
        List<int> touched = [.. Enumerable.Range(0, rows).Where(w => w % 2 == 0).OrderBy(_ => random.Next())];
        Assert.True(touched.Count >= 1024, "too few rows to spread the rescaling over threads");

        float[][] Clip(int threads)
        {
            float[][] gradients = original.Select(a => a.ToArray()).ToArray();
            var rowSquares = new float[touched.Count];
            GradientClipping.RowSquares(gradients[0], touched, d, 0, touched.Count, rowSquares);
            GradientClipping.ClipByGlobalNorm(gradients, touched, rowSquares, d, bound, threads);
            return gradients;
        }

        float[][] one = Clip(1);
        float[][] three = Clip(3);
        for (int p = 0; p < original.Length; p++)
        {
            Cli.CliHarness.AssertBitwiseEqual(one[p], three[p]);
        }

        double squares = touched.Sum(w => Enumerable.Range(0, d).Sum(l => (double)original[0][w * d + l] * original[0][w * d + l]))
            + original.Skip(1).Sum(a => a.Sum(v => (double)v * v));
        double factor = bound / (Math.Sqrt(squares) + 1e-6);
        Assert.True(factor < 0.1, $"the bound must be well below the norm (factor {factor})");
        var isTouched = new bool[rows];
        touched.ForEach(w => isTouched[w] = true);
        for (int w = 0; w < rows; w++)
        {
            for (int l = 0; l < d; l++)
            {
                int x = w * d + l;
                float expected = isTouched[w] ? (float)(original[0][x] * factor) : original[0][x];
                Assert.True(Math.Abs(three[0][x] - expected) <= 1e-5 * Math.Abs(original[0][x]), $"row {w}, column {l}: {three[0][x]:R}, expected {expected:R}");
            }
        }
        for (int p = 1; p < original.Length; p++)
        {
            for (int x = 0; x < original[p].Length; x++)
            {
                Assert.Equal(original[p][x] * factor, three[p][x], 1e-5 * Math.Abs(original[p][x]));
            }
        }
    }
}
