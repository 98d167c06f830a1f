using System.Globalization;

namespace HardmaxCore.Classifier;

/// <summary>
/// Opens files named by the user for reading, only when they are regular files (after following symbolic links) no
/// larger than a cap, so that a FIFO cannot hang the tool and <c>/dev/zero</c> cannot exhaust its memory.
/// </summary>
/// <remarks>
/// Every place that reads a user's path goes through here: model and checkpoint files, the data set (archive, CSV,
/// the review files of an aclImdb folder), and the tool's simulation inputs, review files and metrics.
/// The caps are <see cref="LargeFileCap"/> for files that are streamed or hold weights, and <see cref="TextFileCap"/> for
/// files read whole into memory; the environment variable <see cref="CapVariable"/> (a number of bytes) replaces both.
/// <code>
/// using FileStream stream = UserFile.OpenRead(path, "model file", UserFile.LargeFileCap);
/// </code>
/// </remarks>
public static class UserFile
{
    /// <summary>The environment variable that replaces the caps, in bytes.</summary>
    public const string CapVariable = "HARDMAX_MAX_FILE_BYTES";

    /// <summary>The default cap of streamed files and weight files: 16 GiB.</summary>
    public const long DefaultLargeFileCap = 16L << 30;

    /// <summary>The default cap of files read whole (JSON inputs, review lists): 256 MiB.</summary>
    public const long DefaultTextFileCap = 256L << 20;

    /// <summary>The cap of streamed and weight files: <see cref="CapVariable"/> if set, else <see cref="DefaultLargeFileCap"/>.</summary>
    public static long LargeFileCap => Override() ?? DefaultLargeFileCap;

    /// <summary>The cap of files read whole: <see cref="CapVariable"/> if set, else <see cref="DefaultTextFileCap"/>.</summary>
    public static long TextFileCap => Override() ?? DefaultTextFileCap;

    /// <summary>What is at <paramref name="path"/> (symbolic links followed).</summary>
    public static FileKind KindOf(string path) => Posix.KindOf(Path.GetFullPath(path));

    /// <summary>
    /// Opens <paramref name="path"/> for reading when it is a regular file of at most <paramref name="cap"/> bytes.
    /// </summary>
    /// <param name="path">The user's path.</param>
    /// <param name="what">What the file is, for messages ("model file", "review").</param>
    /// <param name="cap">The largest size accepted, in bytes.</param>
    /// <param name="bufferSize">The stream's buffer.</param>
    /// <exception cref="FileNotFoundException">Nothing is at the path.</exception>
    /// <exception cref="UnreadableFileException">A folder, pipe, device or socket, or larger than the cap.</exception>
    /// <exception cref="IOException">Opening failed.</exception>
    /// <exception cref="UnauthorizedAccessException">Permission denied.</exception>
    public static FileStream OpenRead(string path, string what, long cap, int bufferSize = 1 << 16)
    {
        RequireRegular(path, what);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize, FileOptions.SequentialScan);
        try
        {
            if (!stream.CanSeek)
            {
                throw new UnreadableFileException($"'{path}' is not a regular file (it cannot be read to a known end); hardmax reads a {what} only from a regular file.");
            }
            RequireSize(path, what, stream.Length, cap);
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads a whole regular file of at most <paramref name="cap"/> bytes.</summary>
    /// <exception cref="FileNotFoundException">Nothing is at the path.</exception>
    /// <exception cref="UnreadableFileException">A folder, pipe, device or socket, or larger than the cap.</exception>
    public static byte[] ReadAllBytes(string path, string what, long cap)
    {
        using FileStream stream = OpenRead(path, what, cap, bufferSize: 1);
        byte[] bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>Throws unless <paramref name="path"/> is a regular file (or of a kind the system cannot tell).</summary>
    /// <exception cref="FileNotFoundException">Nothing is at the path.</exception>
    /// <exception cref="UnreadableFileException">A folder, pipe, device or socket.</exception>
    public static void RequireRegular(string path, string what)
    {
        FileKind kind = KindOf(path);
        string? problem = kind switch
        {
            FileKind.Missing => null,
            FileKind.Directory => "a folder",
            FileKind.Pipe => "a named pipe (FIFO)",
            FileKind.CharacterDevice => "a character device",
            FileKind.BlockDevice => "a block device",
            FileKind.Socket => "a socket",
            _ => null,
        };
        if (kind == FileKind.Missing)
        {
            throw new FileNotFoundException($"'{path}' does not exist.", path);
        }
        if (problem is not null)
        {
            throw new UnreadableFileException(
                $"'{path}' is {problem}, not a regular file; hardmax reads a {what} only from a regular file (copy the data into one first).");
        }
    }

    /// <summary>Throws when <paramref name="length"/> exceeds <paramref name="cap"/>, saying how to raise the cap.</summary>
    /// <exception cref="UnreadableFileException">Too large.</exception>
    public static void RequireSize(string path, string what, long length, long cap)
    {
        if (length > cap)
        {
            throw new UnreadableFileException(string.Create(CultureInfo.InvariantCulture,
                $"'{path}' is {length:N0} bytes, more than the {cap:N0} bytes hardmax reads as a {what}; if the file is right, raise the cap with the environment variable {CapVariable}=<bytes>."));
        }
    }

    private static long? Override()
    {
        string? text = Environment.GetEnvironmentVariable(CapVariable);
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long bytes) && bytes > 0 ? bytes : null;
    }
}
