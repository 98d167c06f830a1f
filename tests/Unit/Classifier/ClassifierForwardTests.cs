using System.Runtime.InteropServices;
using HardmaxCore.Reference;

namespace HardmaxCore.UnitTests.Classifier;

/// <summary>
/// The classifier's forward pass (SPEC §3.1) is the Core's layer (one arithmetic path, issue 8 point 3) and the model of
/// SPEC §3.1 (embedding, padding kept or masked, K layers, mean, decoder), checked against a naive double model.
/// </summary>
public sealed class ClassifierForwardTests
{
    private const int Vocabulary = 40;

    /// <summary>Every kernel width × hardmax/softmax × padding kept/masked × τ (the paper's 10⁻³, and 0.1 where softmax mixes).</summary>
    public static TheoryData<KernelVariant, Attention, bool, double> BitCases()
    {
        var cases = new TheoryData<KernelVariant, Attention, bool, double>();
        foreach (KernelVariant kernel in new[] { KernelVariant.Scalar, KernelVariant.Vector256, KernelVariant.Vector512 })
        {
            foreach (bool mask in new[] { false, true })
            {
                cases.Add(kernel, Attention.Hardmax, mask, 1e-3);
                cases.Add(kernel, Attention.Softmax, mask, 1e-3);
                cases.Add(kernel, Attention.Softmax, mask, 0.1);
            }
        }
        return cases;
    }

    /// <summary>
    /// On embedded reviews (repeated words, padding), every layer of the classifier's forward pass has the same bits as
    /// <c>Dynamics&lt;float&gt;</c> run on the review's tokens with the model's α and τ (the active tokens only when padding
    /// is masked), for every kernel width of the pass; the Dynamics uses the machine's own width, so widths agree too.
    /// </summary>
    [Theory]
    [MemberData(nameof(BitCases))]
    public void ClassifierPass_Forward_HasTheBitsOfDynamics(KernelVariant kernel, Attention attention, bool maskPadding, double temperature)
    {
        const int n = 128;
        const int layers = 8;
        foreach (int d in new[] { 16, 5 })
        {
            var settings = new ClassifierSettings(n, d, layers, temperature, maskPadding);
            ClassifierParameters<float> parameters = ClassifierParameters<float>.Initialize(Vocabulary, d, seed: 11 + d);
            using var pass = new ClassifierPass<float>(settings, kernel);
            var random = new Random(5 * d);
            for (int review = 0; review < 3; review++)
            {
                int[] ids = Review(random, n, length: random.Next(10, n + 1));
                pass.Forward(ids, parameters, attention);
                int active = maskPadding ? ids.Count(id => id != 0) : n;
                float[] z = Embed(ids.AsSpan(0, active), parameters.Embedding, d);
                var options = DynamicsOptions.Default with { Alpha = parameters.Alpha[0], Temperature = temperature, MaxDegreeOfParallelism = 1 };
                using var dynamics = new Dynamics<float>(active, d, options);
                var trajectory = new float[(layers + 1) * active * d];
                dynamics.Run(z, layers, trajectory, attention);
                for (int k = 0; k <= layers; k++)
                {
                    ReadOnlySpan<float> points = pass.Layer(k);
                    for (int i = 0; i < active; i++)
                    {
                        int u = pass.TokenUnique[i];
                        ReadOnlySpan<float> expected = trajectory.AsSpan((k * active + i) * d, d);
                        ReadOnlySpan<float> actual = points.Slice(u * d, d);
                        Assert.True(
                            MemoryMarshal.AsBytes(actual).SequenceEqual(MemoryMarshal.AsBytes(expected)),
                            $"d = {d}, review {review}, layer {k}, token {i} (point {u}): classifier [{string.Join(", ", actual.ToArray())}], " +
                            $"Dynamics ({dynamics.Variant}) [{string.Join(", ", expected.ToArray())}]");
                    }
                }
            }
        }
    }

