using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HardmaxCore.Classifier;

namespace HardmaxCore.PropertyTests;

/// <summary>A small random self-attention classifier and one review.</summary>
/// <param name="Vocabulary">V, words including pad (0).</param>
/// <param name="Dimension">d.</param>
/// <param name="Seed">Seed of the weights.</param>
/// <param name="Ids">The review (pads 0 at the end; possibly all padding).</param>
/// <param name="Label">0 or 1.</param>
public sealed record AttentionCase(int Vocabulary, int Dimension, int Seed, int[] Ids, int Label)
{
    /// <inheritdoc/>
    public override string ToString() => $"V={this.Vocabulary} d={this.Dimension} seed={this.Seed} ids=[{string.Join(",", this.Ids)}] y={this.Label}";
}

/// <summary>
/// P10 for the standard self-attention baseline (<see cref="AttentionPass{T}"/>): the hand-written backward pass matches
/// central finite differences in double, and padding is masked.
/// </summary>
public sealed class AttentionGradientProperties
{
    /// <summary>Random small models: V ≤ 8, d ≤ 5, n ≤ 11 with repeated words and trailing pads, all-padding reviews included.</summary>
    public static Arbitrary<AttentionCase> Cases()
    {
        Gen<AttentionCase> generator =
            from vocabulary in Gen.Choose(2, 8)
            from dimension in Gen.Choose(1, 5)
            from seed in Gen.Choose(0, 10_000)
            from length in Gen.Choose(0, 8)
            from words in Gen.ArrayOf(Gen.Choose(1, vocabulary - 1), length)
            from pads in Gen.Choose(length == 0 ? 1 : 0, 3)
            from label in Gen.Choose(0, 1)
            select new AttentionCase(vocabulary, dimension, seed, [.. words, .. new int[pads]], label);
        return Arb.From(generator, Shrink);
    }

    private static IEnumerable<AttentionCase> Shrink(AttentionCase c)
    {
        if (c.Ids.Length > 1)
        {
            yield return c with { Ids = c.Ids[..^1] };
        }
        if (c.Dimension > 1)
        {
            yield return c with { Dimension = c.Dimension - 1 };
        }
    }

    /// <summary>
    /// Every partial derivative of the loss (E, P, W_Q, W_K, W_V, W₁, b₁, w₂, b₂) agrees with <c>(L(θ+h) − L(θ−h))/2h</c>, h = 10⁻⁶.
    /// </summary>
    /// <remarks>
    /// Tolerance, as P10: truncation error ≤ h²/6·|∂³L|; with weights of order 1 (E, P ~ N(0, 1), the rest ≤ 1) scores
    /// and activations are of order d ≤ 5, so third derivatives are at most of order 10³ times the first and the
    /// truncation error is ≈ 10⁻⁹ relative; rounding ≈ ε·|L|/h ≈ 10⁻¹⁰. Checked relative to the gradient's largest
    /// component: <c>|fd − analytic| ≤ 10⁻⁴·max(‖g‖∞, 10⁻⁶)</c>; a wrong term is off by O(‖g‖).
    /// The ReLU has a kink at 0: a case whose pre-activation lies within 10⁻³ of it (a perturbation of h moves it by at
    /// most h times a weight product of order 10², i.e. 10⁻⁴) is discarded, since the finite difference would straddle it.
    /// Discards are counted by FsCheck and bounded: more than <see cref="MaxKinkDiscards"/> of them before 150 checked
    /// cases fails the property (a pre-activation within 10⁻³ of 0 is rare for weights of order 1, so a generator or
    /// model change that made the check skip most cases would be caught rather than pass vacuously).
    /// </remarks>
    [Property(Arbitrary = new[] { typeof(AttentionGradientProperties) }, MaxTest = 150, MaxRejected = MaxKinkDiscards, Replay = Configurations.Replay)]
    public Property AttentionBackward_MatchesCentralFiniteDifferences(AttentionCase c)
    {
        int n = c.Ids.Length;
        int d = c.Dimension;
        var settings = new AttentionSettings(n, d);
        AttentionParameters<double> parameters = AttentionParameters<double>.Initialize(c.Vocabulary, settings, c.Seed);
        var pass = new AttentionPass<double>(settings);

        double logit = pass.Forward(c.Ids, parameters);
        bool nearKink = false;
        foreach (double z in pass.HiddenInput)
        {
            nearKink |= Math.Abs(z) < 1e-3;
        }
        return Prop.When(!nearKink, () => AssertGradientsMatch(c, parameters, pass, logit));
    }

