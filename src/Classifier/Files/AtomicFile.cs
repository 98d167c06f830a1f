using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace HardmaxCore.Classifier;

/// <summary>Writes a file so that readers see the old content or the new, never a half-written file.</summary>
/// <remarks>
/// A regular destination (or a new one) is written to a temporary file <c>.&lt;name&gt;.&lt;pid&gt;.&lt;guid&gt;.tmp</c>
/// in the destination's folder, flushed to disk, given the mode (and, when the process may, the owner) of the file it
/// replaces, renamed over the destination, and the folder is flushed so the rename survives a crash. A symbolic link is
/// followed only when its final target lies in the link's own folder (the target is replaced, the link stays); a link
/// that leads out of its folder is refused (<see cref="LinkPolicy"/>), so a link planted in a shared folder cannot make
/// the tool overwrite a file elsewhere. A destination that is not a
/// regular file but can be written (a named pipe, a character device such as <c>/dev/stdout</c> or <c>/dev/null</c>) is
/// written through, since renaming over it would replace the device; a block device or socket is refused. Errors name
/// the user's path, never the temporary file. Temporaries left by a killed process are removed by
/// <see cref="RemoveOrphans"/>.
/// <code>
/// AtomicFile.Write("runs/a/model.bin", stream => stream.Write(bytes));
/// </code>
/// </remarks>
public static partial class AtomicFile
{
    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    /// <exception cref="IOException">The folder does not exist, the path is a folder, block device or socket, or writing failed.</exception>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        (string target, bool through) = Resolve(path);
        if (through)
        {
            WriteThrough(path, target, bytes.ToArray().AsSpan());
            return;
        }
        CrashPoint.Pass("write started", target);
        string temporary = TemporaryFor(target);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1))
            {
                CrashPoint.Pass("temporary created", temporary);
                stream.Write(bytes);
                CrashPoint.Pass("temporary written", temporary);
                stream.Flush(flushToDisk: true);
            }
            CrashPoint.Pass("temporary flushed", temporary);
            Commit(temporary, target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Discard(temporary);
            throw Failure(path, temporary, e);
        }
        catch
        {
            Discard(temporary);
            throw;
        }
    }

    /// <summary>
    /// Writes <paramref name="path"/> atomically by streaming: <paramref name="write"/> gets a stream on the temporary file
    /// (or on the destination itself when that is a pipe or character device).
    /// </summary>
    /// <exception cref="IOException">The folder does not exist, the path is a folder, block device or socket, or writing failed.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        (string target, bool through) = Resolve(path);
        if (through)
        {
            try
            {
                using var stream = new FileStream(target, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1 << 16);
                write(stream);
                stream.Flush();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Failure(path, target, e);
            }
            return;
        }
        CrashPoint.Pass("write started", target);
        string temporary = TemporaryFor(target);
        try
        {
            WriteTemporary(temporary, write);
            Commit(temporary, target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Discard(temporary);
            throw Failure(path, temporary, e);
        }
        catch
        {
            Discard(temporary);
            throw;
        }
    }

    /// <summary>
    /// Removes the temporaries (<c>.&lt;name&gt;.&lt;pid&gt;.&lt;guid&gt;.tmp</c>) in <paramref name="folder"/> whose process is
    /// no longer running: what a <c>kill -9</c> during a write leaves behind.
    /// </summary>
    /// <returns>The names removed.</returns>
    public static IReadOnlyList<string> RemoveOrphans(string folder)
    {
        var removed = new List<string>();
        if (!Directory.Exists(folder))
        {
            return removed;
        }
        foreach (string file in Directory.EnumerateFiles(folder, ".*.tmp"))
        {
            Match match = TemporaryName().Match(Path.GetFileName(file));
            if (!match.Success || !int.TryParse(match.Groups["pid"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }
            if (IsAlive(pid))
            {
                continue;
            }
            try
            {
                File.Delete(file);
                removed.Add(Path.GetFileName(file));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left for the next time; not worth failing a run over.
            }
        }
        return removed;
    }

    /// <summary>Whether a process with this id is running (this process always is).</summary>
    internal static bool IsAlive(int pid)
    {
        if (pid == Environment.ProcessId)
        {
            return true;
        }
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// Where to write and how: the final target of a symbolic link (or the path itself), and whether it must be written
    /// through because it is a pipe or character device.
    /// </summary>
    private static (string Target, bool Through) Resolve(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        FileKind kind = Posix.KindOf(full);
        switch (kind)
        {
            case FileKind.Pipe or FileKind.CharacterDevice:
                return (full, true);
            case FileKind.Directory:
                throw new IOException($"cannot write '{path}': it is a directory.");
            case FileKind.BlockDevice or FileKind.Socket:
                throw new IOException($"cannot write '{path}': it is a {(kind == FileKind.Socket ? "socket" : "block device")}, not a file; give a file path.");
        }
        string target = full;
        if (new FileInfo(full).LinkTarget is not null && File.ResolveLinkTarget(full, returnFinalTarget: true) is { } link)
        {
            if (full.StartsWith("/proc/", StringComparison.Ordinal) || full.StartsWith("/dev/", StringComparison.Ordinal))
            {
                // /dev/stdout → /proc/self/fd/1 → the file the shell opened: write into it, as a shell redirect does.
                return (full, true);
            }
            target = link.FullName;
            RequireLinkInsideFolder(path, full, target);
        }
        string directory = Path.GetDirectoryName(target) ?? throw new IOException($"cannot write '{path}': it is not a file path.");
        if (!Directory.Exists(directory))
        {
            throw new IOException($"cannot write '{path}': the directory '{directory}' does not exist.");
        }
        return (target, false);
    }

    /// <summary>Creates <paramref name="temporary"/> (it must not exist), writes it and flushes it to disk, passing the crash points of each step.</summary>
    private static void WriteTemporary(string temporary, Action<Stream> write)
    {
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
        {
            CrashPoint.Pass("temporary created", temporary);
            write(stream);
            CrashPoint.Pass("temporary written", temporary);
            stream.Flush(flushToDisk: true);
        }
        CrashPoint.Pass("temporary flushed", temporary);
    }

    /// <summary>Writes a whole buffer into a pipe or device.</summary>
    private static void WriteThrough(string path, string target, Span<byte> bytes)
    {
        try
        {
            using var stream = new FileStream(target, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1);
            stream.Write(bytes);
            if (Posix.KindOf(target) == FileKind.Regular)
            {
                // A regular file reached through /dev/stdout: drop what a longer old content left after ours.
                stream.SetLength(stream.Position);
            }
            stream.Flush();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failure(path, target, e);
        }
    }

    private static string TemporaryFor(string target)
        => Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");

    /// <summary>
    /// Renames the temporary over the target, then flushes the folder so the rename is on disk. A regular file replaced
    /// keeps its mode, and its owner when this process may set it (root): the temporary gets both before the rename.
    /// </summary>
    private static void Commit(string temporary, string target)
    {
        KeepModeAndOwner(temporary, target);
        File.Move(temporary, target, overwrite: true);
        CrashPoint.Pass("renamed", target);
        Posix.SyncFolder(Path.GetDirectoryName(target)!);
        CrashPoint.Pass("folder flushed", target);
    }

    private static void Discard(string temporary)
    {
        try
        {
            File.Delete(temporary);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The original error matters more.
        }
    }

    /// <summary>An error that names the user's path: the temporary's name is replaced in the system's message.</summary>
    private static IOException Failure(string path, string temporary, Exception e)
    {
        string reason = e.Message.Replace(temporary, path, StringComparison.Ordinal);
        return new IOException($"cannot write '{path}': {reason}", e);
    }

    [GeneratedRegex(@"^\..+\.(?<pid>[0-9]+)\.[0-9a-f]{32}\.tmp$")]
    private static partial Regex TemporaryName();
}
