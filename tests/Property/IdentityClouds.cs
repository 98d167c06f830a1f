using System.Numerics;
using FsCheck;
using FsCheck.Fluent;

namespace HardmaxCore.PropertyTests;

/// <summary>
/// A generated point cloud for identity attention (SPEC §6.1): n points in dimension d with coordinates representable in
/// float (so the float and double engines and the Reference see the same input), an inverse temperature β, and a seed for
/// what a test draws on top of it (a permutation, a translation).
/// </summary>
public sealed record Cloud(int N, int D, double[] X, double Beta, int Seed)
{
    /// <summary>max_i ‖x_i‖_∞.</summary>
    public double M => this.X.Length == 0 ? 0 : this.X.Max(Math.Abs);

    /// <summary>The cloud as float.</summary>
    public float[] AsFloat() => this.X.Select(v => (float)v).ToArray();

    /// <inheritdoc/>
    public override string ToString() => $"Cloud(n = {this.N}, d = {this.D}, β = {this.Beta:R}, seed = {this.Seed})";
}

/// <summary>Generators of <see cref="Cloud"/>s and the Core/Reference engines of identity attention used by the properties.</summary>
public static class IdentityClouds
{
    /// <summary>Uniform clouds: n ∈ [1, 40], d ∈ [1, 20], a scale 2^U(−3, 3), and β with β·scale² ∈ [0.05, 8].</summary>
    public static Arbitrary<Cloud> Clouds() => Arb.From(Generic());

    /// <summary>Coordinates uniform in [−s, s], rounded to float.</summary>
    public static Gen<Cloud> Generic() =>
        from n in Gen.Choose(1, 40)
        from d in Gen.Frequency((5, Gen.Choose(1, 4)), (4, Gen.Choose(5, 17)), (1, Gen.Choose(18, 33)))
        from seed in Gen.Choose(0, int.MaxValue)
        select Make(n, d, seed);

    /// <summary>A uniform cloud from a seed.</summary>
    public static Cloud Make(int n, int d, int seed)
    {
        var random = new Random(seed);
        double scale = Math.Pow(2, random.NextDouble() * 6 - 3);
        var x = new double[n * d];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)(scale * (2 * random.NextDouble() - 1));
        }
        double beta = (0.05 + 8 * random.NextDouble()) / (scale * scale);
        return new Cloud(n, d, x, beta, seed);
    }

    /// <summary>L layers of the Core's identity attention in precision T, returned in double.</summary>
    public static double[] Core<T>(
        double[] x, int n, int d, double beta, bool gaussian, int layers = 1, int threads = 0, KernelVariant variant = KernelVariant.Auto, int tile = 0,
        int panelRows = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] values = x.Select(T.CreateTruncating).ToArray();
        var options = IdentityAttentionOptions.Default with
        {
            Beta = beta,
            Kernel = gaussian ? IdentityKernel.Gaussian : IdentityKernel.Dot,
            MaxDegreeOfParallelism = threads,
            Variant = variant,
        };
        using var attention = new IdentityAttention<T>(n, d, options);
        if (tile > 0)
        {
            attention.Tile = tile;
        }
        if (panelRows > 0)
        {
            attention.PanelRows = panelRows;
        }
        attention.Run(values, layers);
        return values.Select(double.CreateTruncating).ToArray();
    }

    /// <summary>The largest |a_i − b_i|.</summary>
    public static double MaxDifference(double[] a, double[] b)
    {
        double m = 0;
        for (int i = 0; i < a.Length; i++)
        {
            m = Math.Max(m, Math.Abs(a[i] - b[i]));
        }
        return m;
    }
}
