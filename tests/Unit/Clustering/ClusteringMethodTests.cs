using HardmaxCore.Clustering;

namespace HardmaxCore.UnitTests.Clustering;

/// <summary>
/// The methods on Gaussian mixtures with known answers: the generator's separation, k-means on a hand case and its
/// determinism, prototype heads aligned with the true centroids (SPEC §6.2), heads and quantizer within 0.01 ARI of
/// k-means on separated mixtures, and the Bayes accuracy ceiling Φ(‖μ‖/σ) of SPEC §6.3.
/// </summary>
public sealed class ClusteringMethodTests
{
    /// <summary>Φ(1), the standard normal CDF at 1 (tables; Abramowitz &amp; Stegun 26.2).</summary>
    private const double PhiOfOne = 0.8413447460685429;

    [Theory]
    [InlineData(2, 2, 4.0)]
    [InlineData(5, 3, 6.0)]
    [InlineData(4, 10, 4.0)]
    public void WithSeparation_ClosestPairIsExactlySeparationSigma(int k, int d, double separation)
    {
        GaussianMixture mixture = GaussianMixture.WithSeparation(k, d, separation, seed: 11, sigma: 0.5);
        // The means are scaled by separation·σ/closest: one multiplication per coordinate, a relative error of a few ulps.
        Assert.Equal(separation * 0.5, GaussianMixture.ClosestPair(mixture.Means, k, d), 12);
        Assert.All(mixture.Mean, m => Assert.Equal(0.0, m, 12));
    }

    [Fact]
    public void Sample_ComponentMeansAndSpreadMatchTheMixture()
    {
        GaussianMixture mixture = GaussianMixture.WithSeparation(2, 3, 8, seed: 5, sigma: 2);
        PointCloud cloud = mixture.Sample(20_000, seed: 6);
        // Per component ≈ 10,000 points: the mean of one coordinate has standard error σ/√10⁴ = 0.02; 5 standard errors = 0.1.
        for (int k = 0; k < 2; k++)
        {
            for (int c = 0; c < 3; c++)
            {
                Assert.Equal(mixture.Means[k * 3 + c], cloud.TrueCenters![k * 3 + c], 0.1);
                double empirical = PointCloud.LabelMeans(cloud.Points, 3, cloud.Labels!)[k * 3 + c];
                Assert.InRange(empirical - mixture.Means[k * 3 + c], -0.1, 0.1);
            }
        }
        Assert.Equal(mixture.Sample(20_000, seed: 6).Points, cloud.Points);
    }

    [Fact]
    public void KMeans_HandCase_FindsTheTwoPairs()
    {
        KMeansResult result = KMeans.Fit([0, 1, 10, 11], 1, new KMeansOptions(2) { Seed = 3 });
        double[] centres = [.. result.Centers.Order()];
        Assert.Equal([0.5, 10.5], centres);
        Assert.Equal(1.0, result.Inertia);
        Assert.Equal(result.Assignments[0], result.Assignments[1]);
        Assert.NotEqual(result.Assignments[1], result.Assignments[2]);
    }

    [Fact]
    public void KMeans_SameBitsForAnyThreadCount_AndKeepsTheRestartOfLeastInertia()
    {
        PointCloud cloud = GaussianMixture.WithSeparation(4, 5, 3, seed: 2).Sample(5000, seed: 3);
        var options = new KMeansOptions(4) { Seed = 9, MaxDegreeOfParallelism = 1 };
        KMeansResult one = KMeans.Fit(cloud.Points, 5, options);
        KMeansResult three = KMeans.Fit(cloud.Points, 5, options with { MaxDegreeOfParallelism = 3 });
        Cli.CliHarness.AssertBitwiseEqual(one.Centers, three.Centers);
        Assert.Equal(one.Assignments, three.Assignments);
        // Each restart replayed on its own (k-means++ seeds drawn in turn from one Random(seed), then Lloyd): Fit keeps the
        // one of least inertia, ties to the earliest. Keeping the first, the last or a worse one fails; the restarts are
        // checked to differ, so the choice matters.
        var random = new Random(options.Seed);
        double tolerance = options.Tolerance * Vectors.MeanVariance(cloud.Points, 5);
        KMeansResult[] restarts = Enumerable.Range(0, options.Restarts)
            .Select(_ => KMeans.Lloyd(cloud.Points, 5, KMeansPlusPlus.Seed(cloud.Points, 5, 4, random), options.MaxIterations, tolerance, 1))
            .ToArray();
        double least = restarts.Min(r => r.Inertia);
        Assert.True(restarts.Max(r => r.Inertia) > least, "every restart found the same inertia: the test cannot tell which one Fit keeps");
        KMeansResult kept = restarts.First(r => r.Inertia == least);
        Assert.Equal(least, one.Inertia);
        Cli.CliHarness.AssertBitwiseEqual(kept.Centers, one.Centers);
        // The inertia reported is that of the centres and assignments returned.
        double inertia = 0;
        for (int i = 0; i < cloud.Count; i++)
        {
            for (int c = 0; c < 5; c++)
            {
                double delta = cloud.Points[i * 5 + c] - one.Centers[one.Assignments[i] * 5 + c];
                inertia += delta * delta;
            }
        }
        Assert.Equal(inertia, one.Inertia, 6);
    }

