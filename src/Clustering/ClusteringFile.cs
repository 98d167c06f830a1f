namespace HardmaxCore.Clustering;

/// <summary>
/// Opens the files this library reads (CSV and .npy points, saved models) only when they are regular files of 1 to
/// <see cref="PointCloud.MaxFileBytes"/> bytes, so that a pipe cannot hang a read and <c>/dev/zero</c> cannot exhaust memory.
/// </summary>
internal static class ClusteringFile
{
    /// <summary>
    /// Opens <paramref name="path"/> for reading: a regular file (not a folder, pipe or device) of 1 to
    /// <see cref="PointCloud.MaxFileBytes"/> bytes.
    /// </summary>
    /// <param name="path">The user's path.</param>
    /// <param name="what">What the file should be, for messages ("a CSV of points").</param>
    /// <param name="remedy">What to do when it is too large ("subsample the points").</param>
    /// <exception cref="ClusteringDataException">Missing, a folder, empty, a pipe or device, or too large; or opening failed.</exception>
    public static FileStream OpenRead(string path, string what, string remedy)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            throw new ClusteringDataException($"'{path}' is a directory; give {what}.");
        }
        if (!File.Exists(path))
        {
            throw new ClusteringDataException($"'{path}' does not exist.");
        }
        try
        {
            // A pipe, a terminal or a device reports length 0 (and opening a pipe would wait for a writer), as does an empty
            // file, which is refused anyway: checking the length before opening keeps all of them out.
            long length = new FileInfo(path).Length;
            if (length == 0)
            {
                throw new ClusteringDataException($"'{path}' is empty or not a regular file (a pipe or a device); give {what} in a regular file.");
            }
            if (length > PointCloud.MaxFileBytes)
            {
                throw new ClusteringDataException($"'{path}' has {length} bytes, more than the limit of {PointCloud.MaxFileBytes} (1 GiB) for {what}; {remedy}.");
            }
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            if (!stream.CanSeek)
            {
                stream.Dispose();
                throw new ClusteringDataException($"'{path}' is not a regular file (it cannot be read to a known end); give {what} in a regular file.");
            }
            return stream;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ClusteringDataException($"Cannot read '{path}': {e.Message}", e);
        }
    }

    /// <summary>Reads the whole of <paramref name="path"/> under the checks of <see cref="OpenRead"/>.</summary>
    /// <exception cref="ClusteringDataException">As <see cref="OpenRead"/>, or the file changed size while read.</exception>
    public static byte[] ReadAllBytes(string path, string what, string remedy)
    {
        using FileStream stream = OpenRead(path, what, remedy);
        try
        {
            // The length was checked against the cap, so it fits an array; a file that shrank while read is refused.
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ClusteringDataException($"Cannot read '{path}': {e.Message}", e);
        }
    }
}
