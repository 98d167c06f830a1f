namespace HardmaxCore.Classifier;

/// <summary>The symbolic-link policy of <see cref="AtomicFile"/> and the mode and owner a replaced file keeps.</summary>
public static partial class AtomicFile
{
    /// <summary>The policy on symbolic links, as the README's "Failure behaviour" states it.</summary>
    public const string LinkPolicy =
        "hardmax writes through a symbolic link only when the link's final target is in the link's own folder; a link that leads out of its folder is refused";

    /// <summary>
    /// Throws unless <paramref name="target"/> (the final target of the link <paramref name="full"/>) is in the link's
    /// own folder: a link planted in a shared or run folder must not turn a write into an overwrite of a file elsewhere
    /// (as root, of any file on the system).
    /// </summary>
    /// <exception cref="IOException">The link leads out of its folder.</exception>
    private static void RequireLinkInsideFolder(string path, string full, string target)
    {
        string linkFolder = Path.TrimEndingDirectorySeparator(Path.GetDirectoryName(Path.GetFullPath(full)) ?? "/");
        string targetFolder = Path.TrimEndingDirectorySeparator(Path.GetDirectoryName(Path.GetFullPath(target)) ?? "/");
        if (!string.Equals(linkFolder, targetFolder, StringComparison.Ordinal))
        {
            throw new IOException(
                $"cannot write '{path}': it is a symbolic link to '{target}', outside the link's folder; {LinkPolicy}. Remove the link, or give the target's own path.");
        }
    }

    /// <summary>Gives <paramref name="temporary"/> the mode and owner of the regular file <paramref name="target"/> it will replace.</summary>
    private static void KeepModeAndOwner(string temporary, string target)
    {
        if (OperatingSystem.IsWindows() || Posix.KindOf(target) != FileKind.Regular)
        {
            return;
        }
        try
        {
            File.SetUnixFileMode(temporary, File.GetUnixFileMode(target));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The content matters more than the mode.
        }
        if (Posix.OwnerOf(target) is (uint user, uint group) && Posix.OwnerOf(temporary) is (uint tempUser, uint tempGroup)
            && (user != tempUser || group != tempGroup))
        {
            // Succeeds for root (and for a group change the user may make); otherwise the new file stays the writer's.
            Posix.TryChangeOwner(temporary, user, group);
        }
    }

    /// <summary>
    /// Opens a log file for appending (created when missing), refusing a symbolic link or anything but a regular file:
    /// the files of a run folder are never links, so a link planted there cannot redirect the log elsewhere.
    /// </summary>
    /// <exception cref="IOException">The path is a link, a folder, pipe, device or socket, or cannot be opened.</exception>
    public static FileStream OpenAppend(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (new FileInfo(path).LinkTarget is not null)
        {
            throw new IOException($"cannot append to '{path}': it is a symbolic link, and hardmax never follows links inside run folders; remove the link.");
        }
        FileKind kind = Posix.KindOf(Path.GetFullPath(path));
        if (kind is not (FileKind.Missing or FileKind.Regular or FileKind.Unknown))
        {
            throw new IOException($"cannot append to '{path}': it is not a regular file.");
        }
        var stream = new AppendStream(path);
        CrashPoint.Pass("opened for appending", path);
        return stream;
    }

    /// <summary>A log opened for appending whose every flush (each append that reaches the file) is a <see cref="CrashPoint"/>.</summary>
    private sealed class AppendStream(string path) : FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 1 << 12)
    {
        /// <inheritdoc/>
        public override void Flush(bool flushToDisk)
        {
            base.Flush(flushToDisk);
            CrashPoint.Pass("appended", this.Name);
        }
    }
}
