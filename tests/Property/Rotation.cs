namespace HardmaxCore.PropertyTests;

/// <summary>A d × d orthogonal matrix Q (up to rounding) and the rounding bounds of applying it (P7).</summary>
internal sealed class Rotation
{
    private readonly double[,] _q;

    private Rotation(double[,] q) => this._q = q;

    /// <summary>d.</summary>
    public int Dimension => this._q.GetLength(0);

    /// <summary><c>‖Q‖_∞ = max_k Σ_l |Q_kl|</c>.</summary>
    public double InfinityNorm => Enumerable.Range(0, this.Dimension).Max(k => Enumerable.Range(0, this.Dimension).Sum(l => Math.Abs(this._q[k, l])));

    /// <summary>Modified Gram–Schmidt, applied twice, to the rows of a Gaussian matrix (Box–Muller).</summary>
    public static Rotation Random(int d, Random random)
    {
        var q = new double[d, d];
        for (int k = 0; k < d; k++)
        {
            for (int l = 0; l < d; l++)
            {
                q[k, l] = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            }
        }
        for (int pass = 0; pass < 2; pass++)
        {
            for (int k = 0; k < d; k++)
            {
                for (int j = 0; j < k; j++)
                {
                    double dot = 0;
                    for (int l = 0; l < d; l++)
                    {
                        dot += q[k, l] * q[j, l];
                    }
                    for (int l = 0; l < d; l++)
                    {
                        q[k, l] -= dot * q[j, l];
                    }
                }
                double norm = 0;
                for (int l = 0; l < d; l++)
                {
                    norm += q[k, l] * q[k, l];
                }
                norm = Math.Sqrt(norm);
                for (int l = 0; l < d; l++)
                {
                    q[k, l] /= norm;
                }
            }
        }
        return new Rotation(q);
    }

    /// <summary><c>(Q z_i)_k = Σ_l Q_kl z_il</c> for every token, in double.</summary>
    public double[][] Apply(double[][] z) => z.Select(zi =>
    {
        var y = new double[this.Dimension];
        for (int k = 0; k < y.Length; k++)
        {
            for (int l = 0; l < y.Length; l++)
            {
                y[k] += this._q[k, l] * zi[l];
            }
        }
        return y;
    }).ToArray();

    /// <summary>
    /// Per token, a bound on <c>‖stored(fl(Q z_i)) − Q z_i‖_∞</c>: γ_d·max_k (|Q||z_i|)_k for the sums of d products, plus
    /// <paramref name="storageRoundoff"/>·‖Q z_i‖_∞ (1 + γ_d) when the engine then rounds to a narrower type.
    /// </summary>
    public double[] ApplyError(double[][] z, double storageRoundoff)
    {
        double g = Bounds.Gamma(this.Dimension, Bounds.DoubleRoundoff);
        return z.Select(zi =>
        {
            double largest = 0;
            for (int k = 0; k < this.Dimension; k++)
            {
                double sum = 0;
                for (int l = 0; l < this.Dimension; l++)
                {
                    sum += Math.Abs(this._q[k, l] * zi[l]);
                }
                largest = Math.Max(largest, sum);
            }
            return (g + storageRoundoff * (1 + g)) * largest;
        }).ToArray();
    }

    /// <summary>A' = fl(fl(Q A) Qᵀ), symmetrised as (C + Cᵀ)/2 so that it is exactly symmetric.</summary>
    public double[,] Conjugate(double[,] a)
    {
        int d = this.Dimension;
        double[,] qa = Multiply(this._q, a, transposeRight: false);
        double[,] c = Multiply(qa, this._q, transposeRight: true);
        var result = new double[d, d];
        for (int k = 0; k < d; k++)
        {
            for (int l = k; l < d; l++)
            {
                result[k, l] = result[l, k] = k == l ? c[k, k] : (c[k, l] + c[l, k]) / 2;
            }
        }
        return result;
    }

