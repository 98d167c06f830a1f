using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace HardmaxCore.UnitTests.Dynamics;

/// <summary>
/// Golden bits of identity attention (SPEC §6.1): fixed clouds after three layers, float and double, dot and gaussian,
/// checked against stored bits (the SHA-256 of the output's little-endian bytes) with every kernel width.
/// </summary>
/// <remarks>
/// The widths, thread counts and tiles are compared with each other elsewhere (IdentityAttentionProperties); that cannot
/// see a rounding change in code they all share (another order of a sum, a difference formed another way). These hashes
/// can, so a faster kernel that claims to keep the bits is held to it. The clouds are <see cref="GoldenBitsTests"/>'
/// exact rational configurations (every fifth point a copy of the one before). Shapes: d = 16 with n = 300 (one 512-bit
/// float vector per point, so the register path of the sums, whole chunks and a tail); d = 19 with n = 37 (the general
/// path); β = 8 at d = 16 drops weights under the smallest normal number (the row-by-row path). If a change of the
/// arithmetic is intended, the failure message gives the new hash to store; say why in the commit and in CHANGELOG.md.
/// </remarks>
public sealed class IdentityAttentionGoldenBitsTests
{
    public static TheoryData<string, int, int, double, IdentityKernel, string> Cases() => new()
    {
        { "float", 300, 16, 1, IdentityKernel.Dot, "dfa0a2f6825364aed37c85692b9dcb76de2d9794937bdaeba09cfd9db8e28a96" },
        { "float", 300, 16, 1, IdentityKernel.Gaussian, "2e93498e086679c5f9c0ac259f8c6e57d4ff85df804b97c261c2214e60d00b4d" },
        { "float", 300, 16, 8, IdentityKernel.Dot, "2270fc7742bd61218c8f73f95a3df4df48851bb751eb3311ac5776cd263b93ee" },
        { "float", 37, 19, 0.5, IdentityKernel.Gaussian, "c13d59ef234cdbee4f68e29aacdbace27e0da1b3607a2c04e2503c66c363f47c" },
        { "double", 300, 16, 1, IdentityKernel.Dot, "291f3dd52cd87d01eca259e81353c5730a8e84957c0375e6e4fd489cc6957f46" },
        { "double", 37, 19, 0.5, IdentityKernel.Gaussian, "724e47263be672844496b9488582f7188df00a4e18695eb0fd5bf8eabb5a5c22" },
    };

    /// <summary>Three layers, one thread, every width: the stored bits.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void IdentityAttention_Run_GivesTheStoredBits(string precision, int n, int d, double beta, IdentityKernel kernel, string expected)
    {
        foreach (KernelVariant variant in new[] { KernelVariant.Scalar, KernelVariant.Vector256, KernelVariant.Vector512 })
        {
            (string hash, string head) = precision == "float" ? Output<float>(n, d, beta, kernel, variant) : Output<double>(n, d, beta, kernel, variant);
            Assert.True(hash == expected, $"{precision} n = {n} d = {d} β = {beta} {kernel} {variant}: hash {hash}, first values {head}; stored {expected}");
        }
    }

    private static (string Hash, string Head) Output<T>(int n, int d, double beta, IdentityKernel kernel, KernelVariant variant)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] x = GoldenBitsTests.Configuration<T>(n, d);
        var options = IdentityAttentionOptions.Default with { Beta = beta, Kernel = kernel, Variant = variant, MaxDegreeOfParallelism = 1 };
        using var layer = new IdentityAttention<T>(n, d, options);
        layer.Run(x, layers: 3);
        string hash = Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(x.AsSpan())));
        string head = string.Join(", ", x.Take(4).Select(v => double.CreateTruncating(v).ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        return (hash, head);
    }
}
