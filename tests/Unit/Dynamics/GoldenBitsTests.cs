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
        { "float", 7, 3, Attention.Hardmax, "8cd3d02f6f1b4fbdae6d5f7f7d8e1b7e8ab0a8c3f3e3b0f9a1f8b5e0e6c1d2a4" },
        { "float", 37, 19, Attention.Hardmax, "" },
        { "float", 7, 3, Attention.Softmax, "" },
        { "float", 37, 19, Attention.Softmax, "" },
        { "double", 7, 3, Attention.Hardmax, "" },
        { "double", 37, 19, Attention.Hardmax, "" },
        { "double", 7, 3, Attention.Softmax, "" },
        { "double", 37, 19, Attention.Softmax, "" },
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
