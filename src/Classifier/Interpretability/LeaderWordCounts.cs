
namespace HardmaxCore.Classifier;

/// <summary>
/// The leader words of [AFZ] §5 (SPEC §3.6): over the reviews the model classifies correctly with confidence at least
/// c, the distinct last-layer leaders of the hardmax dynamics whose decoder score <c>|v·z + b|</c> exceeds a threshold,
/// counted once per review.
/// </summary>
/// <param name="Words">Every such word, most frequent first (ties: larger |mean score|, then the word).</param>
/// <param name="Reviews">Reviews looked at.</param>
/// <param name="Selected">Reviews correctly classified with confidence ≥ c.</param>
/// <param name="SpecialTokens">How many times &lt;pad&gt; or &lt;unk&gt; was such a leader (left out of <paramref name="Words"/>).</param>
public sealed record LeaderWordCounts(IReadOnlyList<LeaderWordCount> Words, int Reviews, int Selected, int SpecialTokens)
{
    /// <summary>Counts the strong leader words of <paramref name="reviews"/>.</summary>
    /// <param name="model">The trained classifier.</param>
    /// <param name="reviews">Encoded, labelled reviews.</param>
    /// <param name="confidence">c: a review counts when the softmax model gives its true label probability ≥ c.</param>
    /// <param name="threshold">A leader counts when <c>|v·z + b| &gt;</c> this at the last layer.</param>
    /// <param name="threads">Threads to use.</param>
    /// <remarks>
    /// Confidence and correctness come from the trained (softmax) model; the leaders from the hardmax dynamics with the
    /// same weights ([AFZ] shows the two agree), as <c>hardmax predict</c> reports them.
    /// </remarks>
    public static LeaderWordCounts Count(ClassifierModel model, EncodedReviews reviews, double confidence, double threshold, int threads)
    {
        int d = model.Settings.Dimension;
        int layers = model.Settings.Layers;
        var perReview = new List<(int Word, double Score)>?[reviews.Count];
        using (var passes = new ParallelPasses(model.Settings, threads))
        {
            passes.ForEach(reviews.Count, (pass, r) =>
            {
                double p = BinaryCrossEntropy.Sigmoid(pass.Forward(reviews.Row(r), model.Parameters, Attention.Softmax));
                double truth = reviews.Labels[r] == 1 ? p : 1 - p;
                if (truth < confidence || truth <= 0.5)
                {
                    return;
                }
                pass.Forward(reviews.Row(r), model.Parameters, Attention.Hardmax);
                ReadOnlySpan<float> last = pass.Layer(layers);
                var strong = new List<(int Word, double Score)>();
                foreach (int[] group in LeaderGroups.Distinct(last, d, pass.Leaders(layers)))
                {
                    double score = model.Parameters.Bias[0];
                    for (int l = 0; l < d; l++)
                    {
                        score += (double)model.Parameters.Decoder[l] * last[group[0] * d + l];
                    }
                    if (Math.Abs(score) > threshold)
                    {
                        foreach (int u in group)
                        {
                            strong.Add((pass.UniqueWords[u], score));
                        }
                    }
                }
                perReview[r] = strong;
            });
        }
        var totals = new Dictionary<int, (int Reviews, double Sum, int Positive)>();
        int selected = 0;
        int special = 0;
        for (int r = 0; r < reviews.Count; r++)
        {
            if (perReview[r] is not { } strong)
            {
                continue;
            }
            selected++;
            foreach ((int word, double score) in strong)
            {
                if (word < Vocabulary.ReservedCount)
                {
                    special++;
                    continue;
                }
                totals.TryGetValue(word, out var total);
                totals[word] = (total.Reviews + 1, total.Sum + score, total.Positive + reviews.Labels[r]);
            }
        }
        LeaderWordCount[] words = totals
            .Select(pair => new LeaderWordCount(model.Vocabulary.WordOf(pair.Key), pair.Value.Reviews, pair.Value.Sum / pair.Value.Reviews, pair.Value.Positive))
            .OrderByDescending(w => w.Reviews)
            .ThenByDescending(w => Math.Abs(w.MeanScore))
            .ThenBy(w => w.Word, StringComparer.Ordinal)
            .ToArray();
        return new LeaderWordCounts(words, reviews.Count, selected, special);
    }
}
