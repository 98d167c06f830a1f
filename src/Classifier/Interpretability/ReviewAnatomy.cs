
namespace HardmaxCore.Classifier;

/// <summary>
/// One review taken apart (SPEC §3.6): its probability, and the hardmax dynamics on its distinct tokens layer by layer,
/// with the leaders of every layer, the leader each token follows at the end and each token's final decoder score.
/// </summary>
/// <remarks>
/// Identical tokens (a repeated word, the padding) are one point u with a multiplicity, as in the model
/// (<see cref="ClassifierPass{T}"/>); <see cref="TokenPoint"/> maps each of the n token positions to its point.
/// Usage:
/// <code>
/// using var pass = new ClassifierPass&lt;float&gt;(model.Settings);
/// ReviewAnatomy review = ReviewAnatomy.Of(model, pass, model.Vocabulary.Encode(text, pipeline, model.Settings.Tokens));
/// foreach (int u in review.Leaders[review.Layers]) Console.WriteLine($"{review.Words[u]} {review.FinalScore[u]:+0.00}");
/// </code>
/// </remarks>
public sealed class ReviewAnatomy
{
    private ReviewAnatomy(
        int dimension, int layers, int[] wordIds, string[] words, int[] multiplicity, int[] tokenPoint, double[][] positions,
        int[][] leaders, int[] finalLeader, double[] finalScore, double[][] means, double softmax, double hardmax, double[] decoder, double bias)
    {
        this.Dimension = dimension;
        this.Layers = layers;
        this.WordIds = wordIds;
        this.Words = words;
        this.Multiplicity = multiplicity;
        this.TokenPoint = tokenPoint;
        this.Positions = positions;
        this.Leaders = leaders;
        this.FinalLeader = finalLeader;
        this.FinalScore = finalScore;
        this.Means = means;
        this.SoftmaxProbability = softmax;
        this.HardmaxProbability = hardmax;
        this.Decoder = decoder;
        this.Bias = bias;
    }

    /// <summary>d.</summary>
    public int Dimension { get; }

    /// <summary>K: layers 0..K are recorded.</summary>
    public int Layers { get; }

    /// <summary>U, the number of distinct tokens (points).</summary>
    public int Count => this.WordIds.Length;

    /// <summary>The word id of each point u.</summary>
    public int[] WordIds { get; }

    /// <summary>The word of each point u (<c>&lt;pad&gt;</c>, <c>&lt;unk&gt;</c> included).</summary>
    public string[] Words { get; }

    /// <summary>How many of the n tokens each point stands for.</summary>
    public int[] Multiplicity { get; }

    /// <summary>For each of the n token positions, its point u (−1 for padding masked out of the model).</summary>
    public int[] TokenPoint { get; }

    /// <summary><c>Positions[k][u·d + l]</c>: coordinate l of point u at layer k (0 ≤ k ≤ K).</summary>
    public double[][] Positions { get; }

    /// <summary><c>Leaders[k]</c>: the distinct leaders of layer k (SPEC §1.5; points at bitwise the same place count once), ascending.</summary>
    public int[][] Leaders { get; }

    /// <summary>
    /// For each point u, the last-layer leader it follows: among the leaders L of layer K, the one with the largest score
    /// <c>⟨z_u, z_L⟩</c> (the leader u attends to); a leader follows itself.
    /// </summary>
    public int[] FinalLeader { get; }

    /// <summary>For each point u, its decoder score at the last layer, <c>v·z_u^K + b</c>.</summary>
    public double[] FinalScore { get; }

    /// <summary><c>Means[k]</c>: the mean token of layer k over the n tokens (multiplicities counted); <c>Means[K]</c> is z̄.</summary>
    public double[][] Means { get; }

    /// <summary>σ(logit) with softmax layers, as the model was trained: the probability that the review is positive.</summary>
    public double SoftmaxProbability { get; }

    /// <summary>σ(logit) with hardmax layers (SPEC §1.2), the dynamics shown here.</summary>
    public double HardmaxProbability { get; }

    /// <summary>v.</summary>
    public double[] Decoder { get; }

    /// <summary>b.</summary>
    public double Bias { get; }

    /// <summary>Whether point u is a leader at layer k.</summary>
    public bool IsLeader(int k, int u) => Array.BinarySearch(this.Leaders[k], u) >= 0;

