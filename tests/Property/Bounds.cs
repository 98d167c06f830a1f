namespace HardmaxCore.PropertyTests;

/// <summary>
/// Rounding-error bounds, each derived in its comment, never tuned. <c>u</c> is the unit roundoff of the working
/// precision (2⁻⁵³ for double, 2⁻²⁴ for float) and <c>γ_k = k·u/(1 − k·u)</c> bounds the relative error of k
/// successive roundings (Higham, <i>Accuracy and Stability of Numerical Algorithms</i>, §3.1). <c>M</c> is
/// <c>max_j ‖z_j‖_∞</c>; since every layer is a convex combination (P1), M of later layers is at most that of the input.
/// </summary>
internal static class Bounds
{
    /// <summary>u for double, 2⁻⁵³.</summary>
    public const double DoubleRoundoff = 1.0 / (1L << 53);

    /// <summary>u for float, 2⁻²⁴.</summary>
    public const double SingleRoundoff = 1.0 / (1 << 24);

    /// <summary>
    /// Relative accuracy assumed of the exponential, in units of u: TensorPrimitives.Exp (Core) and Math.Exp (Reference)
    /// are documented as accurate to a few ulps, not correctly rounded; 1 ulp ≤ 2u, so 8u allows 4 ulps.
    /// </summary>
    public const double ExpUlps = 8;

    /// <summary>γ_k(u) = k·u/(1 − k·u).</summary>
    public static double Gamma(int k, double u) => k * u / (1 - k * u);

    /// <summary>
    /// <c>|A|₁ = Σ_kl |A_kl|</c> (d for the identity), so that <c>|⟨A x, y⟩| ≤ |A|₁·‖x‖_∞·‖y‖_∞</c>.
    /// </summary>
    public static double KeyQueryWeight(double[,]? a, int d)
    {
        if (a is null)
        {
            return d;
        }
        double sum = 0;
        foreach (double value in a)
        {
            sum += Math.Abs(value);
        }
        return sum;
    }

    /// <summary>
    /// Bound on <c>|fl(s_ij) − s_ij|</c> for one row i, scores of the configuration as given (already in the engine's
    /// precision), exact A.
    /// </summary>
    /// <remarks>
    /// A score is <c>y = A z_i</c> (a sum of d products per coordinate: error ≤ γ_d·Σ_l|A_kl||z_il|; none when A = I),
    /// then <c>Σ_k y_k z_jk</c> as an FMA chain or a plain loop of d terms (error ≤ γ_d·Σ_k|y_k||z_jk|), so
    /// <c>|error| ≤ (2γ_d + γ_d²)·Σ_kl |A_kl||z_il||z_jk| ≤ (2γ_d + γ_d²)·|A|₁·‖z_i‖_∞·M</c>, and γ_d·|A|₁·‖z_i‖_∞·M when A = I
    /// (|I|₁ = d). An engine working in float also rounds A to float, entry by entry (relative u), which moves the score
    /// by at most <c>u·|A|₁·‖z_i‖_∞·M</c> more.
    /// </remarks>
    public static double Score(double u, int d, double[,]? a, bool roundsKeyQuery, double ziNorm, double m)
    {
        double g = Gamma(d, u);
        double weight = KeyQueryWeight(a, d);
        double arithmetic = a is null ? g : 2 * g + g * g;
        double keyQuery = a is not null && roundsKeyQuery ? u : 0;
        return (arithmetic + keyQuery) * weight * ziNorm * m;
    }

    /// <summary>Bound on the error of one hardmax update of one token, given its attention set.</summary>
    /// <remarks>
    /// <c>z_i⁺ = z_i + c̃·(Σ_{j∈C}(z_j − z_i))/|C|</c> with |z| ≤ M, |C| ≤ n and c̃ = α/(1+α) computed in double (2 roundings)
    /// then rounded to T (one more), so c̃ = c(1 + θ), |θ| ≤ 3u:
    /// the differences round once each (≤ u·2M); their recursive sum of ≤ n terms of size ≤ 2M adds γ_{n−1}·n·2M,
    /// so the sum is within γ_n·n·2M; dividing by |C| gives the mean within γ_{n+1}·2M; multiplying by c̃ ≤ 1 (θ and one
    /// rounding) gives γ_{n+5}·2M; adding z_i rounds once more (≤ u·M). Total ≤ 2γ_{n+5}·M + u·M ≤ γ_{2n+11}·M.
    /// The layer is 1-Lipschitz in ‖·‖_∞ for fixed attention sets (a convex combination), so over K layers these add.
    /// </remarks>
    public static double HardmaxUpdate(double u, int n, double m) => Gamma(2 * n + 11, u) * m;

    /// <summary>Bound on the arithmetic error of one softmax update, given the computed weights.</summary>
    /// <remarks>
    /// <c>mean = Σ_j w_j z_j / Σ_j w_j</c>: a dot product of n terms (γ_n·W·M, W = Σ w), a sum of n weights (γ_n·W) and a
    /// division (u) give the mean within γ_{2n+1}·M; then − z_i (u·2M), × c̃ (4u·2M) and + z_i (u·M):
    /// ≤ γ_{2n+1}·M + 11u·M ≤ γ_{2n+12}·M. (Errors of the weights themselves are bounded separately, per test.)
    /// </remarks>
    public static double SoftmaxUpdate(double u, int n, double m) => Gamma(2 * n + 12, u) * m;

    /// <summary><c>max_j ‖z_j‖_∞</c>.</summary>
    public static double MaxAbs(double[][] z) => z.Length == 0 ? 0 : z.Max(MaxAbs);

    /// <summary><c>‖x‖_∞</c>.</summary>
    public static double MaxAbs(double[] x) => x.Length == 0 ? 0 : x.Max(Math.Abs);

    /// <summary><c>max_{i,k} |x_ik − y_ik|</c> (NaN if any coordinate is NaN, so a comparison with it fails).</summary>
    public static double MaxDifference(double[][] x, double[][] y)
    {
        double largest = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int k = 0; k < x[i].Length; k++)
            {
                double difference = Math.Abs(x[i][k] - y[i][k]);
                if (double.IsNaN(difference))
                {
                    return double.NaN;
                }
                largest = Math.Max(largest, difference);
            }
        }
        return largest;
    }
}
