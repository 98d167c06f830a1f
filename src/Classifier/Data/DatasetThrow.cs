using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace HardmaxCore.Classifier;

/// <summary>Throw helpers for <see cref="DatasetException"/>: each message says what was found and what to do.</summary>
[StackTraceHidden]
internal static class DatasetThrow
{
    /// <summary>What the loader accepts, appended to messages about unusable input.</summary>
    internal const string Accepted =
        "Expected the IMDb archive (aclImdb_v1.tar.gz or aclImdb_labeled.tar.gz), an extracted aclImdb folder, " +
        "or a CSV with header columns review,sentiment.";

    /// <summary>The path does not exist.</summary>
    [DoesNotReturn]
    public static void PathNotFound(string path) =>
        throw new DatasetException($"IMDb data not found: '{path}' does not exist. {Accepted}");

    /// <summary>The path exists but could not be opened or read.</summary>
    [DoesNotReturn]
    public static void CannotRead(string path, Exception inner) =>
        throw new DatasetException($"Cannot read '{path}': {inner.Message} Check that the file is readable.", inner);

    /// <summary>The path is not a regular file, or too large (the inner message says which and what to do).</summary>
    [DoesNotReturn]
    public static void Refused(string path, UnreadableFileException inner) =>
        throw new DatasetException($"Cannot read the data: {inner.Message}", inner);

    /// <summary>A quoted CSV field opens and never closes (or swallows later rows).</summary>
    [DoesNotReturn]
    public static void CsvUnclosedQuote(string path, long line, string detail) =>
        throw new DatasetException(string.Create(CultureInfo.InvariantCulture,
            $"The CSV '{path}' has a quoted field that opens on line {line} and {detail}; a quote is missing. Close the quote (a quote inside a field is written twice: \"\")."));

    /// <summary>The archive is truncated or corrupt.</summary>
    [DoesNotReturn]
    public static void ArchiveCorrupt(string path, string detail, Exception? inner = null)
    {
        string message = $"The archive '{path}' is truncated or corrupt ({detail}). " +
                         "Download it again (or copy it again completely) and retry.";
        throw inner is null ? new DatasetException(message) : new DatasetException(message, inner);
    }

    /// <summary>The file is a zip archive, which is not supported.</summary>
    [DoesNotReturn]
    public static void ZipNotSupported(string path) =>
        throw new DatasetException(
            $"'{path}' is a zip archive, which is not supported. Extract it and pass the aclImdb folder or the CSV inside. {Accepted}");

    /// <summary>The file is binary (or not text) and not an archive.</summary>
    [DoesNotReturn]
    public static void NotADataset(string path, string detail) =>
        throw new DatasetException($"'{path}' is not an IMDb dataset: {detail}. {Accepted}");

    /// <summary>A folder that has no aclImdb layout below it.</summary>
    [DoesNotReturn]
    public static void FolderNotAclImdb(string path) =>
        throw new DatasetException(
            $"The folder '{path}' is not an aclImdb folder: found neither aclImdb/ nor train/ or test/ in it. " +
            $"Point at the extracted aclImdb folder (the one holding train/pos, train/neg, test/pos, test/neg) or its parent. {Accepted}");

    /// <summary>The CSV header lacks the review or sentiment column.</summary>
    [DoesNotReturn]
    public static void CsvMissingColumns(string path, IReadOnlyList<string> found)
    {
        string columns = found.Count == 0 ? "none" : string.Join(", ", found.Select(c => $"'{Shorten(c, 40)}'"));
        throw new DatasetException(
            $"'{path}' has no 'review' and 'sentiment' columns in its header line (found {columns}). " +
            $"A CSV needs a first line naming the columns review,sentiment (the Kaggle IMDb export). {Accepted}");
    }

    /// <summary>The CSV could not be parsed.</summary>
    [DoesNotReturn]
    public static void CsvMalformed(string path, Exception inner) =>
        throw new DatasetException(
            $"The CSV '{path}' is malformed ({inner.Message}). Check that fields containing commas, quotes or newlines are quoted.",
            inner);

    /// <summary>Nothing usable was found.</summary>
    [DoesNotReturn]
    public static void NoReviews(string path, DatasetFormat format, SkippedRows skipped)
    {
        string what = format switch
        {
            DatasetFormat.Archive => "the archive has no files named {train,test}/{pos,neg}/<id>_<rating>.txt",
            DatasetFormat.Folder => "the folder has no files named {train,test}/{pos,neg}/<id>_<rating>.txt",
            _ => "the CSV has no usable rows",
        };
        string skips = skipped.Total == 0 ? string.Empty : $" ({skipped}; e.g. {string.Join("; ", skipped.Examples)})";
        throw new DatasetException($"No reviews found in '{path}': {what}{skips}. {Accepted}");
    }

    /// <summary>The standard protocol needs the archive's split, which the data lacks.</summary>
    [DoesNotReturn]
    public static void StandardNeedsSplit(int unspecified) =>
        throw new DatasetException(
            $"The standard protocol uses the archive's own train/test split, but {unspecified} reviews have no split " +
            "(a CSV carries none). Use EvaluationProtocol.Paper (a seeded 70/30 split), or load the aclImdb archive or folder.");

    /// <summary>The standard protocol found an empty train or test split.</summary>
    [DoesNotReturn]
    public static void StandardSplitEmpty(string which) =>
        throw new DatasetException(
            $"The standard protocol needs both the train and the test split, but the data has no {which} reviews. " +
            "Load the complete aclImdb archive or folder, or use EvaluationProtocol.Paper.");

    /// <summary>Shortens a string for a message.</summary>
    private static string Shorten(string s, int max) => s.Length <= max ? s : string.Concat(s.AsSpan(0, max), "…");
}
