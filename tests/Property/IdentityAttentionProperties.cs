using System.Runtime.Intrinsics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HardmaxCore.Kernels;
using HardmaxCore.Reference;

namespace HardmaxCore.PropertyTests;

/// <summary>
/// Identity attention (SPEC §6.1): the Core against the Reference, the facts (i)–(vi), and the exact facts of the
/// implementation (kernel widths, thread counts, the shared softmax path of <see cref="Dynamics{T}"/>).
/// </summary>
public sealed class IdentityAttentionProperties
{
    /// <summary>
    /// Bound on <c>‖Core(X) − Reference(X)‖_∞</c> for one layer, derived here. u is the engine's unit roundoff, u_d = 2⁻⁵³ the
    /// Reference's, C the engine's softmax cutoff (87 float, 708 double), M = max ‖x_i‖_∞, γ_k = ku/(1 − ku).
    /// </summary>
    /// <remarks>
    /// Scores: a dot product of d terms as an FMA chain errs by ≤ γ_d·Σ|x_ik x_jk| ≤ γ_d·d·M²; gaussian adds ‖x_j‖²/2 (the same
    /// chain, halved exactly) with one more rounding of a result ≤ 1.5dM²: ε_s ≤ (1.5γ_d + 2u)·d·M². The Reference errs the same
    /// way with u_d, and rounds β·k (relative u_d of ≤ 1.5βdM²) and s − m (u_d of ≤ 3βdM²).
    /// Exponents of the kept terms (≥ −C): two score errors times β, plus the rounding of s − m, of τ = 1/β and of the division
    /// (each relative u of a value ≤ C): Δ ≤ 2.01·β·ε_s + 3.01·u·C, and likewise Δ_ref. The exponential is good to 8u (4 ulps,
    /// <see cref="Bounds.ExpUlps"/>). Dropped terms weigh ≤ e^{−C+Δ} each against the maximal weight 1, n·e^{−C+Δ} in all.
    /// So each weight is off by a factor 1 + δ_j with |δ_j| ≤ η = e^{Δ+Δ_ref} − 1 + 8u + 8u_d + n·e^{−C+Δ}, which moves the
    /// normalised weights by ≤ 2η/(1 − η) in ℓ₁, and the output, a convex combination of values within [−M, M], by
    /// ≤ ½·2η/(1 − η)·2M. Arithmetic of the update: differences (relative u, ≤ 2M), an n-term FMA chain and an n-term total
    /// (γ_n each), a division and the final add (u of ≤ 3M): ≤ (4γ_{n+1} + 7u)·M; the Reference's n-term sums and division:
    /// ≤ (2γ_{n+1} + 2u_d)·M. The bound is capped at 2M + both arithmetic terms (every output lies in the box of the cloud).
    /// </remarks>
    /// <param name="extraExponent">A further error of the other side's exponents (0 for the Reference).</param>
    internal static double CoreReferenceBound(double u, double cutoff, int n, int d, double m, double beta, bool gaussian, double extraExponent = 0)
    {
        double ud = Bounds.DoubleRoundoff;
        double m2 = m * m;
        double score = gaussian ? (1.5 * Bounds.Gamma(d, u) + 2 * u) * d * m2 : Bounds.Gamma(d, u) * d * m2;
        double scoreRef = gaussian ? (1.5 * Bounds.Gamma(d, ud) + 2 * ud) * d * m2 : Bounds.Gamma(d, ud) * d * m2;
        double delta = 2.01 * beta * score + 3.01 * u * cutoff;
        double deltaRef = 2.01 * beta * scoreRef + 2.01 * ud * 1.5 * beta * d * m2 + 1.01 * ud * 3 * beta * d * m2;
        double eta = Math.Exp(delta + deltaRef + extraExponent) - 1 + Bounds.ExpUlps * (u + ud) + n * Math.Exp(-cutoff + delta);
        double arithmetic = (4 * Bounds.Gamma(n + 1, u) + 7 * u) * m + (2 * Bounds.Gamma(n + 1, ud) + 2 * ud) * m;
        double weights = eta < 0.5 ? 2 * eta / (1 - eta) * m : 2 * m;
        return Math.Min(weights, 2 * m) + arithmetic;
    }

