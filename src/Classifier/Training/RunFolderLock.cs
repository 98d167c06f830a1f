namespace HardmaxCore.Classifier;

/// <summary>
/// The lock of a run folder: the file <c>.lock</c> held open with <see cref="FileShare.None"/> (an exclusive
/// <c>flock</c> on Unix) while a run writes the folder, so a second run in the same folder fails at once instead of
/// mixing its files with the first's. The operating system drops the lock when the process dies, even by <c>kill -9</c>;
/// the empty file stays.
/// </summary>
internal sealed class RunFolderLock : IDisposable
{
    /// <summary>The lock file's name in a run folder.</summary>
    public const string FileName = ".lock";

    private readonly FileStream _stream;

    private RunFolderLock(FileStream stream) => this._stream = stream;

    /// <summary>Takes the lock of <paramref name="folder"/> (created if missing).</summary>
    /// <exception cref="ClassifierException">Another run holds it.</exception>
    public static RunFolderLock Take(string folder)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, FileName);
        RequireNoLinks(folder);
        try
        {
            return new RunFolderLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1));
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new ClassifierException(
                $"another training run is writing '{folder}' (it holds {Path.Combine(folder, FileName)}); wait for it to end, or give another --out folder.", e);
        }
    }

    /// <summary>Whether <paramref name="folder"/> already holds a run: a checkpoint, a model or metrics.</summary>
    public static bool HoldsRun(string folder)
        => File.Exists(Path.Combine(folder, TrainingCheckpoint.FileName))
            || File.Exists(Path.Combine(folder, TrainingRun.ModelFileName))
            || File.Exists(Path.Combine(folder, TrainingRun.MetricsFileName));

    /// <summary>
    /// Throws when a file of the run in <paramref name="folder"/> (checkpoint, model, metrics, log) is a symbolic link:
    /// hardmax never follows links inside run folders, so a link planted in a shared folder cannot redirect a write.
    /// </summary>
    /// <exception cref="ClassifierException">One of them is a link.</exception>
    public static void RequireNoLinks(string folder)
    {
        foreach (string name in new[] { FileName, TrainingCheckpoint.FileName, TrainingRun.ModelFileName, TrainingRun.MetricsFileName, SweepExecutor.LogFileName })
        {
            string path = Path.Combine(folder, name);
            if (new FileInfo(path).LinkTarget is { } target)
            {
                throw new ClassifierException(
                    $"'{path}' is a symbolic link (to '{target}'); hardmax never follows links inside run folders. Remove the link and run again.");
            }
        }
    }

    /// <summary>Deletes <paramref name="folder"/> when it holds nothing but the lock file (a run that never started).</summary>
    public static void RemoveEmpty(string folder)
    {
        try
        {
            string[] entries = Directory.GetFileSystemEntries(folder);
            if (entries.All(entry => Path.GetFileName(entry) == FileName))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: an empty folder is harmless.
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => this._stream.Dispose();
}