    /// <summary>
    /// SPEC §6.2: after Hungarian matching, every trained head is within 0.25σ of its true centroid, and points from the
    /// mixture mean in the same direction (cos ≥ 0.99), for H = K = 2 from a random initialisation and K = 3 from k-means++.
    /// </summary>
    /// <remarks>
    /// The bound 0.25σ. With the bias, argmax_h w_h is the nearest head and, as λ → ∞, R becomes the k-means objective,
    /// whose population minimiser is the mean of each Voronoi cell: for two components 4σ apart the cell mean sits
    /// (E[Y·1{Y&lt;0}] for Y ~ N(∓2, 1)) 0.017σ beyond μ. At λσ² = 2 the weights differ from the indicator only within
    /// ~1/(λ·4σ) = 0.125σ of a boundary 2σ from μ, mass ≈ φ(2)·0.25 ≈ 0.013, moving the head by ≈ 0.013·2σ ≈ 0.03σ. Adam
    /// ends at step 5·10⁻⁴·s (s ≤ 3σ the data's spread) on fresh batches, so its own jitter is ~10⁻³σ. The sum, ≈ 0.05σ,
    /// is what 30 seeded runs showed (worst 0.10σ at K = 5, d = 10); 0.25σ leaves 2.5× that. cos: a head within e of μ_h
    /// makes an angle with μ_h − m of at most asin(e/‖μ_h − m‖); for ‖μ_h − m‖ ≥ 2σ and e ≤ 0.25σ that is cos ≥ 0.992,
    /// so the cosine is asserted for the heads whose centroid is at least 2σ from the mean (all of them for K = 2).
    /// Dropping the −λ‖θ‖²/2 bias fails this test (K = 3, d = 2); a wrong sign in the softmax term of the gradient does
    /// not (the direct term dominates at λσ² = 2) and is caught by the finite-difference property instead.
    /// </remarks>
    [Theory]
    [InlineData(2, 2, 1)]
    [InlineData(2, 10, 2)]
    [InlineData(3, 2, 3)]
    [InlineData(3, 10, 4)]
    public void Heads_AlignWithTrueCentroids(int k, int d, int seed)
    {
        GaussianMixture mixture = GaussianMixture.WithSeparation(k, d, 4, seed);
        PointCloud cloud = mixture.Sample(2000, seed + 100);
        var options = new PrototypeHeadsOptions
        {
            Heads = k,
            Lambda = 2,
            Seed = seed,
            Initialization = k == 2 ? HeadsInitialization.Random : HeadsInitialization.KMeansPlusPlus,
        };
        PrototypeHeadsResult heads = PrototypeHeads.Train(cloud, options, mixture);
        int[] match = ClusteringMetrics.MatchCenters(mixture.Means, heads.Heads, d);
        double[] m = mixture.Mean;
        for (int a = 0; a < k; a++)
        {
            ReadOnlySpan<double> mu = mixture.Means.AsSpan(a * d, d);
            ReadOnlySpan<double> theta = heads.Heads.AsSpan(match[a] * d, d);
            double error = Math.Sqrt(Distance2(theta, mu)) / mixture.Sigma;
            Assert.True(error <= 0.25, $"head {match[a]} is {error:F3}σ from centroid {a}");
            double radius = Math.Sqrt(Distance2(mu, m));
            if (radius >= 2 * mixture.Sigma)
            {
                double cos = Cosine(theta, mu, m);
                Assert.True(cos >= 0.99, $"cos(θ − m, μ − m) = {cos:F4} for centroid {a} at {radius:F2}σ from the mean");
            }
        }
        // The risk falls from the initialisation to the end.
        Assert.True(heads.Risk[^1] < heads.Risk[0]);
    }

