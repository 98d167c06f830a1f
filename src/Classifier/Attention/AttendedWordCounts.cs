namespace HardmaxCore.Classifier;

/// <summary>How often a word was among the most attended words of a review of one class.</summary>
/// <param name="Word">The word.</param>
/// <param name="Reviews">Reviews of the class in which it was among the top words by attention received.</param>
/// <param name="MeanAttention">Its mean summed attention <c>Σ a_j</c> in those reviews (1 = all the attention).</param>
public readonly record struct AttendedWordCount(string Word, int Reviews, double MeanAttention);

/// <summary>
/// The attention counterpart of <see cref="LeaderWordCounts"/>, the usual picture for a self-attention classifier: over
/// the reviews the model classifies correctly with confidence at least c, the <c>perReview</c> distinct words that receive
/// the most attention (<see cref="AttentionExplanation"/>; &lt;unk&gt; left out), counted once per review, separately for positive and negative
/// reviews.
/// </summary>
/// <param name="Positive">Words of correctly, confidently classified positive reviews, most frequent first (ties: larger mean attention, then the word).</param>
/// <param name="Negative">The same for negative reviews.</param>
/// <param name="Reviews">Reviews looked at.</param>
/// <param name="SelectedPositive">Positive reviews correctly classified with confidence ≥ c.</param>
/// <param name="SelectedNegative">Negative reviews correctly classified with confidence ≥ c.</param>
public sealed record AttendedWordCounts(
    IReadOnlyList<AttendedWordCount> Positive, IReadOnlyList<AttendedWordCount> Negative, int Reviews, int SelectedPositive, int SelectedNegative)
{
    /// <summary>Counts the most attended words of <paramref name="reviews"/>.</summary>
    /// <param name="model">The trained classifier.</param>
    /// <param name="reviews">Encoded, labelled reviews.</param>
    /// <param name="confidence">c: a review counts when the model gives its true label probability ≥ c.</param>
    /// <param name="perReview">How many top words of each review count.</param>
    /// <param name="threads">Threads to use.</param>
    public static AttendedWordCounts Count(AttentionModel model, EncodedReviews reviews, double confidence, int perReview, int threads)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(reviews);
        ArgumentOutOfRangeException.ThrowIfLessThan(perReview, 1);
        var top = new AttendedWord[reviews.Count][];
        var passes = new AttentionPasses(model.Settings, threads);
        passes.ForEach(reviews.Count, (pass, r) =>
        {
            AttentionExplanation explanation = AttentionExplanation.Of(model, pass, reviews.Row(r));
            double truth = reviews.Labels[r] == 1 ? explanation.Probability : 1 - explanation.Probability;
            if (truth >= confidence && truth > 0.5)
            {
                // <unk> stands for many words; like <pad>/<unk> among leaders, it is left out of the words.
                top[r] = explanation.Top.Where(w => w.Word != Vocabulary.UnknownToken).Take(perReview).ToArray();
            }
        });
        var totals = new[] { new Dictionary<string, (int Reviews, double Sum)>(StringComparer.Ordinal), new Dictionary<string, (int Reviews, double Sum)>(StringComparer.Ordinal) };
        var selected = new int[2];
        for (int r = 0; r < reviews.Count; r++)
        {
            if (top[r] is not { } words)
            {
                continue;
            }
            int label = reviews.Labels[r];
            selected[label]++;
            foreach (AttendedWord word in words)
            {
                totals[label].TryGetValue(word.Word, out var total);
                totals[label][word.Word] = (total.Reviews + 1, total.Sum + word.Attention);
            }
        }
        return new AttendedWordCounts(Sorted(totals[1]), Sorted(totals[0]), reviews.Count, selected[1], selected[0]);
    }

    private static AttendedWordCount[] Sorted(Dictionary<string, (int Reviews, double Sum)> totals) => totals
        .Select(pair => new AttendedWordCount(pair.Key, pair.Value.Reviews, pair.Value.Sum / pair.Value.Reviews))
        .OrderByDescending(w => w.Reviews)
        .ThenByDescending(w => w.MeanAttention)
        .ThenBy(w => w.Word, StringComparer.Ordinal)
        .ToArray();
}
