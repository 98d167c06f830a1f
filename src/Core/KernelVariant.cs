namespace HardmaxCore;

/// <summary>Which implementation of the vector kernels the Core runs. All variants give bitwise-identical results.</summary>
/// <remarks>The environment variable <c>HARDMAX_KERNEL</c> (Scalar, Vector256, Vector512) overrides <see cref="Auto"/>.</remarks>
public enum KernelVariant
{
    /// <summary>The widest hardware-accelerated width (512, then 256 bits, else scalar), unless <c>HARDMAX_KERNEL</c> says otherwise.</summary>
    Auto = 0,

    /// <summary>One lane at a time; the readable definition, and the fallback.</summary>
    Scalar,

    /// <summary>256-bit vectors (software-emulated where not accelerated).</summary>
    Vector256,

    /// <summary>512-bit vectors (software-emulated where not accelerated).</summary>
    Vector512,
}
