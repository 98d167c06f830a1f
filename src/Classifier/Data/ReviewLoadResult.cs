using System.Globalization;
using System.Text;

namespace HardmaxCore.Classifier;

/// <summary>What <see cref="ReviewDataset.Load"/> read: the reviews in canonical order, the format, and what was skipped.</summary>
/// <param name="Reviews">The usable reviews, sorted by <see cref="Review.CanonicalOrder"/>.</param>
/// <param name="Format">The format that was detected.</param>
/// <param name="Path">The full path that was read (for a folder: the <c>aclImdb</c> folder itself).</param>
/// <param name="Skipped">Rows or files that could not be used, by reason.</param>
public sealed record ReviewLoadResult(IReadOnlyList<Review> Reviews, DatasetFormat Format, string Path, SkippedRows Skipped)
{
    /// <summary>Number of reviews with the given split and label.</summary>
    public int Count(ReviewSplit split, int label)
    {
        int count = 0;
        foreach (Review review in Reviews)
        {
            if (review.Split == split && review.Label == label)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// One line for the CLI, e.g. <c>50000 reviews from archive: train 12500 neg / 12500 pos, test 12500 neg / 12500 pos</c>,
    /// followed by the skip summary when anything was skipped.
    /// </summary>
    public string Describe()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{Reviews.Count} reviews from {Format.ToString().ToLowerInvariant()} '{Path}':");
        string separator = " ";
        foreach (ReviewSplit split in Enum.GetValues<ReviewSplit>())
        {
            int negative = Count(split, Review.Negative);
            int positive = Count(split, Review.Positive);
            if (negative + positive > 0)
            {
                string name = split == ReviewSplit.Unspecified ? "no split" : split.ToString().ToLowerInvariant();
                sb.Append(separator).Append(CultureInfo.InvariantCulture, $"{name} {negative} neg / {positive} pos");
                separator = ", ";
            }
        }

        if (Skipped.Total > 0)
        {
            sb.Append("; ").Append(Skipped);
        }

        return sb.ToString();
    }
}