    /// <summary>
    /// The whole forward pass (embedding, padding kept or masked, K layers, mean over the tokens, decoder) equals a naive
    /// double model built on ReferenceDynamics: <c>z⁰ = E[ids]</c> (the non-padding ids only when masked), K Reference
    /// steps, <c>logit = v·mean_i z^K_i + b</c>.
    /// </summary>
    /// <remarks>
    /// Tolerance: both compute in double. A score carries ≤ d·ε·‖z‖² ≈ 3·1.1e-16·30 ≈ 1e-14 of rounding; through a softmax at
    /// τ = 1 a weight moves by at most that relatively, and each layer amplifies earlier errors by at most its Lipschitz
    /// constant 1 + 2‖z‖²/τ ≈ 60 (hardmax: by at most 1 while attention sets agree, which they do away from ties, and the
    /// random embeddings have none but the identical tokens both sides treat alike). Over K = 3 layers:
    /// 1e-14·60³ ≈ 2e-9; the logit adds |v|·that. So 1e-8·(1 + |logit|). Keeping the padding instead of masking it (or
    /// the reverse) moves the mean by a share of the padding's embedding, O(0.1): far outside.
    /// </remarks>
    [Theory]
    [InlineData(false, Attention.Softmax)]
    [InlineData(true, Attention.Softmax)]
    [InlineData(false, Attention.Hardmax)]
    [InlineData(true, Attention.Hardmax)]
    public void ClassifierPass_Forward_MatchesNaiveDoubleModel(bool maskPadding, Attention attention)
    {
        const int n = 24;
        const int d = 3;
        const int layers = 3;
        const double temperature = 1;
        var settings = new ClassifierSettings(n, d, layers, temperature, maskPadding);
        var random = new Random(2024);
        for (int model = 0; model < 4; model++)
        {
            ClassifierParameters<double> parameters = ClassifierParameters<double>.Initialize(12, d, seed: 300 + model);
            using var pass = new ClassifierPass<double>(settings);
            foreach (int length in new[] { n, n - 1, 17, 5, 1, 0 })
            {
                int[] ids = Review(random, n, length, vocabulary: 12);
                double logit = pass.Forward(ids, parameters, attention);
                double expected = NaiveLogit(ids, parameters, layers, temperature, maskPadding, attention);
                Assert.True(
                    Math.Abs(logit - expected) <= 1e-8 * (1 + Math.Abs(expected)),
                    $"model {model}, length {length}, mask {maskPadding}, {attention}: classifier {logit:R}, naive {expected:R}");
            }
        }
    }

    /// <summary>The naive double model of SPEC §3.1 on ReferenceDynamics.</summary>
    private static double NaiveLogit(int[] ids, ClassifierParameters<double> p, int layers, double temperature, bool maskPadding, Attention attention)
    {
        int d = p.Dimension;
        int[] tokens = maskPadding ? ids.Where(id => id != 0).ToArray() : ids;
        if (tokens.Length == 0)
        {
            return p.Bias[0]; // nothing to average: the mean token is 0
        }
        double[][] z = tokens.Select(id => p.Embedding.AsSpan(id * d, d).ToArray()).ToArray();
        for (int k = 0; k < layers; k++)
        {
            z = attention == Attention.Hardmax
                ? ReferenceDynamics.HardmaxStep(z, null, p.Alpha[0])
                : ReferenceDynamics.SoftmaxStep(z, null, p.Alpha[0], temperature);
        }
        double logit = p.Bias[0];
        for (int l = 0; l < d; l++)
        {
            logit += p.Decoder[l] * z.Average(token => token[l]);
        }
        return logit;
    }

    /// <summary><paramref name="length"/> words (ids 1..V−1, a few frequent ones so words repeat), then padding (0) up to n.</summary>
    private static int[] Review(Random random, int n, int length, int vocabulary = Vocabulary)
    {
        var ids = new int[n];
        for (int i = 0; i < length; i++)
        {
            ids[i] = random.NextDouble() < 0.4 ? 1 + random.Next(3) : 1 + random.Next(vocabulary - 1);
        }
        return ids;
    }

    /// <summary>The embedded tokens, row-major.</summary>
    private static float[] Embed(ReadOnlySpan<int> ids, float[] embedding, int d)
    {
        var z = new float[ids.Length * d];
        for (int i = 0; i < ids.Length; i++)
        {
            embedding.AsSpan(ids[i] * d, d).CopyTo(z.AsSpan(i * d, d));
        }
        return z;
    }
}
