namespace HardmaxCore.Reference;

/// <summary>
/// The hardmax and softmax dynamics of SPEC §1, written as plainly as the mathematics:
/// double precision, no SIMD, no pooling. This is the ground truth the vectorized Core is tested against.
/// </summary>
/// <remarks>
/// A configuration is <c>z[i][k]</c>: token <c>i</c> (0 ≤ i &lt; n), coordinate <c>k</c> (0 ≤ k &lt; d).
/// A null key–query matrix means <c>A = I</c>. Arguments are not validated here; the Core validates.
/// </remarks>
public static class ReferenceDynamics
{
    /// <summary>The score <c>s_ij = ⟨A z_i, z_j⟩</c> (SPEC §1.1).</summary>
    public static double Score(double[][] z, double[,]? a, int i, int j)
    {
        double[] azi = KeyQuery.Apply(a, z[i]);
        return Dot(azi, z[j]);
    }

    /// <summary>All scores <c>s[i,j] = ⟨A z_i, z_j⟩</c>.</summary>
    public static double[,] Scores(double[][] z, double[,]? a)
    {
        int n = z.Length;
        var s = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            double[] azi = KeyQuery.Apply(a, z[i]);
            for (int j = 0; j < n; j++)
            {
                s[i, j] = Dot(azi, z[j]);
            }
        }
        return s;
    }

    /// <summary>The attention set <c>C_i(Z)</c> of token <paramref name="i"/> (SPEC §1.2, §1.4).</summary>
    /// <remarks>
    /// <c>m = max_l s[i,l]</c>; <c>C_i = { j : s[i,j] ≥ m − tieTol·max(1, |m|) }</c>, which for
    /// <c>tieTol = 0</c> is exact equality with the maximum.
    /// </remarks>
    public static int[] AttentionSet(double[][] z, double[,]? a, int i, double tieTolerance = 0)
    {
        int n = z.Length;
        double[] azi = KeyQuery.Apply(a, z[i]);
        var s = new double[n];
        double m = double.NegativeInfinity;
        for (int l = 0; l < n; l++)
        {
            s[l] = Dot(azi, z[l]);
            m = Math.Max(m, s[l]);
        }
        double threshold = m - tieTolerance * Math.Max(1, Math.Abs(m));
        var set = new List<int>();
        for (int j = 0; j < n; j++)
        {
            if (s[j] >= threshold)
            {
                set.Add(j);
            }
        }
        return set.ToArray();
    }

    /// <summary>One hardmax layer (SPEC §1.2), all tokens updated simultaneously.</summary>
    /// <remarks>
    /// <c>z_i⁺ = (z_i + α·mean_{j∈C_i} z_j) / (1 + α)</c>, evaluated as
    /// <c>z_i⁺ = z_i + α/(1+α) · mean_{j∈C_i}(z_j − z_i)</c> so that a strict leader (every member equal
    /// to z_i) stays put exactly, as SPEC §2 P2 says it must.
    /// </remarks>
    public static double[][] HardmaxStep(double[][] z, double[,]? a, double alpha, double tieTolerance = 0)
    {
        int n = z.Length;
        int d = z[0].Length;
        double c = alpha / (1 + alpha);
        var next = new double[n][];
        for (int i = 0; i < n; i++)
        {
            int[] attention = AttentionSet(z, a, i, tieTolerance);
            var mean = new double[d];
            foreach (int j in attention)
            {
                for (int k = 0; k < d; k++)
                {
                    mean[k] += z[j][k] - z[i][k];
                }
            }
            next[i] = new double[d];
            for (int k = 0; k < d; k++)
            {
                next[i][k] = z[i][k] + c * (mean[k] / attention.Length);
            }
        }
        return next;
    }

    /// <summary>One softmax layer with temperature τ (SPEC §1.3).</summary>
    /// <remarks>
    /// <c>P_ij = exp((s_ij − m_i)/τ) / Σ_l exp((s_il − m_i)/τ)</c> with <c>m_i = max_l s_il</c>;
    /// <c>z_i⁺ = (z_i + α Σ_j P_ij z_j) / (1 + α)</c>, evaluated as <c>z_i + α/(1+α)·(Σ_j P_ij z_j − z_i)</c>.
    /// </remarks>
    public static double[][] SoftmaxStep(double[][] z, double[,]? a, double alpha, double temperature)
    {
        int n = z.Length;
        int d = z[0].Length;
        double c = alpha / (1 + alpha);
        var next = new double[n][];
        for (int i = 0; i < n; i++)
        {
            double[] azi = KeyQuery.Apply(a, z[i]);
            var s = new double[n];
            double m = double.NegativeInfinity;
            for (int l = 0; l < n; l++)
            {
                s[l] = Dot(azi, z[l]);
                m = Math.Max(m, s[l]);
            }
            double total = 0;
            var p = new double[n];
            for (int j = 0; j < n; j++)
            {
                p[j] = Math.Exp((s[j] - m) / temperature);
                total += p[j];
            }
            var mean = new double[d];
            for (int j = 0; j < n; j++)
            {
                for (int k = 0; k < d; k++)
                {
                    mean[k] += p[j] / total * z[j][k];
                }
            }
            next[i] = new double[d];
            for (int k = 0; k < d; k++)
            {
                next[i][k] = z[i][k] + c * (mean[k] - z[i][k]);
            }
        }
        return next;
    }

    /// <summary>Whether token <paramref name="i"/> is a leader: <c>i ∈ C_i(Z)</c> (SPEC §1.5).</summary>
    public static bool IsLeader(double[][] z, double[,]? a, int i, double tieTolerance = 0)
        => Array.IndexOf(AttentionSet(z, a, i, tieTolerance), i) >= 0;

    /// <summary>Whether token <paramref name="i"/> is a strict leader: a leader whose attention set holds only copies of z_i.</summary>
    public static bool IsStrictLeader(double[][] z, double[,]? a, int i, double tieTolerance = 0)
    {
        int[] attention = AttentionSet(z, a, i, tieTolerance);
        if (Array.IndexOf(attention, i) < 0)
        {
            return false;
        }
        foreach (int j in attention)
        {
            if (!z[j].AsSpan().SequenceEqual(z[i]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The distinct leaders of Z (SPEC §1.5): indices i with <c>i ∈ C_i</c>, counting identical tokens once
    /// (the first index of each group of identical tokens), ascending.
    /// </summary>
    public static int[] Leaders(double[][] z, double[,]? a, double tieTolerance = 0)
        => DistinctWhere(z, i => IsLeader(z, a, i, tieTolerance));

    /// <summary>The distinct strict leaders of Z, as <see cref="Leaders"/> counts them.</summary>
    public static int[] StrictLeaders(double[][] z, double[,]? a, double tieTolerance = 0)
        => DistinctWhere(z, i => IsStrictLeader(z, a, i, tieTolerance));

    /// <summary>Runs <paramref name="steps"/> hardmax layers; returns every layer, layer 0 (the input) first.</summary>
    public static double[][][] HardmaxTrajectory(double[][] z, double[,]? a, double alpha, int steps, double tieTolerance = 0)
    {
        var layers = new double[steps + 1][][];
        layers[0] = z;
        for (int k = 0; k < steps; k++)
        {
            layers[k + 1] = HardmaxStep(layers[k], a, alpha, tieTolerance);
        }
        return layers;
    }

    /// <summary>
    /// Iterates the hardmax layer until <c>max_i ‖z_i^{k+1} − z_i^k‖_∞ ≤ tol·(1 + max_i ‖z_i^k‖_∞)</c> or
    /// <paramref name="maxSteps"/> layers have run (SPEC §1.5).
    /// </summary>
    public static ReferenceEquilibrium RunToConvergence(
        double[][] z, double[,]? a, double alpha, double tolerance, int maxSteps, double tieTolerance = 0)
    {
        double[][] current = z;
        for (int k = 1; k <= maxSteps; k++)
        {
            double[][] next = HardmaxStep(current, a, alpha, tieTolerance);
            double change = 0;
            double size = 0;
            for (int i = 0; i < z.Length; i++)
            {
                for (int l = 0; l < z[i].Length; l++)
                {
                    change = Math.Max(change, Math.Abs(next[i][l] - current[i][l]));
                    size = Math.Max(size, Math.Abs(current[i][l]));
                }
            }
            current = next;
            if (change <= tolerance * (1 + size))
            {
                return new ReferenceEquilibrium(current, k, true);
            }
        }
        return new ReferenceEquilibrium(current, maxSteps, false);
    }

    private static int[] DistinctWhere(double[][] z, Func<int, bool> predicate)
    {
        var result = new List<int>();
        for (int i = 0; i < z.Length; i++)
        {
            if (FirstCopy(z, i) == i && predicate(i))
            {
                result.Add(i);
            }
        }
        return result.ToArray();
    }

    /// <summary>The first index whose token equals z_i exactly.</summary>
    private static int FirstCopy(double[][] z, int i)
    {
        for (int j = 0; j < i; j++)
        {
            if (z[j].AsSpan().SequenceEqual(z[i]))
            {
                return j;
            }
        }
        return i;
    }

    private static double Dot(double[] x, double[] y)
    {
        double sum = 0;
        for (int k = 0; k < x.Length; k++)
        {
            sum += x[k] * y[k];
        }
        return sum;
    }
}