    /// <summary>The coordinates of point u at layer k.</summary>
    public ReadOnlySpan<double> Point(int k, int u) => this.Positions[k].AsSpan(u * this.Dimension, this.Dimension);

    /// <summary>Runs <paramref name="model"/> on the token ids of one review, with softmax and with hardmax layers, and records the hardmax layers.</summary>
    /// <param name="model">The trained classifier.</param>
    /// <param name="pass">Scratch for the model's shape.</param>
    /// <param name="ids">n token ids (<see cref="Vocabulary.Encode(string, TextPipeline, int)"/>).</param>
    internal static ReviewAnatomy Of(ClassifierModel model, ClassifierPass<float> pass, ReadOnlySpan<int> ids)
    {
        int d = model.Settings.Dimension;
        int layers = model.Settings.Layers;
        double softmax = BinaryCrossEntropy.Sigmoid(pass.Forward(ids, model.Parameters, Attention.Softmax));
        double hardmax = BinaryCrossEntropy.Sigmoid(pass.Forward(ids, model.Parameters, Attention.Hardmax));
        int count = pass.UniqueCount;
        int[] wordIds = pass.UniqueWords.ToArray();
        string[] words = wordIds.Select(model.Vocabulary.WordOf).ToArray();
        int[] multiplicity = new int[count];
        for (int u = 0; u < count; u++)
        {
            multiplicity[u] = (int)pass.Multiplicity[u];
        }
        int[] tokenPoint = pass.TokenUnique.ToArray();
        int active = multiplicity.Sum();
        var positions = new double[layers + 1][];
        var leaders = new int[layers + 1][];
        var means = new double[layers + 1][];
        for (int k = 0; k <= layers; k++)
        {
            ReadOnlySpan<float> layer = pass.Layer(k)[..(count * d)];
            positions[k] = new double[count * d];
            for (int x = 0; x < positions[k].Length; x++)
            {
                positions[k][x] = layer[x];
            }
            leaders[k] = LeaderGroups.Distinct(layer, d, pass.Leaders(k)).Select(group => group[0]).Order().ToArray();
            means[k] = new double[d];
            for (int u = 0; u < count; u++)
            {
                for (int l = 0; l < d; l++)
                {
                    means[k][l] += multiplicity[u] * positions[k][u * d + l] / Math.Max(1, active);
                }
            }
        }
        double[] decoder = model.Parameters.Decoder.Select(v => (double)v).ToArray();
        double bias = model.Parameters.Bias[0];
        int[] finalLeader = FollowedLeaders(positions[layers], d, count, leaders[layers]);
        var finalScore = new double[count];
        for (int u = 0; u < count; u++)
        {
            finalScore[u] = Score(decoder, bias, positions[layers].AsSpan(u * d, d));
        }
        return new ReviewAnatomy(d, layers, wordIds, words, multiplicity, tokenPoint, positions, leaders, finalLeader, finalScore, means, softmax, hardmax, decoder, bias);
    }

    /// <summary><c>v·z + b</c>.</summary>
    public static double Score(ReadOnlySpan<double> decoder, double bias, ReadOnlySpan<double> z)
    {
        double score = bias;
        for (int l = 0; l < z.Length; l++)
        {
            score += decoder[l] * z[l];
        }
        return score;
    }

    /// <summary>
    /// For every point, the leader it attends to among <paramref name="leaders"/>: <c>argmax_L ⟨z_u, z_L⟩</c>, a leader
    /// choosing itself on a tie, otherwise the first.
    /// </summary>
    internal static int[] FollowedLeaders(ReadOnlySpan<double> z, int d, int count, int[] leaders)
    {
        var followed = new int[count];
        for (int u = 0; u < count; u++)
        {
            if (leaders.Length == 0)
            {
                followed[u] = u;
                continue;
            }
            ReadOnlySpan<double> zu = z.Slice(u * d, d);
            int best = -1;
            double bestScore = double.NegativeInfinity;
            foreach (int leader in leaders)
            {
                double s = 0;
                ReadOnlySpan<double> zl = z.Slice(leader * d, d);
                for (int l = 0; l < d; l++)
                {
                    s += zu[l] * zl[l];
                }
                if (s > bestScore || (s == bestScore && leader == u))
                {
                    best = leader;
                    bestScore = s;
                }
            }
            followed[u] = Array.BinarySearch(leaders, u) >= 0 ? u : best;
        }
        return followed;
    }
}
