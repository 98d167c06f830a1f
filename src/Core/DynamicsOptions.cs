namespace HardmaxCore;

/// <summary>The parameters of the dynamics (SPEC §1): α, the key–query matrix A, the tie tolerance and the softmax temperature τ.</summary>
/// <remarks>
/// Configure with a <c>with</c> expression; each property validates when it is set (an <see cref="ArgumentOutOfRangeException"/> whose
/// <see cref="ArgumentException.ParamName"/> is the property and whose message names <c>DynamicsOptions.Property</c> and the
/// value found), and <see cref="Dynamics{T}"/> checks them again, since <c>default(DynamicsOptions)</c> skips the setters.
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

    /// <summary>The smallest α accepted, 10⁻¹²; see <see cref="MaxAlpha"/>.</summary>
    public const double MinAlpha = 1e-12;

    /// <summary>The largest α accepted, 10¹².</summary>
    /// <remarks>
    /// The layer is <c>z⁺ = z + c·(mean − z)</c> with <c>c = α/(1+α)</c>. Below 10⁻¹², c is so small that a step moves a
    /// token by less than 10⁻¹² of its distance to the mean: nothing a stopping rule can see (in float, less than the
    /// rounding of z itself), so a run "converges" at once with nothing moved. Above 10¹², <c>1 − c = 1/(1+α)</c> is below
    /// 10⁻¹²: the token's own weight vanishes in rounding and the layer is a jump to the mean, and quantities such as
    /// <c>(1+α)/α</c> lose all meaning near the top of the double range. Inside [10⁻¹², 10¹²] both weights are
    /// representable in double with room to spare.
    /// </remarks>
    public const double MaxAlpha = 1e12;

    /// <summary>
    /// Throws when α lies outside [<see cref="MinAlpha"/>, <see cref="MaxAlpha"/>], where a layer's step or a token's own
    /// weight is lost in rounding. <see cref="Dynamics{T}"/> itself accepts every positive finite α (a huge α is the
    /// no-residual limit that identity attention uses); tools that take α from a user call this first.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">α is outside the range; the message says why and what to use.</exception>
    public static void RequireUsableAlpha(double alpha)
    {
        if (!(alpha >= MinAlpha && alpha <= MaxAlpha))
        {
            Throw.ArgumentOutOfRange_AlphaRange(alpha);
        }
    }

    /// <summary>The attention parameter α &gt; 0 (a tool should keep it in [<see cref="MinAlpha"/>, <see cref="MaxAlpha"/>]): the layer is <c>z⁺ = (z + α·mean)/(1+α)</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive and finite.</exception>
    public double Alpha
    {
        get;
        init
        {
            if (!(value > 0) || !double.IsFinite(value))
            {
                Throw.ArgumentOutOfRange_Alpha(value);
            }
            field = value;
        }
    } = 1.0;

    /// <summary>The key–query matrix A (d × d, symmetric positive definite); null means the identity.</summary>
    public double[,]? KeyQuery { get; init; }

    /// <summary>Relative tie tolerance (SPEC §1.4): <c>j ∈ C_i</c> iff <c>s_ij ≥ m_i − tieTol·max(1, |m_i|)</c>. Default 0, exact ties.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or not finite.</exception>
    public double TieTolerance
    {
        get;
        init
        {
            if (!(value >= 0) || !double.IsFinite(value))
            {
                Throw.ArgumentOutOfRange_TieTolerance(value);
            }
            field = value;
        }
    }

    /// <summary>The softmax temperature τ &gt; 0 (SPEC §1.3), used only by softmax layers. Default 10⁻³ as in [AFZ].</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive and finite.</exception>
    public double Temperature
    {
        get;
        init
        {
            if (!(value > 0) || !double.IsFinite(value))
            {
                Throw.ArgumentOutOfRange_Temperature(value);
            }
            field = value;
        }
    } = 1e-3;

    /// <summary>How many cores a batch is spread over; 0 or less means all of them.</summary>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>The vector width of the kernels (as <see cref="IdentityAttentionOptions.Variant"/>); <see cref="KernelVariant.Auto"/> picks the widest accelerated one.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="KernelVariant"/>.</exception>
    public KernelVariant Variant
    {
        get;
        init
        {
            if (!Enum.IsDefined(value))
            {
                Throw.ArgumentOutOfRange_Undefined(nameof(DynamicsOptions), nameof(this.Variant), value);
            }
            field = value;
        }
    }
}
