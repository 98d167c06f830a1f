namespace HardmaxCore.UnitTests.Hostile;

/// <summary>
/// Issue 22's test hole: the baseline's forward pass checked against a naive double forward written from the formulas of
/// <see cref="AttentionPass{T}"/> (as <c>ClassifierPass_Forward_MatchesNaiveDoubleModel</c> checks the hardmax model), so a
/// change that forward and backward share (dropping the 1/√d of the scores, the mean over the real tokens, the padding
/// mask) cannot pass unseen.
/// </summary>
public sealed class AttentionForwardTests
{
    /// <summary>
    /// <c>x_i = E[id_i] + P_i</c>; <c>q, k, v = W_Q x, W_K x, W_V x</c>; <c>s_ij = q_i·k_j/√d</c> over the m real tokens;
    /// <c>p_i = softmax(s_i)</c>; <c>c = (1/m) Σ_i Σ_j p_ij v_j</c>; <c>h = ReLU(W₁c + b₁)</c>; logit <c>= w₂·h + b₂</c>.
    /// The weights are drawn of order 1 (not the initialisation's 1/√d) so that the scores are far from uniform and the
    /// scale changes the logit by far more than the tolerance.
    /// </summary>
    [Theory]
    [InlineData(4, 6, 1)]
    [InlineData(3, 8, 2)]
    [InlineData(9, 5, 3)]
    public void AttentionPass_Forward_MatchesNaiveDoubleForward(int d, int n, int seed)
    {
        const int vocabulary = 12;
        var settings = new AttentionSettings(n, d);
        AttentionParameters<double> parameters = AttentionParameters<double>.Initialize(vocabulary, settings, seed);
        var random = new Random(seed + 100);
        foreach (double[] array in parameters.All)
        {
            for (int i = 0; i < array.Length; i++)
            {
                array[i] = 2 * random.NextDouble() - 1;
            }
        }
        var pass = new AttentionPass<double>(settings);
        double largestChange = 0;
        for (int length = 0; length <= n; length++)
        {
            int[] ids = new int[n];
            for (int i = 0; i < length; i++)
            {
                ids[i] = 1 + random.Next(vocabulary - 1);
            }
            double logit = pass.Forward(ids, parameters);
            double expected = NaiveLogit(ids, length, parameters, d, scale: 1 / Math.Sqrt(d));
            Assert.True(Math.Abs(logit - expected) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"d {d}, n {n}, length {length}: pass {logit:R}, naive {expected:R}");
            largestChange = Math.Max(largestChange, Math.Abs(expected - NaiveLogit(ids, length, parameters, d, scale: 1)));
        }
        // The test can tell the scale: without 1/√d the naive logit moves by far more than the tolerance.
        Assert.True(largestChange > 1e-6, $"the scale changes the logit by only {largestChange:R}");
    }

    /// <summary>The naive forward in double, token-major, every sum in the order the formula reads.</summary>
    private static double NaiveLogit(int[] ids, int m, AttentionParameters<double> p, int d, double scale)
    {
        double[][] x = new double[m][];
        for (int i = 0; i < m; i++)
        {
            x[i] = new double[d];
            for (int l = 0; l < d; l++)
            {
                x[i][l] = p.Embedding[ids[i] * d + l] + p.Position[i * d + l];
            }
        }
        double[][] Apply(double[] w) => x.Select(xi => Enumerable.Range(0, d).Select(o => Enumerable.Range(0, d).Sum(l => w[o * d + l] * xi[l])).ToArray()).ToArray();
        double[][] q = Apply(p.Query), k = Apply(p.Key), v = Apply(p.Value);
        double[] c = new double[d];
        for (int i = 0; i < m; i++)
        {
            double[] s = new double[m];
            for (int j = 0; j < m; j++)
            {
                s[j] = Enumerable.Range(0, d).Sum(l => q[i][l] * k[j][l]) * scale;
            }
            double max = s.Max();
            double[] e = s.Select(sj => Math.Exp(sj - max)).ToArray();
            double total = e.Sum();
            for (int j = 0; j < m; j++)
            {
                for (int l = 0; l < d; l++)
                {
                    c[l] += e[j] / total * v[j][l] / m;
                }
            }
        }
        int hidden = 2 * d;
        double logit = p.OutputBias[0];
        for (int o = 0; o < hidden; o++)
        {
            double z = p.DenseBias[o] + Enumerable.Range(0, d).Sum(l => p.Dense[o * d + l] * c[l]);
            logit += p.Output[o] * Math.Max(z, 0);
        }
        return logit;
    }
}