    /// <summary>Core ≡ Reference, one layer, float and double, dot and gaussian, within <see cref="CoreReferenceBound"/>.</summary>
    [Property(Arbitrary = new[] { typeof(IdentityClouds) }, MaxTest = 150, Replay = Configurations.Replay)]
    public void Core_MatchesReference(Cloud c)
    {
        foreach (bool gaussian in (bool[])[false, true])
        {
            double[] reference = ReferenceIdentityAttention.Step(c.X, c.N, c.D, c.Beta, gaussian);
            double[] single = IdentityClouds.Core<float>(c.X, c.N, c.D, c.Beta, gaussian);
            double[] twice = IdentityClouds.Core<double>(c.X, c.N, c.D, c.Beta, gaussian);
            double floatBound = CoreReferenceBound(Bounds.SingleRoundoff, 87, c.N, c.D, c.M, c.Beta, gaussian);
            double doubleBound = CoreReferenceBound(Bounds.DoubleRoundoff, 708, c.N, c.D, c.M, c.Beta, gaussian);
            double floatError = IdentityClouds.MaxDifference(single, reference);
            double doubleError = IdentityClouds.MaxDifference(twice, reference);
            Assert.True(floatError <= floatBound, $"{c} gaussian={gaussian}: float error {floatError:R} > bound {floatBound:R}");
            Assert.True(doubleError <= doubleBound, $"{c} gaussian={gaussian}: double error {doubleError:R} > bound {doubleBound:R}");
        }
    }

    /// <summary>
    /// (i) dot is Gaussian blurring mean shift with prior weights π_j ∝ exp(β‖x_j‖²/2): since
    /// <c>β⟨x_i, x_j⟩ = −β‖x_i − x_j‖²/2 + β‖x_j‖²/2 + β‖x_i‖²/2</c> and the last term cancels in the softmax. The mean shift is
    /// evaluated here in double from squared distances and norms, a different formula. Its exponent e_j errs by: the squared
    /// distance (d rounded differences, squares and sums, γ_{d+2} of ≤ 4dM², halved), the norm (γ_{d+1} of ≤ dM², halved), the
    /// products by β, their sum and the subtraction of the top (u_d of values ≤ 2, 0.5, 2.5 and 5 times βdM²): ≤
    /// βdM²(2γ_{d+2} + 0.5γ_{d+1} + 10u_d); two exponents per weight, 1.01 for the product of errors. That enters η of
    /// <see cref="CoreReferenceBound"/> on top of its Reference terms.
    /// </summary>
    [Property(Arbitrary = new[] { typeof(IdentityClouds) }, MaxTest = 100, Replay = Configurations.Replay)]
    public void Dot_IsMeanShiftWithNormPrior(Cloud c)
    {
        double[] core = IdentityClouds.Core<double>(c.X, c.N, c.D, c.Beta, gaussian: false);
        int n = c.N, d = c.D;
        var shift = new double[n * d];
        var exponent = new double[n];
        for (int i = 0; i < n; i++)
        {
            double top = double.NegativeInfinity;
            for (int j = 0; j < n; j++)
            {
                double distance = 0, norm = 0;
                for (int k = 0; k < d; k++)
                {
                    double difference = c.X[i * d + k] - c.X[j * d + k];
                    distance += difference * difference;
                    norm += c.X[j * d + k] * c.X[j * d + k];
                }
                exponent[j] = -c.Beta * distance / 2 + c.Beta * norm / 2; // log of kernel times log of prior
                top = Math.Max(top, exponent[j]);
            }
            double total = 0;
            for (int j = 0; j < n; j++)
            {
                double w = Math.Exp(exponent[j] - top);
                total += w;
                for (int k = 0; k < d; k++)
                {
                    shift[i * d + k] += w * c.X[j * d + k];
                }
            }
            for (int k = 0; k < d; k++)
            {
                shift[i * d + k] /= total;
            }
        }
        double ud = Bounds.DoubleRoundoff;
        double extra = 2 * 1.01 * c.Beta * d * c.M * c.M * (2 * Bounds.Gamma(d + 2, ud) + 0.5 * Bounds.Gamma(d + 1, ud) + 10 * ud);
        double bound = CoreReferenceBound(ud, 708, n, d, c.M, c.Beta, gaussian: false, extra);
        double error = IdentityClouds.MaxDifference(core, shift);
        Assert.True(error <= bound, $"{c}: dot vs mean shift with prior differs by {error:R} > {bound:R}");
    }