    /// <summary>
    /// Heads (λ = 2) and the quantizer (gaussian, fixed depth) reach k-means' ARI within 0.01 on separated mixtures. The
    /// quantizer's β follows √(2/d)/σ² (1 in d = 2, 0.5 in d = 10) and needs a wider gap than the heads (6–8σ: blurring
    /// mean shift merges clusters 4σ apart within its 30 layers at these bandwidths).
    /// </summary>
    [Theory]
    [InlineData("heads", 2, 2, 4.0, 0.0)]
    [InlineData("heads", 3, 2, 4.0, 0.0)]
    [InlineData("heads", 2, 10, 4.0, 0.0)]
    [InlineData("heads", 3, 10, 4.0, 0.0)]
    [InlineData("quantize", 3, 2, 6.0, 1.0)]
    [InlineData("quantize", 2, 2, 8.0, 1.0)]
    [InlineData("quantize", 3, 10, 8.0, 0.5)]
    public void Method_AriWithinOneHundredthOfKMeans(string method, int k, int d, double separation, double beta)
    {
        GaussianMixture mixture = GaussianMixture.WithSeparation(k, d, separation, seed: 21);
        PointCloud cloud = mixture.Sample(1500, seed: 22);
        ClusteringRun kmeans = ClusteringRun.KMeans(cloud, new KMeansOptions(k) { Seed = 1 });
        ClusteringRun run = method == "heads"
            ? ClusteringRun.Heads(cloud, new PrototypeHeadsOptions { Heads = k, Lambda = 2, Seed = 1, Initialization = k == 2 ? HeadsInitialization.Random : HeadsInitialization.KMeansPlusPlus }, mixture)
            : ClusteringRun.Quantize(cloud, new QuantizerOptions { Beta = beta, Layers = 30 });
        Assert.Equal(k, run.Clusters);
        Assert.True(run.Metrics.Ari >= kmeans.Metrics.Ari - 0.01, $"{method} ARI {run.Metrics.Ari:F4}, k-means {kmeans.Metrics.Ari:F4}");
        Assert.True(kmeans.Metrics.Ari > 0.9);
    }

    /// <summary>
    /// SPEC §6.3: two equal components N(±μ, σ²I) with ‖μ‖/σ = 1 have Bayes accuracy Φ(1) = 0.8413; k-means and the
    /// heads may not beat it by more than the sampling slack, and, since by symmetry both put their boundary on the Bayes
    /// hyperplane, they should reach it within the same slack.
    /// </summary>
    /// <remarks>
    /// Slack: the sample accuracy of a fixed classifier has standard deviation √(p(1 − p)/n) = √(0.84·0.16/4000) = 0.0058;
    /// fitting a half-plane to the same sample adds O(d/n) = 5·10⁻⁴. 4 standard deviations plus that: 0.025.
    /// </remarks>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Accuracy_StaysUnderTheBayesCeiling(int seed)
    {
        double[] means = [1, 0, -1, 0];
        var mixture = new GaussianMixture(means, 2, sigma: 1);
        PointCloud cloud = mixture.Sample(4000, seed);
        const double Slack = 0.025;
        ClusteringRun kmeans = ClusteringRun.KMeans(cloud, new KMeansOptions(2) { Seed = seed });
        ClusteringRun heads = ClusteringRun.Heads(cloud, new PrototypeHeadsOptions { Heads = 2, Lambda = 2, Seed = seed }, mixture);
        foreach (ClusteringRun run in new[] { kmeans, heads })
        {
            double accuracy = run.Metrics.Accuracy!.Value;
            Assert.True(accuracy <= PhiOfOne + Slack, $"{run.Method}: accuracy {accuracy:F4} above the Bayes ceiling {PhiOfOne:F4} + {Slack}");
            Assert.True(accuracy >= PhiOfOne - Slack, $"{run.Method}: accuracy {accuracy:F4} far below the Bayes ceiling {PhiOfOne:F4}");
        }
    }

    private static double Distance2(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int c = 0; c < a.Length; c++)
        {
            sum += (a[c] - b[c]) * (a[c] - b[c]);
        }
        return sum;
    }

    private static double Cosine(ReadOnlySpan<double> theta, ReadOnlySpan<double> mu, ReadOnlySpan<double> m)
    {
        double dot = 0, a = 0, b = 0;
        for (int c = 0; c < m.Length; c++)
        {
            dot += (theta[c] - m[c]) * (mu[c] - m[c]);
            a += (theta[c] - m[c]) * (theta[c] - m[c]);
            b += (mu[c] - m[c]) * (mu[c] - m[c]);
        }
        return dot / Math.Sqrt(a * b);
    }
}
