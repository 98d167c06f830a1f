using System.Runtime.Intrinsics;

namespace HardmaxCore.Kernels;

/// <summary>
/// Chooses the kernel width once: the option, else the environment variable <c>HARDMAX_KERNEL</c>, else the widest
/// accelerated one; and makes the <see cref="LayerRunner{T}"/> of that width, the only place that switches on it.
/// </summary>
internal static class KernelFactory
{
    /// <summary>The environment variable that forces a width when the option is <see cref="KernelVariant.Auto"/>.</summary>
    public const string Variable = "HARDMAX_KERNEL";

    /// <summary>Every variant, unaccelerated ones included, so tests can compare them all on any machine.</summary>
    public static IReadOnlyList<KernelVariant> All { get; } = [KernelVariant.Scalar, KernelVariant.Vector256, KernelVariant.Vector512];

    /// <summary>The runner of the width <paramref name="requested"/> resolves to (see <see cref="Resolve(KernelVariant)"/>).</summary>
    /// <exception cref="NotSupportedException">T is neither float nor double.</exception>
    /// <exception cref="InvalidOperationException"><c>HARDMAX_KERNEL</c> names no kernel.</exception>
    public static LayerRunner<T> Create<T>(KernelVariant requested)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
        {
            Throw.NotSupported_Precision(typeof(T));
        }
        return Resolve(requested) switch
        {
            KernelVariant.Scalar => new LayerRunner<T, ScalarSimd<T>, T>(KernelVariant.Scalar),
            KernelVariant.Vector256 => new LayerRunner<T, Vector256Simd<T>, Vector256<T>>(KernelVariant.Vector256),
            _ => new LayerRunner<T, Vector512Simd<T>, Vector512<T>>(KernelVariant.Vector512),
        };
    }

    /// <summary>Resolves <see cref="KernelVariant.Auto"/> with the process's <c>HARDMAX_KERNEL</c>.</summary>
    public static KernelVariant Resolve(KernelVariant requested) => Resolve(requested, Environment.GetEnvironmentVariable(Variable));

    /// <summary>
    /// Resolves <see cref="KernelVariant.Auto"/>: <paramref name="forced"/> (the value of <c>HARDMAX_KERNEL</c>) if set, else
    /// the widest hardware-accelerated width; any other request is returned as it is.
    /// </summary>
    /// <exception cref="InvalidOperationException"><paramref name="forced"/> is set but names no kernel.</exception>
    public static KernelVariant Resolve(KernelVariant requested, string? forced)
    {
        if (requested != KernelVariant.Auto)
        {
            return requested;
        }
        if (!string.IsNullOrEmpty(forced))
        {
            if (Enum.TryParse(forced, ignoreCase: true, out KernelVariant variant) && variant != KernelVariant.Auto && Enum.IsDefined(variant))
            {
                return variant;
            }
            Throw.InvalidOperation_KernelVariable(forced);
        }
        if (Vector512.IsHardwareAccelerated)
        {
            return KernelVariant.Vector512;
        }
        return Vector256.IsHardwareAccelerated ? KernelVariant.Vector256 : KernelVariant.Scalar;
    }
}