    /// <summary>
    /// (i) dot ≡ gaussian when every ‖x_j‖ is equal, exactly: on the lattice {±2^p}^d every product, norm and score is an exact
    /// dyadic number with few bits, the gaussian scores are the dot scores minus the same exact d·4^p/2, so s − m, the weights
    /// and the update are the same bits.
    /// </summary>
    [Property(MaxTest = 100, Replay = Configurations.Replay)]
    public void Dot_EqualsGaussian_WhenNormsAreEqual(PositiveInt size, int seed)
    {
        var random = new Random(seed);
        int n = 1 + size.Get % 40;
        int d = 1 + random.Next(20);
        double a = Math.Pow(2, random.Next(-4, 4));
        double[] x = Enumerable.Range(0, n * d).Select(_ => random.Next(2) == 0 ? a : -a).ToArray();
        double beta = Math.Pow(2, random.Next(-3, 3)) / (d * a * a);
        foreach (var (dot, gaussian) in new[]
        {
            (IdentityClouds.Core<float>(x, n, d, beta, false), IdentityClouds.Core<float>(x, n, d, beta, true)),
            (IdentityClouds.Core<double>(x, n, d, beta, false), IdentityClouds.Core<double>(x, n, d, beta, true)),
        })
        {
            Assert.Equal(dot, gaussian);
        }
    }

    /// <summary>
    /// (ii) β → ∞: dot tends to the hardmax layer without residual, <c>x_i⁺ = mean_{j∈C_i} x_j</c>. On a tie-free cloud with
    /// score gap g_i = m_i − (second largest s_il) (measured in double, minus twice the score error), every other weight is
    /// ≤ e^{−β g_i} against the maximiser's 1, so <c>‖x_i⁺ − x_{C_i}‖_∞ ≤ 2M·(n−1)e^{−β g_i}</c> plus rounding; β is chosen so
    /// that β·g_min = 30 and the bound is ≈ 1e-11·M, while the β = 1/g_min layer is visibly different.
    /// </summary>
    [Property(Arbitrary = new[] { typeof(IdentityClouds) }, MaxTest = 100, Replay = Configurations.Replay)]
    public Property Dot_TendsToHardmax_AsBetaGrows(Cloud c)
    {
        int n = c.N, d = c.D;
        double[][] z = Enumerable.Range(0, n).Select(i => c.X.AsSpan(i * d, d).ToArray()).ToArray();
        double[,] s = ReferenceDynamics.Scores(z, null);
        double error = Bounds.Gamma(d, Bounds.DoubleRoundoff) * d * c.M * c.M;
        var leader = new int[n];
        double gap = double.PositiveInfinity;
        for (int i = 0; i < n; i++)
        {
            int best = 0;
            for (int j = 1; j < n; j++)
            {
                best = s[i, j] > s[i, best] ? j : best;
            }
            leader[i] = best;
            for (int j = 0; j < n; j++)
            {
                if (j != best)
                {
                    gap = Math.Min(gap, s[i, best] - s[i, j] - 4 * error);
                }
            }
        }
        return Prop.When(n > 1 && gap > 1e-6 * c.M * c.M, () =>
        {
            double beta = 30 / gap;
            double[] core = IdentityClouds.Core<double>(c.X, n, d, beta, gaussian: false);
            double arithmetic = CoreReferenceBound(Bounds.DoubleRoundoff, 708, n, d, c.M, beta, false);
            for (int i = 0; i < n; i++)
            {
                double bound = 2 * c.M * (n - 1) * Math.Exp(-30) + arithmetic;
                for (int k = 0; k < d; k++)
                {
                    double distance = Math.Abs(core[i * d + k] - c.X[leader[i] * d + k]);
                    Assert.True(distance <= bound, $"{c}: β = {beta:R}, point {i} is {distance:R} from its leader {leader[i]} (bound {bound:R})");
                }
            }
        });
    }

