namespace HardmaxCore.Reference;

/// <summary>
/// Identity attention (SPEC §6.1), written as plainly as the formula: double precision, no SIMD, the whole n × n score
/// matrix. The ground truth the Core's <c>IdentityAttention</c> is tested against.
/// </summary>
/// <remarks>A cloud is <c>x[i·d + k]</c>: point i (0 ≤ i &lt; n), coordinate k (0 ≤ k &lt; d). Arguments are not validated here.</remarks>
public static class ReferenceIdentityAttention
{
    /// <summary>The similarity <c>k(x_i, x_j) = ⟨x_i, x_j⟩</c>, minus <c>‖x_j‖²/2</c> for the gaussian kernel.</summary>
    public static double Kernel(double[] x, int d, int i, int j, bool gaussian)
    {
        double dot = 0;
        double norm = 0;
        for (int k = 0; k < d; k++)
        {
            dot += x[i * d + k] * x[j * d + k];
            norm += x[j * d + k] * x[j * d + k];
        }
        return gaussian ? dot - norm / 2 : dot;
    }

    /// <summary>One layer, every point at once: <c>x_i⁺ = Σ_j softmax_j(β·k(x_i, x_j)) · x_j</c>.</summary>
    /// <remarks>
    /// <c>s_ij = β·k(x_i, x_j)</c>; <c>m_i = max_l s_il</c>; <c>w_ij = exp(s_ij − m_i)</c>; <c>x_i⁺ = Σ_j w_ij x_j / Σ_j w_ij</c>.
    /// </remarks>
    /// <param name="x">The cloud, row-major n × d (not modified).</param>
    /// <param name="n">Points.</param>
    /// <param name="d">Dimension.</param>
    /// <param name="beta">The inverse temperature β.</param>
    /// <param name="gaussian">The gaussian kernel (else dot).</param>
    /// <returns>The next layer, row-major n × d.</returns>
    public static double[] Step(double[] x, int n, int d, double beta, bool gaussian)
    {
        var next = new double[n * d];
        var s = new double[n];
        for (int i = 0; i < n; i++)
        {
            double m = double.NegativeInfinity;
            for (int j = 0; j < n; j++)
            {
                s[j] = beta * Kernel(x, d, i, j, gaussian);
                m = Math.Max(m, s[j]);
            }
            double total = 0;
            for (int j = 0; j < n; j++)
            {
                double w = Math.Exp(s[j] - m);
                total += w;
                for (int k = 0; k < d; k++)
                {
                    next[i * d + k] += w * x[j * d + k];
                }
            }
            for (int k = 0; k < d; k++)
            {
                next[i * d + k] /= total;
            }
        }
        return next;
    }

    /// <summary><paramref name="layers"/> layers: <c>Step</c> applied L times.</summary>
    public static double[] Run(double[] x, int n, int d, double beta, bool gaussian, int layers)
    {
        double[] current = (double[])x.Clone();
        for (int k = 0; k < layers; k++)
        {
            current = Step(current, n, d, beta, gaussian);
        }
        return current;
    }
}
