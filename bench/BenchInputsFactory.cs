using HardmaxCore.Experiments.Benchmarking;

namespace HardmaxCore.Benchmarks;

/// <summary>The inputs every benchmark class uses, built once in GlobalSetup from a fixed seed by <see cref="SyntheticInputs"/> (the same inputs as <c>hardmax bench</c>).</summary>
internal static class BenchInputsFactory
{
    /// <summary>A batch <c>[B, n, d]</c> of <paramref name="inputs"/> in precision T.</summary>
    public static T[] Batch<T>(BenchInputs inputs, int configurations, int n, int d, int seed = 1)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var batch = new T[configurations * n * d];
        SyntheticInputs.Batch<T>(batch, inputs, n, d, seed);
        return batch;
    }

    /// <summary>The first <paramref name="configurations"/> configurations of <paramref name="batch"/> as the Reference's <c>z[i][k]</c>.</summary>
    public static double[][][] ForReference(float[] batch, int configurations, int n, int d)
    {
        var result = new double[configurations][][];
        for (int b = 0; b < configurations; b++)
        {
            result[b] = SyntheticInputs.ForReference<float>(batch, b, n, d);
        }
        return result;
    }
}