    /// <summary>
    /// (iii) <c>x_i⁺ ∈ conv(X)</c>, checked along every coordinate direction and 8 random directions u:
    /// <c>⟨u, x_i⁺⟩ ≤ max_j ⟨u, x_j⟩ + ‖u‖₁·(4γ_{n+1} + 7u)·M</c> (the update's rounding, see <see cref="CoreReferenceBound"/>;
    /// the projections are taken in double of float-or-double values, γ_d·‖u‖₁·M more).
    /// </summary>
    [Property(Arbitrary = new[] { typeof(IdentityClouds) }, MaxTest = 100, Replay = Configurations.Replay)]
    public void Output_StaysInConvexHull(Cloud c)
    {
        var random = new Random(c.Seed);
        var directions = new List<double[]>();
        for (int k = 0; k < c.D; k++)
        {
            var e = new double[c.D];
            e[k] = 1;
            directions.Add(e);
            directions.Add(e.Select(v => -v).ToArray());
        }
        for (int r = 0; r < 8; r++)
        {
            directions.Add(Enumerable.Range(0, c.D).Select(_ => 2 * random.NextDouble() - 1).ToArray());
        }
        foreach (bool gaussian in (bool[])[false, true])
        {
            foreach ((double[] output, double u) in new[]
            {
                (IdentityClouds.Core<float>(c.X, c.N, c.D, c.Beta, gaussian), Bounds.SingleRoundoff),
                (IdentityClouds.Core<double>(c.X, c.N, c.D, c.Beta, gaussian), Bounds.DoubleRoundoff),
            })
            {
                foreach (double[] direction in directions)
                {
                    double l1 = direction.Sum(Math.Abs);
                    double top = Enumerable.Range(0, c.N).Max(j => Project(direction, c.X, j, c.D));
                    double slack = l1 * ((4 * Bounds.Gamma(c.N + 1, u) + 7 * u) * c.M + 2 * Bounds.Gamma(c.D, Bounds.DoubleRoundoff) * c.M);
                    for (int i = 0; i < c.N; i++)
                    {
                        double p = Project(direction, output, i, c.D);
                        Assert.True(p <= top + slack, $"{c} gaussian={gaussian}: ⟨u, x_{i}⁺⟩ = {p:R} > max ⟨u, x_j⟩ = {top:R} + {slack:R}");
                    }
                }
            }
        }
    }

    /// <summary>
    /// (iv) Permutation equivariance: layer(PX) = P·layer(X). The scores, maxima and weights are the same bits (each score is
    /// its own FMA chain); only the order of the update's sums changes, so each side errs by ≤ (4γ_{n+1} + 7u)·M from the exact
    /// value: ≤ twice that apart.
    /// </summary>
    [Property(Arbitrary = new[] { typeof(IdentityClouds) }, MaxTest = 100, Replay = Configurations.Replay)]
    public void Layer_IsPermutationEquivariant(Cloud c)
    {
        var shuffled = new Random(c.Seed);
        int[] permutation = Enumerable.Range(0, c.N).OrderBy(_ => shuffled.Next()).ToArray();
        double[] permuted = Permute(c.X, permutation, c.D);
        foreach (bool gaussian in (bool[])[false, true])
        {
            foreach ((double[] a, double[] b, double u) in new[]
            {
                (Permute(IdentityClouds.Core<float>(c.X, c.N, c.D, c.Beta, gaussian), permutation, c.D), IdentityClouds.Core<float>(permuted, c.N, c.D, c.Beta, gaussian), Bounds.SingleRoundoff),
                (Permute(IdentityClouds.Core<double>(c.X, c.N, c.D, c.Beta, gaussian), permutation, c.D), IdentityClouds.Core<double>(permuted, c.N, c.D, c.Beta, gaussian), Bounds.DoubleRoundoff),
            })
            {
                double bound = 2 * (4 * Bounds.Gamma(c.N + 1, u) + 7 * u) * c.M;
                double difference = IdentityClouds.MaxDifference(a, b);
                Assert.True(difference <= bound, $"{c} gaussian={gaussian}: P·layer(X) and layer(PX) differ by {difference:R} > {bound:R}");
            }
        }
    }

