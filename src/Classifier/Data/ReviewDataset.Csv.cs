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
    /// <param name="path">The file.</param>
    /// <param name="maxRowChars">Rows longer than this are skipped and counted (<see cref="CsvRowCap.MaxRowChars"/>; tests use less).</param>
    /// <param name="check">Counts the rows and stops a cancelled load (none: not cancellable).</param>
    internal static ReviewLoadResult LoadCsv(string path, int maxRowChars = CsvRowCap.MaxRowChars, LoadCheck? check = null)
    {
        var reviews = new List<Review>();
        var skipped = new SkippedRows();
        try
        {
            using FileStream file = UserFile.OpenRead(path, "data set", UserFile.LargeFileCap);
            using var text = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
            // Rows too long for the parser are dropped before it and skipped as too long, instead of failing the file.
            using var rows = new CsvRowCap(text, path, maxRowChars);
            using SepReader reader = Sep.New(',')
                .Reader(o => o with { Unescape = true, DisableColCountCheck = true, HasHeader = true })
                .From(rows);

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
                check?.Step();
                dataRow++;
                int line = rows.FileLine(row.LineNumberFrom);
                RequireClosedQuotes(path, row.Span, line);
                string location = string.Create(CultureInfo.InvariantCulture, $"line {line}");
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
            foreach ((int line, long characters) in rows.Skipped)
            {
                skipped.Add(SkipReason.TooLong, string.Create(CultureInfo.InvariantCulture, $"line {line}"), string.Create(CultureInfo.InvariantCulture, $"({characters:N0} characters)"));
            }
        }
        catch (Exception ex) when (ex is DatasetException or OperationCanceledException)
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

    /// <summary>The most lines one quoted field may span before it is taken for an unclosed quote.</summary>
    internal const int MaxFieldLines = 1000;

    /// <summary>
    /// Refuses a row whose quotes do not close: an odd number of quote characters (the field runs to the end of the file),
    /// more than <see cref="MaxFieldLines"/> lines, or a line inside the row that ends like a row of its own
    /// (<c>…,positive</c>): Sep pairs quotes across lines, so one missing quote swallows every row after it.
    /// </summary>
    private static void RequireClosedQuotes(string path, ReadOnlySpan<char> row, int line)
    {
        int newlines = row.TrimEnd("\r\n").Count('\n');
        if (newlines == 0)
        {
            return;
        }
        if (row.Count('"') % 2 == 1)
        {
            DatasetThrow.CsvUnclosedQuote(path, line, string.Create(CultureInfo.InvariantCulture, $"never closes (it runs over {newlines + 1} lines to the end of the file)"));
        }
        if (newlines >= MaxFieldLines)
        {
            DatasetThrow.CsvUnclosedQuote(path, line, string.Create(CultureInfo.InvariantCulture, $"runs over {newlines + 1} lines (more than {MaxFieldLines})"));
        }
        ReadOnlySpan<char> rest = row.TrimEnd("\r\n");
        int swallowed = 0;
        while (rest.IndexOf('\n') is int end and >= 0)
        {
            ReadOnlySpan<char> inner = rest[..end].TrimEnd("\r \t\"");
            int comma = inner.LastIndexOf(',');
            if (comma >= 0 && ParseLabel(inner[(comma + 1)..].Trim()) >= 0)
            {
                swallowed++;
            }
            rest = rest[(end + 1)..];
        }
        if (swallowed > 0)
        {
            DatasetThrow.CsvUnclosedQuote(path, line, string.Create(CultureInfo.InvariantCulture,
                $"runs over {newlines + 1} lines, swallowing {swallowed} line(s) that end like rows of their own (',positive' or ',negative')"));
        }
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
