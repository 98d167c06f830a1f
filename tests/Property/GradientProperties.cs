using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HardmaxCore.Classifier;

namespace HardmaxCore.PropertyTests;

/// <summary>A small random classifier and one review: the input of P10.</summary>
/// <param name="Vocabulary">V, words including pad (0).</param>
/// <param name="Dimension">d.</param>
/// <param name="Layers">K.</param>
/// <param name="Temperature">τ.</param>
/// <param name="MaskPadding">Whether padding is masked.</param>
/// <param name="Seed">Seed of the weights.</param>
/// <param name="Ids">The review (pads 0 at the end), so repeated words and padding are merged tokens.</param>
/// <param name="Label">0 or 1.</param>
public sealed record GradientCase(int Vocabulary, int Dimension, int Layers, double Temperature, bool MaskPadding, int Seed, int[] Ids, int Label)
{
    /// <summary>Whether word 2's embedding is moved to within 10⁻³ of word 1's (a near tie at τ = 10⁻³).</summary>
    public bool NearTie { get; init; }

    /// <inheritdoc/>
    public override string ToString()
        => $"V={this.Vocabulary} d={this.Dimension} K={this.Layers} τ={this.Temperature} mask={this.MaskPadding} nearTie={this.NearTie} seed={this.Seed} ids=[{string.Join(",", this.Ids)}] y={this.Label}";
}

/// <summary>P10 (SPEC §2): the analytic backward pass of the classifier (SPEC §3) matches central finite differences in double.</summary>
public sealed class GradientProperties
{
    /// <summary>
    /// Random small models: V ≤ 8, d ≤ 4, n ≤ 8 with repeated words and trailing pads, K ≤ 3, τ ∈ {1, 0.3, 0.1, 10⁻³}; at
    /// τ = 10⁻³ (the training temperature, where the pass keeps only the terms above e^−708 and rows are sparse) half the
    /// cases put word 2 within 10⁻³ of word 1, so some rows mix two terms and the softmax's derivative is not zero.
    /// </summary>
    public static Arbitrary<GradientCase> Cases()
    {
        Gen<GradientCase> generator =
            from vocabulary in Gen.Choose(2, 8)
            from dimension in Gen.Choose(1, 4)
            from layers in Gen.Choose(1, 3)
            from temperature in Gen.Elements(1.0, 0.3, 0.1, 1e-3)
            from nearTie in Gen.Elements(false, true)
            from mask in Gen.Elements(false, true)
            from seed in Gen.Choose(0, 10_000)
            from length in Gen.Choose(1, 8)
            from words in Gen.ArrayOf(Gen.Choose(1, vocabulary - 1), length)
            from pads in Gen.Choose(0, 3)
            from label in Gen.Choose(0, 1)
            select new GradientCase(vocabulary, dimension, layers, temperature, mask, seed, [.. words, .. new int[pads]], label)
            {
                NearTie = nearTie && temperature < 0.01 && vocabulary > 2,
            };
        return Arb.From(generator, Shrink);
    }

    /// <summary>Smaller reviews, fewer layers, smaller d.</summary>
    private static IEnumerable<GradientCase> Shrink(GradientCase c)
    {
        if (c.Ids.Length > 1)
        {
            yield return c with { Ids = c.Ids[..^1] };
        }
        if (c.Layers > 1)
        {
            yield return c with { Layers = c.Layers - 1 };
        }
        if (c.Dimension > 1)
        {
            yield return c with { Dimension = c.Dimension - 1 };
        }
    }

    /// <summary>
    /// P10: every partial derivative of the loss (embeddings of every word, α, v, b) agrees with the central difference
    /// <c>(L(θ+h) − L(θ−h))/2h</c>, h = 10⁻⁶.
    /// </summary>
    /// <remarks>
    /// Tolerance: the central difference has truncation error ≤ h²/6·|∂³L| and rounding error ≈ ε·|L|/h ≈ 10⁻¹⁰. With
    /// scores of order 1 and τ ≥ 0.1, third derivatives are at most of order 1/τ³ = 10³ times the first, so the
    /// truncation error is ≤ 10⁻¹²·10³ ≈ 10⁻⁹ relative. The check is relative to the gradient's norm (a single tiny
    /// component has no meaningful relative error): <c>|fd − analytic| ≤ 10⁻⁴·max(‖g‖∞, 10⁻⁶)</c>, which SPEC's 10⁻⁴
    /// leaves orders of magnitude of room for; a wrong term in the backward pass is off by O(‖g‖).
    /// At τ = 10⁻³ each derivative of <c>exp(s/τ)</c> brings a factor |∂s|/τ, so <c>|∂³L| ≲ |∂L|·(|∂s|/τ)²</c> and the
    /// truncation error relative to the gradient is ≤ h²/(6τ²)·|∂s|² ≈ 10⁻¹²/(6·10⁻⁶)·10 ≈ 2·10⁻⁶ (|∂s| ≲ ‖z‖ ≲ 3): inside
    /// 10⁻⁴. The terms the pass drops weigh under e^−708 ≈ 10⁻³⁰⁸ of the row: nothing a difference of h can see.
    /// </remarks>
    [Property(Arbitrary = new[] { typeof(GradientProperties) }, MaxTest = 150, Replay = Configurations.Replay)]
    public void Backward_MatchesCentralFiniteDifferences(GradientCase c)
    {
        int n = c.Ids.Length;
        int d = c.Dimension;
        var settings = new ClassifierSettings(n, d, c.Layers, c.Temperature, c.MaskPadding);
        ClassifierParameters<double> parameters = ClassifierParameters<double>.Initialize(c.Vocabulary, d, c.Seed);
        parameters.Alpha[0] = 0.2 + parameters.Alpha[0];
        if (c.NearTie)
        {
            for (int k = 0; k < d; k++)
            {
                parameters.Embedding[2 * d + k] = parameters.Embedding[d + k] + (1e-3 * parameters.Embedding[2 * d + k]);
            }
        }
        using var pass = new ClassifierPass<double>(settings, KernelVariant.Scalar);

        double logit = pass.Forward(c.Ids, parameters);
        var embeddingRows = new double[n * d];
        var decoder = new double[d];
        (double alpha, double bias) = pass.Backward(parameters, BinaryCrossEntropy.Gradient(logit, c.Label), embeddingRows, decoder);
        var embedding = new double[parameters.Embedding.Length];
        for (int u = 0; u < pass.UniqueCount; u++)
        {
            for (int k = 0; k < d; k++)
            {
                embedding[pass.UniqueWords[u] * d + k] += embeddingRows[u * d + k];
            }
        }
        double[][] analytic = [embedding, [alpha], decoder, [bias]];
        double[][] weights = parameters.All;

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
                    $"parameter array {p} ({(p == 0 ? "E" : p == 1 ? "α" : p == 2 ? "v" : "b")}) index {x}: finite difference {numeric:R}, analytic {analytic[p][x]:R}, gradient scale {scale:R}");
            }
        }
    }
}