    /// <summary>
    /// (v) Scaling, dot: layer(cX; β) = c·layer(X; c²β). With c a power of two every step scales exactly (scores by c², 1/β by
    /// 1/c², the exponents not at all, the update by c), so the two sides are the same bits.
    /// </summary>
    [Property(Arbitrary = new[] { typeof(IdentityClouds) }, MaxTest = 100, Replay = Configurations.Replay)]
    public void Dot_Scaling_IsExact_ForPowersOfTwo(Cloud c)
    {
        double scale = Math.Pow(2, new Random(c.Seed).Next(-3, 4));
        double[] scaled = c.X.Select(v => v * scale).ToArray();
        double[] left = IdentityClouds.Core<double>(scaled, c.N, c.D, c.Beta, gaussian: false);
        double[] right = IdentityClouds.Core<double>(c.X, c.N, c.D, c.Beta * scale * scale, gaussian: false).Select(v => v * scale).ToArray();
        Assert.Equal(right, left);
        double[] leftFloat = IdentityClouds.Core<float>(scaled, c.N, c.D, c.Beta, gaussian: false);
        double[] rightFloat = IdentityClouds.Core<float>(c.X, c.N, c.D, c.Beta * scale * scale, gaussian: false).Select(v => v * scale).ToArray();
        Assert.Equal(rightFloat, leftFloat);
    }

    /// <summary>
    /// (v) Translation equivariance, gaussian: layer(X + t) = layer(X) + t, since k(x_i + t, x_j + t) = k(x_i, x_j) + ⟨x_i, t⟩ + ‖t‖²/2
    /// does not depend on j. On a lattice of small multiples of 1/8 (X and t) every score is exact, so the weights and the
    /// update's sum q_i are the same bits; only the final add differs: fl(x_i + t + q_i) against fl(x_i + q_i) + t, apart by
    /// ≤ u·(|x_i + t + q_i| + |x_i + q_i|) + u·|fl(x_i + q_i) + t| ≤ u·(3M + 3|t|)·1.01 per coordinate.
    /// </summary>
    [Property(MaxTest = 100, Replay = Configurations.Replay)]
    public void Gaussian_IsTranslationEquivariant(PositiveInt size, int seed)
    {
        var random = new Random(seed);
        int n = 1 + size.Get % 30;
        int d = 1 + random.Next(8);
        double[] x = Enumerable.Range(0, n * d).Select(_ => random.Next(-16, 17) / 8.0).ToArray();
        double[] t = Enumerable.Range(0, d).Select(_ => random.Next(-16, 17) / 8.0).ToArray();
        double[] moved = x.Select((v, index) => v + t[index % d]).ToArray();
        double beta = 0.25 * (1 + random.Next(8));
        double m = x.Max(Math.Abs);
        double tMax = t.Max(Math.Abs);
        foreach ((double[] a, double[] b, double u) in new[]
        {
            (IdentityClouds.Core<double>(moved, n, d, beta, true), IdentityClouds.Core<double>(x, n, d, beta, true), Bounds.DoubleRoundoff),
            (IdentityClouds.Core<float>(moved, n, d, beta, true), IdentityClouds.Core<float>(x, n, d, beta, true), Bounds.SingleRoundoff),
        })
        {
            double bound = 1.01 * u * (3 * m + 3 * tMax);
            for (int index = 0; index < a.Length; index++)
            {
                double difference = Math.Abs(a[index] - (b[index] + t[index % d]));
                Assert.True(difference <= bound, $"n={n} d={d} seed={seed}: layer(X+t) − (layer(X)+t) = {difference:R} > {bound:R} at {index}");
            }
        }
    }

