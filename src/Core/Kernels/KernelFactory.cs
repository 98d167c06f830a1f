using System.Runtime.Intrinsics;

namespace HardmaxCore.Kernels;

/// <summary>Chooses the kernel width: the option, else the environment variable <c>HARDMAX_KERNEL</c>, else the widest accelerated one.</summary>
internal static class KernelFactory
{
    /// <summary>Every variant, unaccelerated ones included, so tests can compare them all on any machine.</summary>
    public static IReadOnlyList<KernelVariant> All { get; } = [KernelVariant.Scalar, KernelVariant.Vector256, KernelVariant.Vector512];

    /// <summary>Resolves <see cref="KernelVariant.Auto"/>.</summary>
    public static KernelVariant Resolve(KernelVariant requested)
    {
        if (requested != KernelVariant.Auto)
        {
            return requested;
        }
        string? forced = Environment.GetEnvironmentVariable("HARDMAX_KERNEL");
        if (!string.IsNullOrEmpty(forced))
        {
            if (Enum.TryParse(forced, ignoreCase: true, out KernelVariant variant) && variant != KernelVariant.Auto)
            {
                return variant;
            }
            throw new InvalidOperationException(
                $"HARDMAX_KERNEL='{forced}' is not a kernel; use Scalar, Vector256 or Vector512, or unset it.");
        }
        if (Vector512.IsHardwareAccelerated)
        {
            return KernelVariant.Vector512;
        }
        return Vector256.IsHardwareAccelerated ? KernelVariant.Vector256 : KernelVariant.Scalar;
    }
}
