using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace HardmaxCore.Classifier;

/// <summary>
/// Loads the IMDb reviews from whatever the user has: the official archive (streamed, never extracted),
/// an extracted <c>aclImdb</c> folder, or a <c>review,sentiment</c> CSV (SPEC §5).
/// </summary>
/// <remarks>
/// The format is detected from the path and the file's first bytes, not from its extension. Rows that
/// cannot be used (unknown label, empty text) are skipped and counted in <see cref="ReviewLoadResult.Skipped"/>;
/// everything else that is wrong throws a <see cref="DatasetException"/> whose message says what to do.
/// The reviews come back in <see cref="Review.CanonicalOrder"/>, never in archive or file-system order.
/// <code>
/// ReviewLoadResult data = ReviewDataset.Load("../shared/data/aclImdb_labeled.tar.gz");
/// Console.WriteLine(data.Describe());
/// DatasetSplit split = DatasetSplit.Create(data.Reviews, EvaluationProtocol.Standard, validationFraction: 0.1, seed: 42);
/// </code>
/// </remarks>
public static partial class ReviewDataset
{
    /// <summary>
    /// The longest review read, 16 MiB (the longest IMDb review is about 14 KB). Longer archive entries and review files
    /// are skipped and counted (<see cref="SkipReason.TooLong"/>) without being read; so are CSV rows longer than
    /// <see cref="CsvRowCap.MaxRowChars"/> characters (read once, not kept).
    /// </summary>
    public const int MaxReviewBytes = 16 << 20;

    /// <summary>How many leading bytes are inspected to tell the formats apart.</summary>
    private const int SniffLength = 8192;

    /// <summary>Strict UTF-8 used to tell text from binary when sniffing.</summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Archive entries, review files or CSV rows read between two looks at the cancellation token of <see cref="Load"/>:
    /// 256, so a cancelled load stops after at most 256 more reviews (about 0.3 MB of IMDb text, milliseconds).
    /// </summary>
    public const int CancelCheckInterval = 256;

    /// <summary>
    /// Called (on the loading thread) with the number of entries, files or rows read so far at each look at the
    /// cancellation token, just before it; tests use it to cancel a load at a known point instead of racing a timer.
    /// </summary>
    internal static readonly AsyncLocal<Action<int>?> CancelProbe = new();

    /// <summary>Loads every labelled review found at <paramref name="path"/>.</summary>
    /// <param name="path">An archive (<c>.tar.gz</c>/<c>.tar</c>), an <c>aclImdb</c> folder or its parent, or a CSV.</param>
    /// <param name="cancel">Stops the load: looked at before reading and every <see cref="CancelCheckInterval"/> entries, files or rows.</param>
    /// <returns>The reviews in canonical order, the detected format and the skip counts.</returns>
    /// <exception cref="DatasetException">The path is missing, unreadable, corrupt, or holds no reviews.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> fired; nothing is returned.</exception>
    public static ReviewLoadResult Load(string path, CancellationToken cancel = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        cancel.ThrowIfCancellationRequested();
        string full = Path.GetFullPath(path);
        var loadCheck = new LoadCheck(cancel);

        if (Directory.Exists(full))
        {
            return LoadFolder(full, loadCheck);
        }

        if (!File.Exists(full) && UserFile.KindOf(full) == FileKind.Missing)
        {
            DatasetThrow.PathNotFound(full);
        }

        try
        {
            using FileStream check = UserFile.OpenRead(full, "data set", UserFile.LargeFileCap, bufferSize: 1);
        }
        catch (UnreadableFileException ex)
        {
            DatasetThrow.Refused(full, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            DatasetThrow.CannotRead(full, ex);
        }

        byte[] head = ReadHead(full);
        if (head.Length >= 2 && head[0] == 0x1F && head[1] == 0x8B)
        {
            if (!GzipHoldsTar(full))
            {
                DatasetThrow.NotADataset(full,
                    "it is gzip-compressed but holds no tar archive (a compressed CSV? decompress it and pass the .csv)");
            }

            return LoadArchive(full, gzip: true, loadCheck);
        }

        if (IsTar(head))
        {
            return LoadArchive(full, gzip: false, loadCheck);
        }

        if (head.Length >= 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] == 3 && head[3] == 4)
        {
            DatasetThrow.ZipNotSupported(full);
        }

        if (head.Length == 0)
        {
            DatasetThrow.NotADataset(full, "the file is empty");
        }

        if (HasArchiveExtension(full))
        {
            DatasetThrow.ArchiveCorrupt(full,
                "its name says .tar.gz or .tar but it starts with neither the gzip nor the tar signature; a failed download saves an error page this way");
        }

        if (!LooksLikeText(head))
        {
            DatasetThrow.NotADataset(full, "it is a binary file, neither a .tar.gz/.tar archive nor a UTF-8 CSV");
        }

        return LoadCsv(full, check: loadCheck);
    }

    /// <summary>
    /// Counts the entries, files or rows a load reads and every <see cref="CancelCheckInterval"/> of them throws when the
    /// token is cancelled (after telling <see cref="CancelProbe"/>).
    /// </summary>
    internal sealed class LoadCheck(CancellationToken cancel)
    {
        private readonly Action<int>? _probe = CancelProbe.Value;
        private int _count;

