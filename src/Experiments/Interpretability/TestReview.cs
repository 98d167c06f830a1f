using System.Globalization;
using HardmaxCore.Classifier;

namespace HardmaxCore.Experiments.Interpretability;

/// <summary>One review of a model's test split, named by its index or its source id.</summary>
internal static class TestReview
{
    /// <summary>
    /// The review <paramref name="id"/> names in <paramref name="test"/>: an index (0-based) or a source id
    /// (e.g. <c>test/pos/1234_9</c>), with a title naming it as the model sees it: its index in the test part of
    /// <paramref name="split"/> (e.g. "the paper protocol's split, seed 0"), its true label and its archive entry.
    /// </summary>
    /// <exception cref="ExperimentException">The index is out of range or no review has that source id.</exception>
    public static (string Text, string Title) Find(IReadOnlyList<Review> test, string id, string split = "the model's split")
    {
        Review? review = null;
        if (int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
        {
            if (index >= test.Count)
            {
                throw new ExperimentException($"ReviewSelection.Review {id}: the test split has {test.Count} reviews (indices 0 to {test.Count - 1}).");
            }
            review = test[index];
        }
        else
        {
            review = test.FirstOrDefault(r => string.Equals(r.SourceId, id, StringComparison.Ordinal))
                ?? throw new ExperimentException($"ReviewSelection.Review '{id}': no review of the test split ({test.Count} reviews) has that source id; give an index 0–{test.Count - 1} or an id such as '{test.FirstOrDefault()?.SourceId}'.");
        }
        string truth = review.Label == Review.Positive ? "positive" : "negative";
        int position = index < test.Count && ReferenceEquals(test[index], review) ? index : IndexOf(test, review);
        // The split and index name the review as the model sees it; the archive path (whose folder is the aclImdb
        // split, not the model's under the paper protocol) stands beside it.
        return (review.Text, $"Test review {position} of {split} (true label: {truth}) · archive entry {review.SourceId}");
    }

    private static int IndexOf(IReadOnlyList<Review> reviews, Review review)
    {
        for (int i = 0; i < reviews.Count; i++)
        {
            if (ReferenceEquals(reviews[i], review))
            {
                return i;
            }
        }
        return -1;
    }
}
