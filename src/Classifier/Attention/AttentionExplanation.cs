namespace HardmaxCore.Classifier;

/// <summary>
/// One review under the standard self-attention classifier, explained the usual way: the attention each token receives,
/// <c>a_j = mean_i p_ij</c> (the mean over the query positions of row-softmax weights; the a_j sum to 1), and the words
/// that receive the most.
/// </summary>
/// <remarks>
/// <c>a_j</c> is also the weight of <c>v_j</c> in the pooled vector <c>c = Σ_j a_j v_j</c> the classifier reads: a word
/// with much attention has much say in c, but what it says (towards positive or negative) is in <c>v_j</c> and the
/// dense layers, which the attention does not show.
/// </remarks>
public sealed class AttentionExplanation
{
    private AttentionExplanation(double probability, int tokens, int[] ids, string[] words, double[] attention, AttendedWord[] top)
    {
        this.Probability = probability;
        this.Tokens = tokens;
        this.Ids = ids;
        this.Words = words;
        this.Attention = attention;
        this.Top = top;
    }

    /// <summary>σ(logit): the probability that the review is positive.</summary>
    public double Probability { get; }

    /// <summary>n, the tokens the model reads at most.</summary>
    public int Tokens { get; }

    /// <summary>The ids of the m real tokens, in order.</summary>
    public int[] Ids { get; }

    /// <summary>The words of the m real tokens.</summary>
    public string[] Words { get; }

    /// <summary><c>a_j</c> of every real token j.</summary>
    public double[] Attention { get; }

    /// <summary>Distinct words by decreasing summed attention (ties: the word).</summary>
    public IReadOnlyList<AttendedWord> Top { get; }

    /// <summary>Runs <paramref name="model"/> on <paramref name="ids"/> and records the attention.</summary>
    /// <param name="model">The trained model.</param>
    /// <param name="ids">n token ids, padding (0) at the end.</param>
    public static AttentionExplanation Of(AttentionModel model, ReadOnlySpan<int> ids)
    {
        ArgumentNullException.ThrowIfNull(model);
        var pass = new AttentionPass<float>(model.Settings);
        return Of(model, pass, ids);
    }

    /// <summary>As <see cref="Of(AttentionModel, ReadOnlySpan{int})"/>, reusing a pass's scratch memory.</summary>
    internal static AttentionExplanation Of(AttentionModel model, AttentionPass<float> pass, ReadOnlySpan<int> ids)
    {
        double probability = BinaryCrossEntropy.Sigmoid(pass.Forward(ids, model.Parameters));
        int m = pass.ActiveTokens;
        int[] tokenIds = ids[..m].ToArray();
        string[] words = tokenIds.Select(model.Vocabulary.WordOf).ToArray();
        double[] attention = new double[m];
        for (int j = 0; j < m; j++)
        {
            attention[j] = pass.AttentionReceived[j];
        }
        return new AttentionExplanation(probability, model.Settings.Tokens, tokenIds, words, attention, Summed(words, attention));
    }

    /// <summary>Sums the attention of each distinct word; by decreasing sum, then the word.</summary>
    internal static AttendedWord[] Summed(string[] words, double[] attention)
    {
        var totals = new Dictionary<string, (int Count, double Sum)>(StringComparer.Ordinal);
        for (int j = 0; j < words.Length; j++)
        {
            totals.TryGetValue(words[j], out var total);
            totals[words[j]] = (total.Count + 1, total.Sum + attention[j]);
        }
        return totals
            .Select(pair => new AttendedWord(pair.Key, pair.Value.Count, pair.Value.Sum))
            .OrderByDescending(w => w.Attention)
            .ThenBy(w => w.Word, StringComparer.Ordinal)
            .ToArray();
    }
}