    /// <summary>
    /// (vi) On a well-separated mixture, gaussian layers contract every cluster geometrically and keep the clusters apart.
    /// Clusters of diameter D₀ (∞-norm, ≤ √d·D₀ in ℓ₂) with β·d·D₀² ≤ 1, centres ≥ G apart with β·G²/8 > 750: a cross-cluster weight
    /// is below e^{−708} of the point's own weight 1, under the cutoff, so it is dropped and the clusters evolve alone. Within a
    /// cluster every weight is ≥ e^{−β·dD²/2} of the largest, so two rows' normalised weights overlap by ≥ e^{−β·dD²/2}
    /// (Dobrushin's coefficient), and <c>D_{k+1} ≤ (1 − e^{−β·dD_k²/2})·D_k ≤ (1 − e^{−1/2})·D_k ≈ 0.394·D_k</c>, plus rounding
    /// (2·(4γ_{n+1} + 7u)·M per layer). The centres stay: each cluster stays in its own hull, so the gap stays ≥ G − 2D₀.
    /// </summary>
    [Property(MaxTest = 30, Replay = Configurations.Replay)]
    public void Gaussian_ContractsSeparatedClusters(PositiveInt size, int seed)
    {
        var random = new Random(seed);
        int clusters = 2 + size.Get % 3;
        int d = 1 + random.Next(6);
        int per = 3 + random.Next(10);
        int n = clusters * per;
        double diameter = 0.5;
        double beta = 1 / (d * diameter * diameter);
        double gap = Math.Sqrt(8 * 760 / beta);
        var x = new double[n * d];
        var label = new int[n];
        for (int i = 0; i < n; i++)
        {
            label[i] = i % clusters;
            for (int k = 0; k < d; k++)
            {
                double offset = k == 0 ? label[i] * gap * 1.01 : 0;
                x[i * d + k] = offset + diameter * (random.NextDouble() - 0.5);
            }
        }
        double m = x.Max(Math.Abs) + diameter;
        double rounding = 2 * (4 * Bounds.Gamma(n + 1, Bounds.DoubleRoundoff) + 7 * Bounds.DoubleRoundoff) * m;
        double[] current = x;
        double[] previous = Diameters(current, label, clusters, d);
        for (int layer = 1; layer <= 6; layer++)
        {
            current = IdentityClouds.Core<double>(current, n, d, beta, gaussian: true);
            double[] now = Diameters(current, label, clusters, d);
            for (int g = 0; g < clusters; g++)
            {
                double factor = 1 - Math.Exp(-beta * d * previous[g] * previous[g] / 2);
                Assert.True(now[g] <= factor * previous[g] + rounding, $"seed {seed}, layer {layer}, cluster {g}: diameter {now[g]:R} > {factor:R}·{previous[g]:R}");
            }
            previous = now;
        }
        double[] centre = new double[clusters];
        for (int i = 0; i < n; i++)
        {
            centre[label[i]] = current[i * d];
        }
        for (int g = 1; g < clusters; g++)
        {
            Assert.True(centre[g] - centre[g - 1] >= gap * 1.01 - 2 * diameter, $"seed {seed}: clusters {g - 1} and {g} came within {centre[g] - centre[g - 1]:R}");
        }
    }

    /// <summary>
    /// Every kernel width (Scalar, Vector256, Vector512; emulated where the hardware lacks it) gives the same bits, in float
    /// and double, dot and gaussian, for n and d from 1 past two 512-bit float vectors (every tail of every width).
    /// </summary>
    [Fact]
    public void KernelVariants_AreBitwiseIdentical()
    {
        for (int n = 1; n <= 2 * Vector512<float>.Count + 1; n += 3)
        {
            foreach (int d in (int[])[1, 2, 3, 7, 8, 15, 16, 17, 33])
            {
                Cloud c = IdentityClouds.Make(n, d, 31 * n + d);
                foreach (bool gaussian in (bool[])[false, true])
                {
                    double[] floatScalar = IdentityClouds.Core<float>(c.X, n, d, c.Beta, gaussian, layers: 2, variant: KernelVariant.Scalar);
                    double[] doubleScalar = IdentityClouds.Core<double>(c.X, n, d, c.Beta, gaussian, layers: 2, variant: KernelVariant.Scalar);
                    foreach (KernelVariant variant in (KernelVariant[])[KernelVariant.Vector256, KernelVariant.Vector512])
                    {
                        Assert.Equal(floatScalar, IdentityClouds.Core<float>(c.X, n, d, c.Beta, gaussian, layers: 2, variant: variant));
                        Assert.Equal(doubleScalar, IdentityClouds.Core<double>(c.X, n, d, c.Beta, gaussian, layers: 2, variant: variant));
                    }
                }
            }
        }
    }

