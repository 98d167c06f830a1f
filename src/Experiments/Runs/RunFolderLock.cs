using HardmaxCore.Classifier;

namespace HardmaxCore.Experiments.Runs;

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

    /// <summary>
    /// The log a sweep appends to inside each run folder (the experiments' SweepExecutor writes it); listed here so the
    /// lock refuses a link in its place like the run's other files.
    /// </summary>
    public const string LogFileName = "train.log";

    private readonly FileStream _stream;

    private RunFolderLock(FileStream stream) => this._stream = stream;

    /// <summary>Takes the lock of <paramref name="folder"/> (created if missing).</summary>
    /// <exception cref="RunFolderBusyException">Another run holds it.</exception>
    /// <exception cref="ClassifierException">A file of the run is a symbolic link.</exception>
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
            throw new RunFolderBusyException(
                $"another training run is writing '{folder}' (it holds {Path.Combine(folder, FileName)}); wait for it to end, or choose another folder.", e);
        }
    }

    /// <summary>
    /// Whether <paramref name="folder"/> already holds a run: a checkpoint, a model or metrics, except the model alone
    /// that a run killed before its first checkpoint leaves (<see cref="KilledBeforeFirstCheckpoint"/>).
    /// </summary>
    public static bool HoldsRun(string folder)
        => (File.Exists(Path.Combine(folder, TrainingCheckpoint.FileName))
            || File.Exists(Path.Combine(folder, TrainingRun.ModelFileName))
            || File.Exists(Path.Combine(folder, TrainingRun.MetricsFileName)))
            && !KilledBeforeFirstCheckpoint(folder);

    /// <summary>
    /// Whether <paramref name="folder"/> holds a <c>model.bin</c> but neither <c>checkpoint.bin</c> nor <c>metrics.json</c>:
    /// an epoch ends by writing the model, then the checkpoint, then the metrics, so this is a run killed between its first
    /// model and its first checkpoint. Nothing of it can be continued; a new start in the folder replaces the model without
    /// <c>--force</c>. (A finished run whose checkpoint was deleted to save space keeps its metrics.json, and stays a run.)
    /// </summary>
    public static bool KilledBeforeFirstCheckpoint(string folder)
        => File.Exists(Path.Combine(folder, TrainingRun.ModelFileName))
            && !File.Exists(Path.Combine(folder, TrainingCheckpoint.FileName))
            && !File.Exists(Path.Combine(folder, TrainingRun.MetricsFileName));

    /// <summary>
    /// Before a new start in a folder whose lock this process holds: removes the temporaries of dead processes and the
    /// model of a run killed before its first checkpoint, saying so in <paramref name="log"/>.
    /// </summary>
    public static void PrepareStart(string folder, TextWriter log)
    {
        IReadOnlyList<string> removed = AtomicFile.RemoveOrphans(folder);
        if (removed.Count > 0)
        {
            log.WriteLine($"removed {removed.Count} temporary file(s) left by an interrupted process: {string.Join(", ", removed)}");
        }
        if (KilledBeforeFirstCheckpoint(folder))
        {
            log.WriteLine($"'{folder}' holds a {TrainingRun.ModelFileName} but no {TrainingCheckpoint.FileName}: a run killed before its first checkpoint; starting it again");
            File.Delete(Path.Combine(folder, TrainingRun.ModelFileName));
        }
    }

    /// <summary>
    /// Throws when a file of the run in <paramref name="folder"/> (checkpoint, model, metrics, log) is a symbolic link:
    /// hardmax never follows links inside run folders, so a link planted in a shared folder cannot redirect a write.
    /// </summary>
    /// <exception cref="ClassifierException">One of them is a link.</exception>
    public static void RequireNoLinks(string folder)
    {
        foreach (string name in new[] { FileName, TrainingCheckpoint.FileName, TrainingRun.ModelFileName, TrainingRun.MetricsFileName, LogFileName })
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

    /// <summary>
    /// Deletes the lock file and releases the lock (for a run that saved nothing in a folder whose lock file it created).
    /// The file is deleted while still held, so no other run can have locked it in between; where an open file cannot be
    /// deleted (Windows) it stays, as after <see cref="Dispose"/>.
    /// </summary>
    public void Remove()
    {
        try
        {
            File.Delete(this._stream.Name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: an empty lock file is harmless.
        }
        this._stream.Dispose();
    }
}