        /// <summary>One more entry, file or row read.</summary>
        /// <exception cref="OperationCanceledException">The token is cancelled (looked at every <see cref="CancelCheckInterval"/> calls).</exception>
        public void Step()
        {
            if (++this._count % CancelCheckInterval == 0)
            {
                this._probe?.Invoke(this._count);
                cancel.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>Reads up to <see cref="SniffLength"/> bytes from the start of the file.</summary>
    private static byte[] ReadHead(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
            byte[] buffer = new byte[SniffLength];
            int read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return buffer.AsSpan(0, read).ToArray();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            DatasetThrow.CannotRead(path, ex);
            return [];
        }
    }

    /// <summary>True when the file name ends in .gz, .tgz or .tar.</summary>
    private static bool HasArchiveExtension(string path) =>
        path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".tar", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when <paramref name="head"/> starts with a tar header: the <c>ustar</c> magic or a valid header checksum.</summary>
    private static bool IsTar(ReadOnlySpan<byte> head) =>
        head.Length >= 512 && (head.Slice(257, 5).SequenceEqual("ustar"u8) || HasValidTarChecksum(head[..512]));

    /// <summary>
    /// True when the octal checksum at bytes 148–155 equals the sum of the block's bytes with that field
    /// counted as spaces (unsigned, or signed as some old tars wrote it), and the block is not all zeros.
    /// </summary>
    private static bool HasValidTarChecksum(ReadOnlySpan<byte> block)
    {
        ReadOnlySpan<byte> field = block.Slice(148, 8).TrimStart((byte)' ');
        int stored = 0;
        int digits = 0;
        while (digits < field.Length && field[digits] is >= (byte)'0' and <= (byte)'7')
        {
            stored = (stored * 8) + (field[digits] - '0');
            digits++;
        }

        if (digits == 0 || !block.ContainsAnyExcept((byte)0))
        {
            return false;
        }

        int unsignedSum = 8 * ' ';
        int signedSum = 8 * ' ';
        for (int i = 0; i < 512; i++)
        {
            if (i is < 148 or >= 156)
            {
                unsignedSum += block[i];
                signedSum += (sbyte)block[i];
            }
        }

        return stored == unsignedSum || stored == signedSum;
    }

    /// <summary>Decompresses the first 512 bytes of a gzip file and checks they are a tar header.</summary>
    private static bool GzipHoldsTar(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            byte[] block = new byte[512];
            int read = gzip.ReadAtLeast(block, block.Length, throwOnEndOfStream: false);
            if (read < block.Length)
            {
                // Short content: a small gzip file that is not a tar, or a cut one. A complete gzip member ends
                // with ISIZE, the uncompressed length mod 2^32, in its last 4 bytes; a cut file almost never does.
                Span<byte> trailer = stackalloc byte[4];
                file.Seek(-Math.Min(4, file.Length), SeekOrigin.End);
                file.ReadExactly(trailer[..(int)Math.Min(4, file.Length)]);
                if (file.Length < 18 || BinaryPrimitives.ReadUInt32LittleEndian(trailer) != (uint)read)
                {
                    DatasetThrow.ArchiveCorrupt(path, "it ends inside the first tar header");
                }

                return false;
            }

            return IsTar(block.AsSpan(0, read));
        }
        catch (InvalidDataException ex)
        {
            DatasetThrow.ArchiveCorrupt(path, ex.Message, ex);
            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            DatasetThrow.CannotRead(path, ex);
            return false;
        }
    }

    /// <summary>True when the bytes have no NUL and decode as UTF-8 (a character cut at the end is allowed).</summary>
    private static bool LooksLikeText(ReadOnlySpan<byte> head)
    {
        if (head.Contains((byte)0))
        {
            return false;
        }

        // A multi-byte character may be cut by the sniff window: drop up to 3 trailing continuation/lead bytes.
        int end = head.Length;
        for (int k = 0; k < 3 && end > 0 && head[end - 1] >= 0x80; k++)
        {
            end--;
        }

        try
        {
            _ = StrictUtf8.GetCharCount(head[..end]);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>Sorts into canonical order and fails when nothing usable was found.</summary>
    private static ReviewLoadResult Finish(List<Review> reviews, DatasetFormat format, string path, SkippedRows skipped)
    {
        if (reviews.Count == 0)
        {
            DatasetThrow.NoReviews(path, format, skipped);
        }

        reviews.Sort(Review.CanonicalOrder);
        return new ReviewLoadResult(reviews, format, path, skipped);
    }

    /// <summary>Builds a review from an aclImdb file, or counts it as skipped when its text is empty.</summary>
    private static void AddFileReview(
        List<Review> reviews, SkippedRows skipped, string text, ReviewSplit split, int label, int id, int rating, string sourceId)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            skipped.Add(SkipReason.EmptyReview, sourceId);
            return;
        }

        reviews.Add(new Review(text, label, sourceId, split, id, rating));
    }
}
