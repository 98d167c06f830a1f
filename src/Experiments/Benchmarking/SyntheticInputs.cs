using HardmaxCore.Classifier;

namespace HardmaxCore.Experiments.Benchmarking;

/// <summary>
/// Seeded synthetic inputs for benchmarks: i.i.d. Gaussian configurations, review-like configurations, and encoded
/// reviews for the classifier (SPEC §3, §4). The same seed gives the same inputs on every machine.
/// </summary>
internal static class SyntheticInputs
{
    /// <summary>Distinct word vectors of a review-like configuration (a small vocabulary, so words repeat).</summary>
    public const int ReviewVocabulary = 512;

    /// <summary>The Zipf exponent s of word frequencies, <c>P(rank r) ∝ 1/r^s</c> (≈ 1 for English text).</summary>
    public const double ZipfExponent = 1.0;

    /// <summary>Median review length in words after stop-word removal (IMDb: about 90), before truncation to n.</summary>
    public const double MedianReviewLength = 90;

    /// <summary>Fills <paramref name="destination"/>, <c>[B, n, d]</c>, with <paramref name="inputs"/>: <see cref="Gaussian{T}"/> or <see cref="ReviewLike{T}"/>.</summary>
    public static void Batch<T>(Span<T> destination, BenchInputs inputs, int n, int d, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (inputs == BenchInputs.Reviews)
        {
            ReviewLike(destination, n, d, seed);
        }
        else
        {
            Gaussian(destination, seed);
        }
    }

    /// <summary>Configuration <paramref name="b"/> of a batch <c>[B, n, d]</c> as the Reference's <c>z[i][k]</c>.</summary>
    public static double[][] ForReference<T>(ReadOnlySpan<T> batch, int b, int n, int d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var z = new double[n][];
        for (int i = 0; i < n; i++)
        {
            z[i] = new double[d];
            for (int k = 0; k < d; k++)
            {
                z[i][k] = double.CreateTruncating(batch[(int)(((long)b * n + i) * d + k)]);
            }
        }
        return z;
    }

    /// <summary>Fills <paramref name="destination"/> with i.i.d. N(0, 1) values (Box–Muller, one normal per pair of uniforms).</summary>
    public static void Gaussian<T>(Span<T> destination, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        for (int index = 0; index < destination.Length; index++)
        {
            destination[index] = T.CreateTruncating(Normal(random));
        }
    }

    /// <summary>
    /// Fills <paramref name="destination"/>, <c>[B, n, d]</c>, with review-like configurations: each is a review of
    /// length L (log-normal around <see cref="MedianReviewLength"/>, clamped to 1..n) whose words are drawn with
    /// Zipf-like repetition from <see cref="ReviewVocabulary"/> Gaussian word vectors, followed by n − L copies of one
    /// padding vector, as an embedded, padded IMDb review looks to the dynamics.
    /// </summary>
    public static void ReviewLike<T>(Span<T> destination, int n, int d, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        // Row 0 is the padding vector, rows 1..V the words.
        var embedding = new T[(ReviewVocabulary + 1) * d];
        Gaussian<T>(embedding, seed ^ 0x5EED);
        var zipf = new ZipfSampler(ReviewVocabulary, ZipfExponent);
        int length = n * d;
        for (int b = 0; b < destination.Length / length; b++)
        {
            Span<T> z = destination.Slice(b * length, length);
            int words = ReviewLength(random, n);
            for (int i = 0; i < n; i++)
            {
                int id = i < words ? zipf.Next(random) : 0;
                embedding.AsSpan(id * d, d).CopyTo(z.Slice(i * d, d));
            }
        }
    }

    /// <summary>
    /// <paramref name="count"/> encoded reviews of n ids for the classifier: words drawn from ids 2..V−1 with Zipf
    /// frequencies (id 1, <c>&lt;unk&gt;</c>, for the rarest 1 %), lengths as in <see cref="ReviewLike{T}"/>, padding (id 0)
    /// at the end, alternating labels.
    /// </summary>
    public static EncodedReviews Reviews(int count, int n, int vocabulary, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabulary, 3);
        var random = new Random(seed);
        var zipf = new ZipfSampler(vocabulary - 2, ZipfExponent);
        var ids = new int[count * n];
        var tokenCounts = new int[count];
        var labels = new int[count];
        for (int r = 0; r < count; r++)
        {
            int words = ReviewLength(random, n);
            tokenCounts[r] = words;
            labels[r] = r % 2;
            for (int i = 0; i < words; i++)
            {
                int rank = zipf.Next(random);
                ids[r * n + i] = rank > (vocabulary - 2) * 99 / 100 ? 1 : rank + 1;
            }
        }
        return new EncodedReviews(ids, tokenCounts, labels, n);
    }

    /// <summary>A review length: <c>round(exp(N(ln 90, 0.6²)))</c> clamped to 1..n.</summary>
    private static int ReviewLength(Random random, int n)
        => Math.Clamp((int)Math.Round(Math.Exp(Math.Log(MedianReviewLength) + 0.6 * Normal(random))), 1, n);

    /// <summary>One N(0, 1) draw (Box–Muller).</summary>
    private static double Normal(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Draws ranks 1..V with <c>P(r) = r^−s / Σ_q q^−s</c> by binary search in the cumulative table.</summary>
    private sealed class ZipfSampler
    {
        /// <summary><c>cumulative[r−1] = Σ_{q ≤ r} q^−s / Σ_q q^−s</c>.</summary>
        private readonly double[] _cumulative;

        /// <summary>Builds the table for V ranks and exponent s.</summary>
        public ZipfSampler(int ranks, double exponent)
        {
            this._cumulative = new double[ranks];
            double total = 0;
            for (int r = 1; r <= ranks; r++)
            {
                total += Math.Pow(r, -exponent);
                this._cumulative[r - 1] = total;
            }
            for (int r = 0; r < ranks; r++)
            {
                this._cumulative[r] /= total;
            }
        }

        /// <summary>A rank in 1..V.</summary>
        public int Next(Random random)
        {
            int index = Array.BinarySearch(this._cumulative, random.NextDouble());
            return Math.Min(index < 0 ? ~index : index, this._cumulative.Length - 1) + 1;
        }
    }
}
