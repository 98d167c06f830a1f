using System.Buffers;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace HardmaxCore.Classifier;

/// <summary>Archive reading: <c>TarReader</c> over <c>GZipStream</c>, streamed, never extracted.</summary>
public static partial class ReviewDataset
{
    /// <summary>
    /// Checks the gzip trailer's ISIZE (the uncompressed length mod 2³², the file's last 4 bytes) against the bytes
    /// decompressed. GZipStream stops quietly when a file ends inside its deflate data or trailer, so an archive missing
    /// its last few bytes would otherwise load; a cut file matches ISIZE by chance with probability 2⁻³².
    /// </summary>
    private static void RequireGzipTrailer(FileStream file, string path, long decompressed)
    {
        if (file.Length < 18)
        {
            DatasetThrow.ArchiveCorrupt(path, "it is too short to hold a gzip trailer");
        }
        Span<byte> trailer = stackalloc byte[4];
        file.Seek(-4, SeekOrigin.End);
        file.ReadExactly(trailer);
        uint stored = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        if (stored != unchecked((uint)decompressed))
        {
            DatasetThrow.ArchiveCorrupt(path, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"its gzip trailer is missing or wrong: it records {stored:N0} uncompressed bytes (mod 2^32) but {decompressed:N0} were read; the end of the file is cut off"));
        }
    }

    /// <summary>Streams the labelled reviews out of a <c>.tar.gz</c> (or plain <c>.tar</c>) archive.</summary>
    private static ReviewLoadResult LoadArchive(string path, bool gzip, LoadCheck check)
    {
        var reviews = new List<Review>(50_000);
        var skipped = new SkippedRows();
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            using FileStream file = UserFile.OpenRead(path, "data set", UserFile.LargeFileCap);
            using Stream decompressed = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
            using var tracker = new TarEndTrackingStream(decompressed);
            using var tar = new TarReader(tracker, leaveOpen: true);

            while (tar.GetNextEntry(copyData: false) is { } entry)
            {
                check.Step();
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile))
                {
                    continue;
                }

                AclImdbPath.Kind kind = AclImdbPath.Classify(
                    entry.Name, out ReviewSplit split, out int label, out int id, out int rating, out string sourceId);
                if (kind == AclImdbPath.Kind.BadFileName)
                {
                    skipped.Add(SkipReason.UnrecognizedFileName, entry.Name);
                    continue;
                }

                if (kind != AclImdbPath.Kind.Review)
                {
                    continue; // unsup, feature files, README, ...: the reader skips their data itself
                }

                if (entry.Length > MaxReviewBytes)
                {
                    // Not read: the reader skips the entry's data when asked for the next entry.
                    skipped.Add(SkipReason.TooLong, entry.Name, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"({entry.Length:N0} bytes)"));
                    continue;
                }

                int length = (int)entry.Length;
                if (buffer.Length < length)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent(length);
                }

                entry.DataStream?.ReadExactly(buffer, 0, length);
                string text = Encoding.UTF8.GetString(buffer, 0, length);
                AddFileReview(reviews, skipped, text, split, label, id, rating, sourceId);
            }

            if (!tracker.EndsWithZeroBlock)
            {
                // TarReader treats end of stream at an entry boundary as the end; a real archive ends with zero blocks.
                DatasetThrow.ArchiveCorrupt(path, "it ends before the tar end-of-archive marker");
            }

            // Read what is left so GZipStream reaches the end of the deflate data.
            while (tracker.Read(buffer, 0, buffer.Length) > 0)
            {
            }

            if (gzip)
            {
                RequireGzipTrailer(file, path, tracker.BytesRead);
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or FormatException)
        {
            DatasetThrow.ArchiveCorrupt(path, ex.Message, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            DatasetThrow.CannotRead(path, ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return Finish(reviews, DatasetFormat.Archive, path, skipped);
    }
}
