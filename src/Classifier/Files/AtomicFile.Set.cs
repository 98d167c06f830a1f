namespace HardmaxCore.Classifier;

/// <summary>A command's outputs written as a set: every target checked before any is written.</summary>
public static partial class AtomicFile
{
    /// <summary>
    /// Throws when <paramref name="path"/> could not be written by <see cref="WriteAllBytes"/>: its folder is missing, it is
    /// a folder, block device or socket, or a symbolic link out of its folder. Call it for every output before the work.
    /// </summary>
    /// <exception cref="IOException">The path cannot be written.</exception>
    public static void Check(string path) => Resolve(path);

    /// <summary>
    /// Writes several files as a set: every target is checked first (nothing is written when one cannot be), then each
    /// regular file is written to its temporary, and only when all of them are written are they renamed over their
    /// destinations, one after the other; pipes and devices are written through last. A failure before the renames
    /// leaves every destination as it was and no temporary behind.
    /// </summary>
    /// <param name="files">The destinations, each with what writes its content.</param>
    /// <exception cref="IOException">A target cannot be written, two outputs are the same file, or writing failed.</exception>
    public static void WriteSet(IReadOnlyList<(string Path, Action<Stream> Write)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var targets = new List<(string Path, string Target, bool Through, Action<Stream> Write)>();
        foreach ((string path, Action<Stream> write) in files)
        {
            (string target, bool through) = Resolve(path);
            if (targets.FirstOrDefault(t => string.Equals(t.Target, target, StringComparison.Ordinal)) is { Path: { } other })
            {
                throw new IOException($"cannot write '{path}': it is the same file as '{other}'; give each output its own path.");
            }
            targets.Add((path, target, through, write));
        }
        var staged = new List<(string Temporary, string Target)>();
        try
        {
            foreach ((string path, string target, bool through, Action<Stream> write) in targets)
            {
                if (through)
                {
                    continue;
                }
                CrashPoint.Pass("write started", target);
                string temporary = TemporaryFor(target);
                staged.Add((temporary, target));
                try
                {
                    WriteTemporary(temporary, write);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw Failure(path, temporary, e);
                }
            }
        }
        catch
        {
            staged.ForEach(s => Discard(s.Temporary));
            throw;
        }
        for (int s = 0; s < staged.Count; s++)
        {
            try
            {
                Commit(staged[s].Temporary, staged[s].Target);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                staged.Skip(s).ToList().ForEach(rest => Discard(rest.Temporary));
                throw Failure(targets.First(t => t.Target == staged[s].Target).Path, staged[s].Temporary, e);
            }
        }
        foreach ((string path, string target, bool through, Action<Stream> write) in targets)
        {
            if (through)
            {
                using var buffer = new MemoryStream();
                write(buffer);
                WriteThrough(path, target, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            }
        }
    }
}
