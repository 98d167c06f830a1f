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
        { "float", 300, 16, 1, IdentityKernel.Dot, "9f07d930fc352f77ac759ffb7b8b77755f65976c4d68c351ffc87f01e174d2a0" },
        { "float", 300, 16, 1, IdentityKernel.Gaussian, "e48a443392a7932fb403f264f93a7b09664d382382ff5112061794954df7d2cb" },
        { "float", 300, 16, 8, IdentityKernel.Dot, "4e181dcb22a6193a81708e458c4d60e787f2d9548bb0596c0f586f48744a1697" },
        { "float", 37, 19, 0.5, IdentityKernel.Gaussian, "f06a70caaa6e5dc187013c4e3460e1120a8d1c35be2bf0d42e5d4d4f1a3096e3" },
        { "double", 300, 16, 1, IdentityKernel.Dot, "7fed32ac400f8a761f00018231d02f6ea1e1602e3a2e0616136443355a121a8d" },
        { "double", 37, 19, 0.5, IdentityKernel.Gaussian, "3d39177c2554853d60a421e8643be53edb7a5d61056a6f9a529bdd4d93f67d17" },
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
