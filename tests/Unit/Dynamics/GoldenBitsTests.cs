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
        { "float", 7, 3, Attention.Softmax, "96295ffc981f8f82415c69a2263c49b5e688490ac43b13445d141b23a044b74a" },
        { "float", 37, 19, Attention.Softmax, "682bf6dbf03975f5c53c39a8ab4ef0ebdd76e6872e961b02de98e78ebf44ecdb" },
        { "double", 7, 3, Attention.Hardmax, "eb9012c334526cfcc55b8c7988e5d90bfef81edb320035ef2e0e2056412df2b4" },
        { "double", 37, 19, Attention.Hardmax, "63826f6c84350b3445298226cd4924300ca6da36bc867e253f6ce99ea732bacb" },
        { "double", 7, 3, Attention.Softmax, "bae900060e2c054963390811bece08c5e179649af3e3c66fd5733b5732d926b6" },
        { "double", 37, 19, Attention.Softmax, "e11313f153c66b157e30421737ceb16a3201c811386d7e8225c9f898ee9210cf" },
    };

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

    private static (string Hash, string Head) Output<T>(int n, int d, Attention attention, KernelVariant kernel)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] z = Configuration<T>(n, d);
        var options = DynamicsOptions.Default with { Alpha = 0.5, Temperature = 0.5, Kernel = kernel, MaxDegreeOfParallelism = 1 };
        using var dynamics = new Dynamics<T>(n, d, options);
        dynamics.Run(z, 8, attention);
        string hash = Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(z.AsSpan())));
        string head = string.Join(", ", z.Take(4).Select(v => double.CreateTruncating(v).ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        return (hash, head);
    }
}