    /// <summary>1, 2 and 3 threads give the same bits (rows are split into blocks over threads; a row's arithmetic is its own).</summary>
    [Fact]
    public void ThreadCount_DoesNotChangeBits()
    {
        foreach ((int n, int d) in new[] { (203, 16), (97, 5), (64, 33), (7, 3) })
        {
            Cloud c = IdentityClouds.Make(n, d, n + d);
            foreach (bool gaussian in (bool[])[false, true])
            {
                double[] one = IdentityClouds.Core<float>(c.X, n, d, c.Beta, gaussian, layers: 3, threads: 1);
                double[] oneDouble = IdentityClouds.Core<double>(c.X, n, d, c.Beta, gaussian, layers: 3, threads: 1);
                foreach (int threads in (int[])[2, 3])
                {
                    Assert.Equal(one, IdentityClouds.Core<float>(c.X, n, d, c.Beta, gaussian, layers: 3, threads: threads));
                    Assert.Equal(oneDouble, IdentityClouds.Core<double>(c.X, n, d, c.Beta, gaussian, layers: 3, threads: threads));
                }
            }
        }
    }

    /// <summary>
    /// Tiling the columns (a pass for the maxima, then the sums continued tile by tile) gives the same bits as computing each
    /// row in one piece: for tiles of 64 and 128 columns, n from 1 to past three tiles (a last tile of every length), panels
    /// of rows cut short, every kernel width, float and double, dot and gaussian, and β large enough that rows drop members
    /// (weights under the smallest normal number) in some tiles and not in others.
    /// </summary>
    [Fact]
    public void Tiles_DoNotChangeBits()
    {
        foreach (int n in (int[])[1, 63, 64, 65, 130, 200, 257, 400])
        {
            foreach (int d in (int[])[1, 3, 16, 17])
            {
                Cloud c = IdentityClouds.Make(n, d, 7 * n + d);
                foreach (double beta in (double[])[c.Beta, c.Beta * 1e3])
                {
                    foreach (bool gaussian in (bool[])[false, true])
                    {
                        double[] whole = IdentityClouds.Core<float>(c.X, n, d, beta, gaussian, layers: 2, tile: n);
                        double[] wholeDouble = IdentityClouds.Core<double>(c.X, n, d, beta, gaussian, layers: 2, tile: n);
                        foreach (int tile in (int[])[40, 64, 128])
                        {
                            foreach (KernelVariant variant in (KernelVariant[])[KernelVariant.Scalar, KernelVariant.Vector256, KernelVariant.Vector512])
                            {
                                Assert.Equal(whole, IdentityClouds.Core<float>(c.X, n, d, beta, gaussian, layers: 2, variant: variant, tile: tile));
                                Assert.Equal(wholeDouble, IdentityClouds.Core<double>(c.X, n, d, beta, gaussian, layers: 2, variant: variant, tile: tile));
                            }
                            Assert.Equal(whole, IdentityClouds.Core<float>(c.X, n, d, beta, gaussian, layers: 2, threads: 2, tile: tile));
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The rows per panel change no bit: panels of 1, 3, 4, 5, 64 and <see cref="IdentityAttentionKernel.PanelRows"/> rows
    /// (short groups of rows in every position, several panels per thread and more threads than panels), against the panel the
    /// instance picks, with 1 and 2 threads, tiles of 40 columns and whole rows, float and double, dot and gaussian, β large
    /// enough that some rows drop members and some dot rows are computed again with their maximum as the shift.
    /// </summary>
    [Fact]
    public void Panels_DoNotChangeBits()
    {
        foreach (int n in (int[])[1, 6, 65, 257, 300])
        {
            foreach (int d in (int[])[3, 16, 17])
            {
                Cloud c = IdentityClouds.Make(n, d, 11 * n + d);
                foreach (double beta in (double[])[c.Beta, c.Beta * 1e3])
                {
                    foreach (bool gaussian in (bool[])[false, true])
                    {
                        double[] chosen = IdentityClouds.Core<float>(c.X, n, d, beta, gaussian, layers: 2);
                        double[] chosenDouble = IdentityClouds.Core<double>(c.X, n, d, beta, gaussian, layers: 2);
                        foreach (int panel in (int[])[1, 3, 4, 5, 64, IdentityAttentionKernel.PanelRows])
                        {
                            foreach (int threads in (int[])[1, 2])
                            {
                                foreach (int tile in (int[])[40, n])
                                {
                                    Assert.Equal(chosen, IdentityClouds.Core<float>(c.X, n, d, beta, gaussian, layers: 2, threads: threads, tile: tile, panelRows: panel));
                                    Assert.Equal(chosenDouble, IdentityClouds.Core<double>(c.X, n, d, beta, gaussian, layers: 2, threads: threads, tile: tile, panelRows: panel));
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Identity attention (dot) is the softmax layer of <see cref="Dynamics{T}"/> with τ = 1/β and α so large that α/(1+α)
    /// rounds to 1 (no residual), on clouds without duplicate points (Dynamics merges copies). Since the fused identity kernel
    /// (CHANGELOG: after 0.1.0) the two no longer share one arithmetic path — identity attention shifts a row by its own
    /// score and sums even and odd columns in two chains — so they agree within twice <see cref="CoreReferenceBound"/>
    /// (each is within it of the Reference; the Dynamics layer's arithmetic is the bound's, with the step α/(1+α) = 1).
    /// </summary>
    [Property(Arbitrary = new[] { typeof(IdentityClouds) }, MaxTest = 60, Replay = Configurations.Replay)]
    public void Dot_IsTheDynamicsSoftmaxLayer_WithoutResidual(Cloud c)
    {
        var options = DynamicsOptions.Default with { Alpha = 1e17, Temperature = 1 / c.Beta };
        float[] single = c.AsFloat();
        using (var dynamics = new Dynamics<float>(c.N, c.D, options))
        {
            dynamics.Run(single, 1, Attention.Softmax);
        }
        double[] twice = (double[])c.X.Clone();
        using (var dynamics = new Dynamics<double>(c.N, c.D, options))
        {
            dynamics.Run(twice, 1, Attention.Softmax);
        }
        double floatBound = 2 * CoreReferenceBound(Bounds.SingleRoundoff, 87, c.N, c.D, c.M, c.Beta, false);
        double doubleBound = 2 * CoreReferenceBound(Bounds.DoubleRoundoff, 708, c.N, c.D, c.M, c.Beta, false);
        double floatGap = IdentityClouds.MaxDifference(single.Select(v => (double)v).ToArray(), IdentityClouds.Core<float>(c.X, c.N, c.D, c.Beta, false));
        double doubleGap = IdentityClouds.MaxDifference(twice, IdentityClouds.Core<double>(c.X, c.N, c.D, c.Beta, false));
        Assert.True(floatGap <= floatBound, $"{c}: float gap {floatGap:R} > {floatBound:R}");
        Assert.True(doubleGap <= doubleBound, $"{c}: double gap {doubleGap:R} > {doubleBound:R}");
    }

    /// <summary>Run stops at the first layer within tol·(1 + max‖x‖_∞) and reports it; without a tolerance it runs L layers.</summary>
    [Fact]
    public void Run_StopsWhenConverged()
    {
        Cloud c = IdentityClouds.Make(50, 4, 5);
        double[] x = (double[])c.X.Clone();
        using var attention = new IdentityAttention<double>(c.N, c.D, IdentityAttentionOptions.Default with { Beta = c.Beta, Kernel = IdentityKernel.Gaussian });
        var seen = new List<int>();
        IdentityAttentionResult result = attention.Run(x, 500, 1e-9, seen.Add);
        Assert.True(result.Converged);
        Assert.Equal(Enumerable.Range(1, result.Layers), seen);
        Assert.True(result.LastChange <= 1e-9 * (1 + c.X.Max(Math.Abs)));
        IdentityAttentionResult fixedLayers = attention.Run(x, 3);
        Assert.Equal(new IdentityAttentionResult(3, false, fixedLayers.LastChange), fixedLayers);
    }

    private static double Project(double[] direction, double[] x, int i, int d)
    {
        double p = 0;
        for (int k = 0; k < d; k++)
        {
            p += direction[k] * x[i * d + k];
        }
        return p;
    }

    private static double[] Permute(double[] x, int[] permutation, int d)
    {
        var y = new double[x.Length];
        for (int i = 0; i < permutation.Length; i++)
        {
            Array.Copy(x, permutation[i] * d, y, i * d, d);
        }
        return y;
    }

    private static double[] Diameters(double[] x, int[] label, int clusters, int d)
    {
        var diameters = new double[clusters];
        for (int i = 0; i < label.Length; i++)
        {
            for (int j = 0; j < label.Length; j++)
            {
                if (label[i] == label[j])
                {
                    for (int k = 0; k < d; k++)
                    {
                        diameters[label[i]] = Math.Max(diameters[label[i]], Math.Abs(x[i * d + k] - x[j * d + k]));
                    }
                }
            }
        }
        return diameters;
    }
}
