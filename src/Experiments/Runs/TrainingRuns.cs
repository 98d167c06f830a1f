using HardmaxCore.Classifier;

namespace HardmaxCore.Experiments.Runs;

/// <summary>Starts or resumes the training run of the architecture the options or the checkpoint name.</summary>
internal static class TrainingRuns
{
    /// <summary>Starts a new run in <paramref name="folder"/> of the architecture <see cref="TrainingOptions.Architecture"/> names (<see cref="TrainingRun.Start"/>).</summary>
    public static ITrainingRun Start(string folder, TrainingOptions options, int threads, TextWriter log, bool replace = false, CancellationToken cancel = default)
        => TrainingRun.Start(folder, options, threads, log, replace, cancel);

    /// <summary>Resumes the run in <paramref name="folder"/> with the architecture its checkpoint records.</summary>
    /// <exception cref="ModelFileException">No checkpoint, or a damaged one.</exception>
    public static ITrainingRun Resume(string folder, int? epochs, int threads, TextWriter log, CancellationToken cancel = default)
    {
        string path = Path.Combine(folder, TrainingCheckpoint.FileName);
        if (!File.Exists(path))
        {
            throw new ModelFileException(KilledBeforeFirstCheckpoint(folder)
                ? $"There is no checkpoint at '{path}': the run was killed before its first checkpoint, so nothing can be continued; start it again in the same folder (no replacing needed)."
                : $"There is no checkpoint at '{path}'; TrainingRun.Resume takes the folder of a run begun by TrainingRun.Start.");
        }
        ClassifierArchitecture kind = AttentionModel.ArchitectureOf(path, "checkpoint");
        RunFolderKinds.RequireOneKind(folder, kind);
        return TrainingRun.Resume(folder, epochs, threads, log, cancel);
    }

    /// <summary>
    /// Whether the <c>metrics.json</c> of <paramref name="folder"/> is missing, unreadable or not marked finished: after a
    /// kill between the last checkpoint and the last metrics a resume has nothing to train but the metrics to write.
    /// </summary>
    public static bool MetricsUnfinished(string folder)
    {
        try
        {
            byte[] bytes = UserFile.ReadAllBytes(Path.Combine(folder, TrainingRun.MetricsFileName), "metrics file", UserFile.TextFileCap);
            return System.Text.Json.Nodes.JsonNode.Parse(bytes)?["finished"]?.GetValue<bool>() != true;
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return true;
        }
    }

    /// <summary>Whether the run in <paramref name="folder"/> was killed between its first model and its first checkpoint (start it again; nothing to resume).</summary>
    public static bool KilledBeforeFirstCheckpoint(string folder) => RunFolderLock.KilledBeforeFirstCheckpoint(folder);

    /// <summary>
    /// The training options and the number of finished epochs recorded in the checkpoint of <paramref name="folder"/>,
    /// whatever the architecture, read with the checks resuming makes (a damaged checkpoint is refused the same way).
    /// </summary>
    /// <exception cref="ModelFileException">There is no checkpoint, or it is damaged.</exception>
    public static (TrainingOptions Options, int EpochsDone) Inspect(string folder) => TrainingRun.Inspect(folder);
}