    /// <summary>
    /// A bound on <c>Σ_kl |A'_kl − (QAQᵀ)_kl|</c>: two matrix products give γ_{2d}(|Q||A||Q|ᵀ) entrywise (the exact QAQᵀ
    /// is symmetric, so averaging C and Cᵀ keeps that bound), and the symmetrising sum adds u|A'|. Zero when A = I (A' = I).
    /// </summary>
    public double ScoreBound(double[,]? a, double[,]? rotated)
    {
        if (a is null || rotated is null)
        {
            return 0;
        }
        int d = this.Dimension;
        double[,] absQ = Abs(this._q);
        double[,] product = Multiply(Multiply(absQ, Abs(a), transposeRight: false), absQ, transposeRight: true);
        double g = Bounds.Gamma(2 * d, Bounds.DoubleRoundoff);
        double sum = 0;
        for (int k = 0; k < d; k++)
        {
            for (int l = 0; l < d; l++)
            {
                sum += g * product[k, l] + Bounds.DoubleRoundoff * Math.Abs(rotated[k, l]);
            }
        }
        return sum * (1 + Bounds.Gamma(3 * d, Bounds.DoubleRoundoff));
    }

    /// <summary>
    /// A bound on <c>Σ_kl |(GA + AG + GAG)_kl|</c>, G = QᵀQ − I, so that the exact rotated score
    /// <c>z_iᵀ QᵀQ A QᵀQ z_j</c> is within that times ‖z_i‖_∞‖z_j‖_∞ of s_ij; |G| ≤ |fl(QᵀQ) − I| + γ_d|Q|ᵀ|Q|.
    /// </summary>
    public double OrthogonalityBound(double[,]? a)
    {
        int d = this.Dimension;
        double[,] absQ = Abs(this._q);
        double g = Bounds.Gamma(d, Bounds.DoubleRoundoff);
        var gram = new double[d, d];
        for (int k = 0; k < d; k++)
        {
            for (int l = 0; l < d; l++)
            {
                double dot = 0;
                double absDot = 0;
                for (int m = 0; m < d; m++)
                {
                    dot += this._q[m, k] * this._q[m, l];
                    absDot += absQ[m, k] * absQ[m, l];
                }
                gram[k, l] = Math.Abs(dot - (k == l ? 1 : 0)) + g * absDot;
            }
        }
        double[,] absA = a is null ? Reference.KeyQuery.Identity(d) : Abs(a);
        double[,] ga = Multiply(gram, absA, transposeRight: false);
        double[,] ag = Multiply(absA, gram, transposeRight: false);
        double[,] gag = Multiply(ga, gram, transposeRight: false);
        double sum = 0;
        for (int k = 0; k < d; k++)
        {
            for (int l = 0; l < d; l++)
            {
                sum += ga[k, l] + ag[k, l] + gag[k, l];
            }
        }
        return sum * (1 + Bounds.Gamma(3 * d, Bounds.DoubleRoundoff));
    }

    private static double[,] Abs(double[,] a)
    {
        var result = new double[a.GetLength(0), a.GetLength(1)];
        for (int k = 0; k < a.GetLength(0); k++)
        {
            for (int l = 0; l < a.GetLength(1); l++)
            {
                result[k, l] = Math.Abs(a[k, l]);
            }
        }
        return result;
    }

    /// <summary>X·Y, or X·Yᵀ.</summary>
    private static double[,] Multiply(double[,] x, double[,] y, bool transposeRight)
    {
        int d = x.GetLength(0);
        var result = new double[d, d];
        for (int k = 0; k < d; k++)
        {
            for (int l = 0; l < d; l++)
            {
                double sum = 0;
                for (int m = 0; m < d; m++)
                {
                    sum += x[k, m] * (transposeRight ? y[l, m] : y[m, l]);
                }
                result[k, l] = sum;
            }
        }
        return result;
    }
}
