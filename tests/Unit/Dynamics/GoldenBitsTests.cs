using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace HardmaxCore.UnitTests.Dynamics;

/// <summary>
/// Golden bits: fixed configurations' outputs after K layers, hardmax and softmax, float and double, checked against
/// stored bits (the SHA-256 of the output's little-endian bytes), with every kernel width.
/// </summary>
/// <remarks>
/// The widths are compared with each other elsewhere (KernelProperties); that cannot see a rounding change in code they
/// all share (an unfused multiply–add in RowOps, another order of a sum). These hashes can: any change of a single bit
/// of any output fails, on any machine, and so they also hold the README's promise that results do not depend on the
/// vector width across machines. The inputs are exact rational formulas (no Random, no transcendental functions), so
/// every machine builds the same configuration. If a change of the arithmetic is intended, the failure message gives
/// the new hash to store; say why in the commit.
/// </remarks>
public sealed class GoldenBitsTests
{
    /// <summary>Shapes: a small one, and one with tails everywhere (n not a multiple of any vector; d = 19 leaves a 3-wide rest).</summary>
    public static TheoryData<string, int, int, Attention, string> Cases() => new()
    {
        { "float", 7, 3, Attention.Hardmax, "d09b61f7220f9a96714e7088564f4b1a3f6132c037f944f279477ff4b3ea2335" },
        { "float", 37, 19, Attention.Hardmax, "57b8d4dfbf5aa432f6baaffaf1b8a94f55ca07bb180de10b5c8b2ff550d36f11" },
        { "float", 7, 3, Attention.Softmax, "aed150e7eb4b97d615c531ac9d6c46de3bf5a7c6c98c5f468e61791dc8b36a69" },
        { "float", 37, 19, Attention.Softmax, "edeb5df40a427df4ab7351648c16f23a352a172c7f5f762a200606573edd0199" },
        { "double", 7, 3, Attention.Hardmax, "eb9012c334526cfcc55b8c7988e5d90bfef81edb320035ef2e0e2056412df2b4" },
        { "double", 37, 19, Attention.Hardmax, "63826f6c84350b3445298226cd4924300ca6da36bc867e253f6ce99ea732bacb" },
        { "double", 7, 3, Attention.Softmax, "ac9869cb004bcb3ee5fd314fb7049390a2a55554acea6ad8ddd441177de9bcce" },
        { "double", 37, 19, Attention.Softmax, "d7a14f5c1971cb42df49cb99e9cbc15a8c75d6967924993012583d0a6bbfdb2d" },
    };

    /// <summary>The same with A = tridiagonal(0.5, 2, 0.5) (SPD, exact in binary): the queries <c>A z_i</c> too have fixed bits.</summary>
    public static TheoryData<string, int, int, Attention, string> KeyQueryCases() => new()
    {
        { "float", 37, 19, Attention.Hardmax, "d8bceab758308ef0cf7130be47bd01675c3a843adabb62e48cee821dce548f9b" },
        { "float", 37, 19, Attention.Softmax, "7f9709bd125d75cbe4a6f801aae0813e3b68103b12a243438e072412e8be86f3" },
        { "double", 37, 19, Attention.Hardmax, "5b613e657e93d8c10bfde6b96b04c2b7a6b59a5ad35bf49f55d2a075bd5700a3" },
        { "double", 37, 19, Attention.Softmax, "d6654f1d1a2c418f747d16b698b39aab23d0cc463ec60e1367b491837a81b15a" },
    };

    /// <summary>K = 8 layers, α = 0.5, τ = 0.5, A ≠ I, every width: the stored bits.</summary>
    [Theory]
    [MemberData(nameof(KeyQueryCases))]
    public void Dynamics_Run_WithKeyQuery_GivesTheStoredBits(string precision, int n, int d, Attention attention, string expected)
    {
        var a = new double[d, d];
        for (int k = 0; k < d; k++)
        {
            a[k, k] = 2;
            if (k > 0)
            {
                a[k, k - 1] = a[k - 1, k] = 0.5;
            }
        }
        foreach (KernelVariant kernel in new[] { KernelVariant.Scalar, KernelVariant.Vector256, KernelVariant.Vector512 })
        {
            (string hash, string head) = precision == "float" ? Output<float>(n, d, attention, kernel, a) : Output<double>(n, d, attention, kernel, a);
            Assert.True(hash == expected, $"{precision} n = {n} d = {d} {attention} {kernel} A ≠ I: hash {hash}, first values {head}; stored {expected}");
        }
    }

    /// <summary>K = 8 layers, α = 0.5, τ = 0.5 (several softmax terms count), A = I, every width: the stored bits.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Dynamics_Run_GivesTheStoredBits(string precision, int n, int d, Attention attention, string expected)
    {
        foreach (KernelVariant kernel in new[] { KernelVariant.Scalar, KernelVariant.Vector256, KernelVariant.Vector512 })
        {
            (string hash, string head) = precision == "float" ? Output<float>(n, d, attention, kernel) : Output<double>(n, d, attention, kernel);
            Assert.True(hash == expected, $"{precision} n = {n} d = {d} {attention} {kernel}: hash {hash}, first values {head}; stored {expected}");
        }
    }

    /// <summary>
    /// The configuration: <c>z[i,k] = ((7919·i + 104729·k + 13) mod 2003)/500 − 2</c>, rounded to T once; every fifth token
    /// a copy of the one before (identical tokens are merged, SPEC §1.4).
    /// </summary>
    internal static T[] Configuration<T>(int n, int d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var z = new T[n * d];
        for (int i = 0; i < n; i++)
        {
            int source = i % 5 == 4 ? i - 1 : i;
            for (int k = 0; k < d; k++)
            {
                z[i * d + k] = T.CreateTruncating(((7919L * source + 104729L * k + 13) % 2003) / 500.0 - 2.0);
            }
        }
        return z;
    }

    private static (string Hash, string Head) Output<T>(int n, int d, Attention attention, KernelVariant kernel, double[,]? keyQuery = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] z = Configuration<T>(n, d);
        var options = DynamicsOptions.Default with { Alpha = 0.5, Temperature = 0.5, Variant = kernel, MaxDegreeOfParallelism = 1, KeyQuery = keyQuery };
        using var dynamics = new Dynamics<T>(n, d, options);
        dynamics.Run(z, 8, attention);
        string hash = Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(z.AsSpan())));
        string head = string.Join(", ", z.Take(4).Select(v => double.CreateTruncating(v).ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        return (hash, head);
    }
}
