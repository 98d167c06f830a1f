namespace HardmaxCore;

/// <summary>The parameters of identity attention (SPEC §6.1): inverse temperature β, kernel, parallelism and kernel width.</summary>
/// <remarks>
/// Configure with a <c>with</c> expression; each property validates when it is set (an <see cref="ArgumentOutOfRangeException"/> naming
/// <c>IdentityAttentionOptions.Property</c> and the value found), and <see cref="IdentityAttention{T}"/> checks them again,
/// since <c>default(IdentityAttentionOptions)</c> skips the setters.
/// <code>
/// var options = IdentityAttentionOptions.Default with { Beta = 4, Kernel = IdentityKernel.Gaussian };
/// using var layer = new IdentityAttention&lt;float&gt;(points: 10_000, dimension: 16, options);
/// </code>
/// </remarks>
public readonly record struct IdentityAttentionOptions
{
    /// <summary>The defaults: β = 1, the dot kernel, all cores, the widest accelerated kernel width.</summary>
    public static IdentityAttentionOptions Default => new();

    /// <summary>Creates the default options.</summary>
    public IdentityAttentionOptions()
    {
    }

    /// <summary>The inverse temperature β &gt; 0: point j gets the weight <c>∝ exp(β·k(x_i, x_j))</c>. Default 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive and finite.</exception>
    public double Beta
    {
        get;
        init
        {
            if (!(value > 0) || !double.IsFinite(value))
            {
                Throw.ArgumentOutOfRange_Beta(value);
            }
            field = value;
        }
    } = 1.0;

    /// <summary>The similarity k: <see cref="IdentityKernel.Dot"/> (default) or <see cref="IdentityKernel.Gaussian"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="IdentityKernel"/>.</exception>
    public IdentityKernel Kernel
    {
        get;
        init
        {
            if (!Enum.IsDefined(value))
            {
                Throw.ArgumentOutOfRange_Undefined(nameof(IdentityAttentionOptions), nameof(this.Kernel), value);
            }
            field = value;
        }
    }

    /// <summary>How many cores one layer is spread over (rows are split into blocks); 0 or less means all of them.</summary>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>The kernel width; <see cref="KernelVariant.Auto"/> picks the widest accelerated one. All widths give the same bits.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="KernelVariant"/>.</exception>
    public KernelVariant Variant
    {
        get;
        init
        {
            if (!Enum.IsDefined(value))
            {
                Throw.ArgumentOutOfRange_Undefined(nameof(IdentityAttentionOptions), nameof(this.Variant), value);
            }
            field = value;
        }
    }
}
