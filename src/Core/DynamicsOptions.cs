namespace HardmaxCore;

/// <summary>The parameters of the dynamics (SPEC §1): α, the key–query matrix A, the tie tolerance and the softmax temperature τ.</summary>
/// <remarks>
/// Configure with a <c>with</c> expression; values are validated when a <see cref="Dynamics{T}"/> is created.
/// <code>
/// var options = DynamicsOptions.Default with { Alpha = 0.5, TieTolerance = 1e-12 };
/// using var dynamics = new Dynamics&lt;float&gt;(tokens: 128, dimension: 16, options);
/// </code>
/// </remarks>
public readonly record struct DynamicsOptions
{
    /// <summary>The defaults: α = 1, A = I, exact ties, τ = 10⁻³, all cores, the widest accelerated kernel.</summary>
    public static DynamicsOptions Default => new();

    /// <summary>Creates the default options.</summary>
    public DynamicsOptions()
    {
    }

    /// <summary>The attention parameter α &gt; 0: the layer is <c>z⁺ = (z + α·mean)/(1+α)</c>.</summary>
    public double Alpha { get; init; } = 1.0;

    /// <summary>The key–query matrix A (d × d, symmetric positive definite); null means the identity.</summary>
    public double[,]? KeyQuery { get; init; }

    /// <summary>Relative tie tolerance (SPEC §1.4): <c>j ∈ C_i</c> iff <c>s_ij ≥ m_i − tieTol·max(1, |m_i|)</c>. Default 0, exact ties.</summary>
    public double TieTolerance { get; init; }

    /// <summary>The softmax temperature τ &gt; 0 (SPEC §1.3), used only by softmax layers. Default 10⁻³ as in [AFZ].</summary>
    public double Temperature { get; init; } = 1e-3;

    /// <summary>How many cores a batch is spread over; 0 or less means all of them.</summary>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>The kernel implementation; <see cref="KernelVariant.Auto"/> picks the widest accelerated one.</summary>
    public KernelVariant Kernel { get; init; }
}
