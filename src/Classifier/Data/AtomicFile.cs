namespace HardmaxCore.Classifier;

/// <summary>Writes a file so that readers see the old content or the new, never a half-written file.</summary>
public static class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="bytes"/> to a temporary file in the destination's directory, flushes it to disk, then moves it
    /// over <paramref name="path"/> (a rename within one directory, atomic on the same file system). On failure the
    /// temporary file is removed and the destination is left as it was.
    /// </summary>
    /// <exception cref="IOException">The destination's directory does not exist.</exception>
    /// <exception cref="IOException">Writing or moving failed.</exception>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? throw new IOException($"cannot write '{path}': it is not a file path.");
        if (!Directory.Exists(directory))
        {
            throw new IOException($"cannot write '{path}': the directory '{directory}' does not exist.");
        }
        if (Directory.Exists(full))
        {
            throw new IOException($"cannot write '{path}': it is a directory.");
        }
        string temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
