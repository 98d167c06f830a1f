using System.Globalization;
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
        string path = RequireCheckpoint(folder);
        ClassifierArchitecture kind = AttentionModel.ArchitectureOf(path, "checkpoint");
        RunFolderKinds.RequireOneKind(folder, kind);
        return TrainingRun.Resume(folder, epochs, threads, log, cancel);
    }

    /// <summary>
    /// The options of a new run from what was given, as <c>hardmax train</c> binds them: every run-shaping value (a
    /// <see cref="SweepAxis.Names"/> axis with its canonical text) through <see cref="SweepAxis.Apply"/>, the path a sweep's
    /// values take, then the seed; with <paramref name="fromFile"/> (a run's config.json) its settings with only the given
    /// ones on top (<see cref="RunFolderFiles.Overlay"/>). Everything not given is <see cref="TrainingOptions"/>' default.
    /// </summary>
    /// <param name="fromFile">The settings of a config.json, or null.</param>
    /// <param name="given">The run-shaping values given.</param>
    /// <param name="seed">The seed, if given.</param>
    /// <param name="dataPath">The data path given (resolved), or null to take the file's.</param>
    /// <exception cref="ExperimentException">A setting of the hardmax architecture (layers, temperature, padding mask) given for the attention baseline.</exception>
    /// <exception cref="ArgumentException">A value out of range (the message names the property).</exception>
    public static TrainingOptions Compose(TrainingOptions? fromFile, IReadOnlyList<(string Axis, string Value)> given, int? seed, string? dataPath)
    {
        ArgumentNullException.ThrowIfNull(given);
        var options = new TrainingOptions { Architecture = fromFile?.Architecture ?? new TrainingOptions().Architecture, DataPath = dataPath ?? fromFile?.DataPath };
        foreach ((string axis, string value) in given.Where(g => g.Axis == "architecture"))
        {
            options = SweepAxis.Apply(options, axis, value);
        }
        if (options.Architecture == ClassifierArchitecture.Attention && given.FirstOrDefault(g => g.Axis is "layers" or "temperature" or "mask-padding") is ({ } hardmaxOnly, _))
        {
            throw new ExperimentException(
                $"{SweepAxis.Property(hardmaxOnly)} belongs to the hardmax architecture; the attention model has one head, no temperature, and always masks the padding.");
        }
        options = given.Aggregate(options, (o, g) => SweepAxis.Apply(o, g.Axis, g.Value));
        options = seed is int s ? options with { Seed = s } : options;
        if (fromFile is null)
        {
            return options;
        }
        // config.json's property names: the camel-case names of the TrainingOptions properties the values set.
        IEnumerable<string> names = given.Select(g => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(SweepAxis.Property(g.Axis)[(nameof(TrainingOptions).Length + 1)..]))
            .Concat(dataPath is null ? [] : ["dataPath"]).Concat(seed is null ? [] : ["seed"]);
        return RunFolderFiles.Overlay(fromFile, options, names.ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>The path of the checkpoint of <paramref name="folder"/>.</summary>
    /// <exception cref="ModelFileException">There is none (saying so when the run was killed before its first checkpoint).</exception>
    private static string RequireCheckpoint(string folder)
    {
        string path = Path.Combine(folder, TrainingCheckpoint.FileName);
        if (!File.Exists(path))
        {
            throw new ModelFileException(KilledBeforeFirstCheckpoint(folder)
                ? $"There is no checkpoint at '{path}': the run was killed before its first checkpoint, so nothing can be continued; start it again in the same folder (no replacing needed)."
                : $"There is no checkpoint at '{path}': resuming takes the folder of a run started earlier (TrainingRun.Start).");
        }
        return path;
    }

    /// <summary>
    /// Refuses, before any data is loaded, a resume that would silently ignore what it is given: a run-shaping value
    /// (a <see cref="SweepAxis.Names"/> axis with its canonical text, <see cref="SweepAxis.ValueOf"/>) that differs from the
    /// checkpoint's, another seed or data path, or a new total of epochs not above the epochs already done (none given for a
    /// finished run whose metrics are written). Messages name the properties (<c>TrainingOptions.Dimension 4 (the run has 2)</c>).
    /// </summary>
    /// <exception cref="ModelFileException">There is no checkpoint, or it is damaged.</exception>
    /// <exception cref="ExperimentException">A conflict, or nothing to train.</exception>
    public static void CheckResume(string folder, IEnumerable<(string Axis, string Value)> given, int? seed, string? dataPath, int? epochs)
    {
        RequireCheckpoint(folder);
        (TrainingOptions stored, int done) = Inspect(folder);
        CultureInfo c = CultureInfo.InvariantCulture;
        var conflicts = new List<string>();
        foreach ((string axis, string value) in given)
        {
            // Epochs is the new total, checked below.
            string held = SweepAxis.ValueOf(stored, axis);
            if (axis != "epochs" && value != held)
            {
                conflicts.Add(held is "true" or "false"
                    ? $"{SweepAxis.Property(axis)} (the run has it {(held == "true" ? "on" : "off")})"
                    : $"{SweepAxis.Property(axis)} {value} (the run has {held})");
            }
        }
        if (seed is int s && s != stored.Seed)
        {
            conflicts.Add(string.Create(c, $"TrainingOptions.Seed {s} (the run has {stored.Seed})"));
        }
        if (dataPath is not null && (stored.DataPath is null || Path.GetFullPath(dataPath) != Path.GetFullPath(stored.DataPath)))
        {
            conflicts.Add($"TrainingOptions.DataPath {dataPath} (the run has {stored.DataPath})");
        }
        if (conflicts.Count > 0)
        {
            throw new ExperimentException(
                $"the run in '{folder}' resumes with its stored settings, which these options would change: {string.Join("; ", conflicts)}. Drop them, or start a new run in another folder.");
        }
        if (epochs is int total && total <= done)
        {
            throw new ExperimentException(string.Create(c,
                $"TrainingOptions.Epochs {total}: the run in '{folder}' has already done {done} epochs, so there is nothing to train; give TrainingOptions.Epochs above {done} (the new total)."));
        }
        if (epochs is null && done >= stored.Epochs && !MetricsUnfinished(folder))
        {
            throw new ExperimentException(string.Create(c,
                $"the run in '{folder}' has finished its {stored.Epochs} epochs; give TrainingOptions.Epochs N with N > {done} to train more."));
        }
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