    /// <summary>At most this many cases near the ReLU kink may be discarded per run of the gradient property (15 of 150: 10 %).</summary>
    private const int MaxKinkDiscards = 15;

    private static void AssertGradientsMatch(AttentionCase c, AttentionParameters<double> parameters, AttentionPass<double> pass, double logit)
    {
        int n = c.Ids.Length;
        int d = c.Dimension;
        var tokens = new double[n * d];
        double[][] weightGradients = parameters.All.Skip(2).Select(a => new double[a.Length]).ToArray();
        pass.Backward(parameters, BinaryCrossEntropy.Gradient(logit, c.Label), tokens, weightGradients);
        var embedding = new double[parameters.Embedding.Length];
        var position = new double[parameters.Position.Length];
        for (int i = 0; i < n; i++)
        {
            for (int l = 0; l < d; l++)
            {
                embedding[c.Ids[i] * d + l] += tokens[i * d + l];
                position[i * d + l] += tokens[i * d + l];
            }
        }
        double[][] analytic = [embedding, position, .. weightGradients];
        double[][] weights = parameters.All;
        string[] names = ["E", "P", "W_Q", "W_K", "W_V", "W1", "b1", "w2", "b2"];

        double scale = Math.Max(analytic.Max(g => g.Length == 0 ? 0 : g.Max(Math.Abs)), 1e-6);
        const double H = 1e-6;
        for (int p = 0; p < weights.Length; p++)
        {
            for (int x = 0; x < weights[p].Length; x++)
            {
                double saved = weights[p][x];
                weights[p][x] = saved + H;
                double plus = BinaryCrossEntropy.Loss(pass.Forward(c.Ids, parameters), c.Label);
                weights[p][x] = saved - H;
                double minus = BinaryCrossEntropy.Loss(pass.Forward(c.Ids, parameters), c.Label);
                weights[p][x] = saved;
                double numeric = (plus - minus) / (2 * H);
                Assert.True(
                    Math.Abs(numeric - analytic[p][x]) <= 1e-4 * scale,
                    $"{names[p]} index {x}: finite difference {numeric:R}, analytic {analytic[p][x]:R}, gradient scale {scale:R}");
            }
        }
    }

    /// <summary>
    /// Padding is masked: the logit does not change when the weights only padding could reach change (E[pad] and the
    /// positional rows past the review), and the attention received sums to 1 over the real tokens.
    /// </summary>
    /// <remarks>Bitwise equality: the masked rows are never read, so not even rounding may differ. The sum of the a_j is
    /// a mean of m rows each summing to 1 up to m rounding steps of ε = 2⁻⁵²: |Σa − 1| ≤ 10⁻¹² leaves ample room.</remarks>
    [Property(Arbitrary = new[] { typeof(AttentionGradientProperties) }, MaxTest = 100, Replay = Configurations.Replay)]
    public void AttentionForward_IgnoresPadding(AttentionCase c)
    {
        int n = c.Ids.Length;
        int d = c.Dimension;
        var settings = new AttentionSettings(n, d);
        AttentionParameters<double> parameters = AttentionParameters<double>.Initialize(c.Vocabulary, settings, c.Seed);
        var pass = new AttentionPass<double>(settings);
        double before = pass.Forward(c.Ids, parameters);
        int m = pass.ActiveTokens;
        if (m > 0)
        {
            Assert.InRange(pass.AttentionReceived.ToArray().Sum(), 1 - 1e-12, 1 + 1e-12);
        }
        var random = new Random(c.Seed);
        for (int l = 0; l < d; l++)
        {
            parameters.Embedding[l] = random.NextDouble() * 10 - 5;
        }
        for (int x = m * d; x < n * d; x++)
        {
            parameters.Position[x] = random.NextDouble() * 10 - 5;
        }
        Assert.Equal(before, pass.Forward(c.Ids, parameters));
    }
}
