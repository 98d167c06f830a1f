using HardmaxCore.Benchmarking;

namespace HardmaxCore.Benchmarks;

/// <summary>The inputs every benchmark class uses, built once in GlobalSetup from a fixed seed.</summary>
internal static class BenchInputsFactory
{
    /// <summary>A batch <c>[B, n, d]</c> of <paramref name="inputs"/> in precision T.</summary>
    public static T[] Batch<T>(BenchInputs inputs, int configurations, int n, int d, int seed = 1)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var batch = new T[configurations * n * d];
        if (inputs == BenchInputs.Reviews)
        {
            SyntheticInputs.ReviewLike<T>(batch, n, d, seed);
        }
        else
        {
            SyntheticInputs.Gaussian<T>(batch, seed);
        }
        return batch;
    }

    /// <summary>The first <paramref name="configurations"/> configurations of <paramref name="batch"/> as the Reference's <c>z[i][k]</c>.</summary>
    public static double[][][] ForReference(float[] batch, int configurations, int n, int d)
    {
        var result = new double[configurations][][];
        for (int b = 0; b < configurations; b++)
        {
            result[b] = new double[n][];
            for (int i = 0; i < n; i++)
            {
                result[b][i] = new double[d];
                for (int k = 0; k < d; k++)
                {
                    result[b][i][k] = batch[((b * n) + i) * d + k];
                }
            }
        }
        return result;
    }
}
