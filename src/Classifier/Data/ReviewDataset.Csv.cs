using System.Globalization;
using System.Text;
using nietras.SeparatedValues;

namespace HardmaxCore.Classifier;

/// <summary>CSV reading with Sep: header <c>review,sentiment</c>, quoted fields unescaped.</summary>
public static partial class ReviewDataset
{
    /// <summary>The column holding the review text.</summary>
    internal const string ReviewColumn = "review";

    /// <summary>The column holding the label.</summary>
    internal const string SentimentColumn = "sentiment";

    /// <summary>Reads a CSV whose header names the columns <c>review</c> and <c>sentiment</c> (any case, any order).</summary>
    private static ReviewLoadResult LoadCsv(string path)
    {
        var reviews = new List<Review>();
        var skipped = new SkippedRows();
        try
        {
            using var text = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
            using SepReader reader = Sep.New(',')
                .Reader(o => o with { Unescape = true, DisableColCountCheck = true, HasHeader = true })
                .From(text);

            IReadOnlyList<string> columns = reader.Header.ColNames;
            int reviewIndex = FindColumn(columns, ReviewColumn);
            int sentimentIndex = FindColumn(columns, SentimentColumn);
            if (reviewIndex < 0 || sentimentIndex < 0)
            {
                DatasetThrow.CsvMissingColumns(path, columns);
            }

            int needed = Math.Max(reviewIndex, sentimentIndex) + 1;
            int dataRow = 0;
            foreach (SepReader.Row row in reader)
            {
                dataRow++;
                string location = string.Create(CultureInfo.InvariantCulture, $"line {row.LineNumberFrom}");
                if (row.ColCount < needed)
                {
                    skipped.Add(SkipReason.MissingColumns, location,
                        string.Create(CultureInfo.InvariantCulture, $"({row.ColCount} of {needed})"));
                    continue;
                }

                ReadOnlySpan<char> sentiment = row[sentimentIndex].Span.Trim();
                int label = ParseLabel(sentiment);
                if (label < 0)
                {
                    skipped.Add(SkipReason.UnknownLabel, location, $"'{Shorten(sentiment, 20)}'");
                    continue;
                }

                ReadOnlySpan<char> review = row[reviewIndex].Span;
                if (review.IsWhiteSpace())
                {
                    skipped.Add(SkipReason.EmptyReview, location);
                    continue;
                }

                reviews.Add(new Review(review.ToString(), label, $"csv/{location}", ReviewSplit.Unspecified, dataRow, Rating: null));
            }
        }
        catch (DatasetException)
        {
            throw;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            DatasetThrow.CannotRead(path, ex);
        }
        catch (Exception ex)
        {
            DatasetThrow.CsvMalformed(path, ex);
        }

        return Finish(reviews, DatasetFormat.Csv, path, skipped);
    }

    /// <summary>Parses a sentiment: positive/pos/1 → 1, negative/neg/0 → 0 (case-insensitive), anything else → −1.</summary>
    internal static int ParseLabel(ReadOnlySpan<char> sentiment)
    {
        if (sentiment.Equals("positive", StringComparison.OrdinalIgnoreCase)
            || sentiment.Equals("pos", StringComparison.OrdinalIgnoreCase)
            || sentiment.SequenceEqual("1"))
        {
            return Review.Positive;
        }

        if (sentiment.Equals("negative", StringComparison.OrdinalIgnoreCase)
            || sentiment.Equals("neg", StringComparison.OrdinalIgnoreCase)
            || sentiment.SequenceEqual("0"))
        {
            return Review.Negative;
        }

        return -1;
    }

    /// <summary>Index of the column named <paramref name="name"/> (trimmed, case-insensitive), or −1.</summary>
    private static int FindColumn(IReadOnlyList<string> columns, string name)
    {
        for (int i = 0; i < columns.Count; i++)
        {
            if (columns[i].AsSpan().Trim().Trim('\uFEFF').Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Shortens a value for a message.</summary>
    private static string Shorten(ReadOnlySpan<char> s, int max) =>
        s.Length <= max ? s.ToString() : string.Concat(s[..max], "…");
}
