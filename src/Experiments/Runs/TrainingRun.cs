using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HardmaxCore.Classifier;

namespace HardmaxCore.Experiments.Runs;

/// <summary>
/// A training run in a folder (SPEC §3.2, §3.4), of either architecture (<see cref="TrainingOptions.Architecture"/>): the
/// Classifier's training loop (epochs, batches, the divergence check, validation selection, checkpoint state) with the run
/// folder around it. It takes the folder's lock, keeps the model of the best validation epoch (<c>model.bin</c>), writes an
/// atomic <c>checkpoint.bin</c>, <c>config.json</c>, <c>metrics.csv</c>, <c>metrics.json</c> (and, once finished, the model card
/// <c>README.md</c>) after every epoch, keeps the last good checkpoint when training diverges, and on cancellation saves
/// mid-epoch so <see cref="Resume"/> continues exactly. <see cref="SentimentClassifier.Train"/> is the same training in
/// memory, writing no files.
/// </summary>
public sealed class TrainingRun : ITrainingRun, ITrainingSink
{
    /// <summary>The model of the epoch chosen on validation.</summary>
    public const string ModelFileName = "model.bin";

    /// <summary>The history and settings.</summary>
    public const string MetricsFileName = "metrics.json";

    private readonly string _folder;
    private readonly TrainingSession _session;
    private readonly Provenance _provenance;
    private RunFolderLock? _lock;

    /// <summary>Whether <see cref="Start"/> created the folder (so a run that saves nothing may remove it).</summary>
    private bool Created { get; init; }

    private TrainingRun(string folder, TrainingCheckpoint state, PreparedData data, int threads, RunFolderLock? folderLock)
    {
        this._lock = folderLock;
        this._folder = folder;
        this._session = new TrainingSession(state, data, threads, this);
        this._provenance = Provenance.Start(threads, state.Options.DataPath);
    }

    /// <summary>The options of the run (for a resumed run, those stored in its checkpoint, with the new epoch total).</summary>
    public TrainingOptions Options => this._session.Options;

    /// <summary>Where this process's part of the run comes from (build, machine, data hash, start time).</summary>
    public Provenance Provenance => this._provenance;

    /// <summary>The current state (weights, optimizer, history).</summary>
    internal TrainingCheckpoint State => this._session.State;

    /// <summary>The metrics of every finished epoch, oldest first.</summary>
    public IReadOnlyList<EpochMetrics> History => this.State.History;

    /// <summary>The epoch in progress or next to run (1-based), as the checkpoint records it.</summary>
    public int Epoch => this.State.Epoch;

    /// <summary>Batches done in the current epoch (non-zero after an interruption mid-epoch).</summary>
    public int Batch => this.State.Batch;

    /// <summary>The prepared data.</summary>
    public PreparedData Data => this._session.Data;

    /// <summary>
    /// A copy of the hardmax model of <see cref="SelectedEpoch"/> as this run trained it (what <c>model.bin</c> holds), or
    /// null before the first epoch of this run or for a run of the attention baseline.
    /// </summary>
    public ClassifierModel? SelectedModel => (this._session.SelectedModel as HardmaxTrainable)?.Model;

    /// <summary>The architecture trained.</summary>
    public ClassifierArchitecture Architecture => this.State.Model.Architecture;

    /// <summary>Starts a new run in <paramref name="folder"/> on the data at <see cref="TrainingOptions.DataPath"/>.</summary>
    /// <param name="folder">The run folder (created).</param>
    /// <param name="options">What to train.</param>
    /// <param name="threads">Cores to use.</param>
    /// <param name="log">Progress and notes.</param>
    /// <param name="replace">
    /// Replace a run the folder already holds (its checkpoint, model and metrics are deleted); without it such a folder is
    /// refused.
    /// </param>
    /// <param name="cancel">Stops the loading and encoding of the data (<see cref="PreparedData.Load"/>).</param>
    /// <exception cref="ClassifierException">
    /// The folder holds a run (and <paramref name="replace"/> is false) or another run is writing it; the sizes do not fit
    /// in memory; a split is empty; the data cannot be loaded; or <see cref="TrainingOptions.DataPath"/> is null.
    /// </exception>
    /// <exception cref="OperationCanceledException">
    /// <paramref name="cancel"/> fired before the run was ready: nothing was saved, and the folder (or the lock file) this
    /// call created is removed.
    /// </exception>
    public static TrainingRun Start(string folder, TrainingOptions options, int threads, TextWriter log, bool replace = false, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        if (options.DataPath is null)
        {
            throw new ClassifierException("A training run in a folder needs TrainingOptions.DataPath; for reviews in memory use SentimentClassifier.Train.");
        }
        if (options.Architecture == ClassifierArchitecture.Hardmax)
        {
            MemoryBudget.RequireClassifier(TrainableModel.Settings(options), threads, options.BatchSize, "lower TrainingOptions.Tokens, TrainingOptions.Dimension, TrainingOptions.Layers, TrainingOptions.BatchSize or the number of threads");
        }
        if (RunFolderLock.HoldsRun(folder) && !replace)
        {
            throw new RunFolderOccupiedException(folder, Describe(folder));
        }
        bool created = !Directory.Exists(folder);
        bool lockExisted = !created && File.Exists(Path.Combine(folder, RunFolderLock.FileName));
        RunFolderLock folderLock = RunFolderLock.Take(folder);
        try
        {
            RunFolderLock.PrepareStart(folder, log);
            if (RunFolderLock.HoldsRun(folder))
            {
                if (!replace)
                {
                    throw new RunFolderOccupiedException(folder, Describe(folder));
                }
                log.WriteLine($"replacing the run in '{folder}' ({Describe(folder)}): deleting its {TrainingCheckpoint.FileName}, {ModelFileName} and {MetricsFileName}");
                foreach (string name in new[] { TrainingCheckpoint.FileName, ModelFileName, MetricsFileName })
                {
                    File.Delete(Path.Combine(folder, name));
                }
            }
            var text = new TextPipelineOptions { KeepNegations = options.KeepNegations };
            PreparedData data = PreparedData.Load(
                options.DataPath, options.Protocol, options.ValidationFraction, options.Seed, options.Limit, text, options.MinCount, options.Tokens, null, log, cancel);
            return Create(folder, options, data, threads, folderLock, created);
        }
        catch
        {
            if (lockExisted)
            {
                folderLock.Dispose();
            }
            else
            {
                folderLock.Remove();
            }
            if (created)
            {
                // Nothing was written: leave no trace of a run that never started.
                RunFolderLock.RemoveEmpty(folder);
            }
            throw;
        }
    }

    /// <summary>The new run's initial state on prepared data (<see cref="TrainingSession.Initial"/>).</summary>
    private static TrainingRun Create(string folder, TrainingOptions options, PreparedData data, int threads, RunFolderLock folderLock, bool created)
        => new(folder, TrainingSession.Initial(options, data), data, threads, folderLock) { Created = created };

    /// <summary>
    /// The training options and the number of finished epochs recorded in the checkpoint of <paramref name="folder"/>,
    /// read with every check <see cref="Resume"/> makes on the file (so a damaged checkpoint is refused the same way).
    /// </summary>
    /// <exception cref="ModelFileException">There is no checkpoint, or it is damaged.</exception>
    public static (TrainingOptions Options, int EpochsDone) Inspect(string folder)
    {
        TrainingCheckpoint state = TrainingCheckpoint.Load(Path.Combine(folder, TrainingCheckpoint.FileName));
        return (state.Options, state.History.Count);
    }

    /// <summary>Resumes the run in <paramref name="folder"/> from its checkpoint, optionally training up to more epochs.</summary>
    /// <param name="folder">The run folder.</param>
    /// <param name="epochs">The new total of epochs (none: the stored one).</param>
    /// <param name="threads">Cores to use.</param>
    /// <param name="log">Progress and notes.</param>
    /// <param name="cancel">Stops the loading and encoding of the data; the checkpoint is left unchanged.</param>
    /// <exception cref="ClassifierException">No or a damaged checkpoint, another run is writing the folder, or the data changed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> fired before the run was ready; nothing was written.</exception>
    public static TrainingRun Resume(string folder, int? epochs, int threads, TextWriter log, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (!Directory.Exists(folder))
        {
            throw new ClassifierException($"There is no run folder '{folder}'; TrainingRun.Resume takes the folder of a run begun by TrainingRun.Start.");
        }
        RunFolderLock folderLock = RunFolderLock.Take(folder);
        try
        {
            RemoveOrphans(folder, log);
            TrainingCheckpoint state = TrainingCheckpoint.Load(Path.Combine(folder, TrainingCheckpoint.FileName));
            TrainingOptions options = epochs is int total ? state.Options with { Epochs = total } : state.Options;
            if (options.DataPath is null)
            {
                throw new ClassifierException($"The checkpoint in '{folder}' names no data path, so the run cannot be resumed.");
            }
            state.Model.RequireMemory(options, threads, "use fewer threads");
            PreparedData data = PreparedData.Load(
                options.DataPath, options.Protocol, options.ValidationFraction, options.Seed, options.Limit, state.Model.Text,
                options.MinCount, options.Tokens, null, log, cancel);
            if (!data.Vocabulary.Words.SequenceEqual(state.Model.Vocabulary.Words))
            {
                throw new ClassifierException($"The data at '{options.DataPath}' gives another vocabulary than the checkpoint's; resume needs the same data.");
            }
            TrainingSession.RequireSplits(data, options.ValidationFraction);
            log.WriteLine($"resuming '{folder}' at epoch {state.Epoch}, batch {state.Batch}");
            return new TrainingRun(folder, new TrainingCheckpoint
            {
                Options = options,
                Model = state.Model,
                Optimizer = state.Optimizer,
                Epoch = state.Epoch,
                Batch = state.Batch,
                PartialLoss = state.PartialLoss,
                PartialCorrect = state.PartialCorrect,
                PartialSeconds = state.PartialSeconds,
                History = state.History,
            }, data, threads, folderLock);
        }
        catch
        {
            folderLock.Dispose();
            throw;
        }
    }

    /// <summary>Releases the run folder's lock (also released when <see cref="Run"/> returns or throws).</summary>
    public void Dispose() => this.ReleaseLock();

    /// <summary>Trains until <see cref="TrainingOptions.Epochs"/> epochs are done or <paramref name="cancel"/> fires.</summary>
    /// <returns>True when all epochs are done; false when cancelled (a checkpoint was saved).</returns>
    /// <exception cref="ClassifierException">The loss or a weight became NaN or infinite (the last good checkpoint is kept), or another run took the folder.</exception>
    public bool Run(Action<BatchProgress>? onBatch, Action<EpochMetrics>? onEpoch, CancellationToken cancel)
    {
        TrainingCheckpoint state = this.State;
        onBatch = this._files.Wrap(onBatch, () => state.Model.Alpha, this.Options.LearningRate, this.Options.BatchSize, this.Data.Train.Count,
            (state.Epoch, state.Batch, state.PartialLoss, state.PartialCorrect));
        this._lock ??= RunFolderLock.Take(this._folder);
        try
        {
            return this._session.Run(onBatch, onEpoch, cancel);
        }
        catch when (this.Created && !RunFolderLock.HoldsRun(this._folder))
        {
            // Failed before anything was saved: leave no folder holding only the lock.
            this.ReleaseLock();
            RunFolderLock.RemoveEmpty(this._folder);
            throw;
        }
        finally
        {
            this.ReleaseLock();
        }
    }

    /// <inheritdoc/>
    void ITrainingSink.ModelSelected(TrainableModel model, int epoch)
        => model.Save(Path.Combine(this._folder, ModelFileName), new JsonObject
        {
            ["epoch"] = epoch,
            ["training"] = JsonSerializer.SerializeToNode(this.Options, TrainingJson.Options),
            ["provenance"] = this._provenance.Finish().ToJson(),
        });

    /// <inheritdoc/>
    void ITrainingSink.CheckpointDue(TrainingCheckpoint state) => state.Save(Path.Combine(this._folder, TrainingCheckpoint.FileName));

    /// <inheritdoc/>
    void ITrainingSink.HistoryChanged() => this.WriteMetrics();

    /// <inheritdoc/>
    string ITrainingSink.Kept(TrainingCheckpoint state)
        => File.Exists(Path.Combine(this._folder, TrainingCheckpoint.FileName))
            ? $"the last good checkpoint ({Path.Combine(this._folder, TrainingCheckpoint.FileName)}, saved after epoch {state.History.LastOrDefault()?.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}) is kept"
            : "nothing was saved (no epoch had finished)";

    /// <summary>The run files a folder holds, e.g. "checkpoint.bin, model.bin, metrics.json".</summary>
    private static string Describe(string folder)
        => string.Join(", ", new[] { TrainingCheckpoint.FileName, ModelFileName, MetricsFileName }.Where(name => File.Exists(Path.Combine(folder, name))));

    private static void RemoveOrphans(string folder, TextWriter log)
    {
        IReadOnlyList<string> removed = AtomicFile.RemoveOrphans(folder);
        if (removed.Count > 0)
        {
            log.WriteLine($"removed {removed.Count} temporary file(s) left by an interrupted process: {string.Join(", ", removed)}");
        }
    }

    private void ReleaseLock()
    {
        this._lock?.Dispose();
        this._lock = null;
    }

    /// <summary>The epoch with the best validation accuracy (the earliest on ties), or null before the first epoch.</summary>
    public EpochMetrics? SelectedEpoch() => this._session.SelectedEpoch();

    /// <summary>config.json, metrics.csv and the model card.</summary>
    private readonly RunFolderFiles _files = new();

    private void WriteMetrics()
    {
        List<EpochMetrics> history = this.State.History;
        EpochMetrics? selected = this.SelectedEpoch();
        EpochMetrics? bestTest = history.OrderByDescending(m => m.TestAccuracy).ThenBy(m => m.Epoch).FirstOrDefault();
        bool finished = history.Count > 0 && history[^1].Epoch >= this.Options.Epochs;
        var metrics = new JsonObject
        {
            ["settings"] = JsonSerializer.SerializeToNode(this.Options, TrainingJson.Options),
            ["data"] = new JsonObject
            {
                ["train"] = this.Data.Train.Count,
                ["validation"] = this.Data.Validation.Count,
                ["test"] = this.Data.Test.Count,
                ["vocabulary"] = this.Data.Vocabulary.Count,
            },
            ["parameters"] = this.State.Model.ParameterCount,
            ["threads"] = this._session.Threads,
            ["provenance"] = this._provenance.Finish().ToJson(),
            ["finished"] = finished,
            ["peakWorkingSetBytes"] = PeakMemory.Bytes(),
            ["peakWorkingSetNote"] = "Process.PeakWorkingSet64 of the process that trained (VmHWM); a sweep restarts it before each run on Linux, but runs trained side by side (a sweep's parallel runs) share one process and one peak",
            ["epochs"] = JsonSerializer.SerializeToNode(history, TrainingJson.Options),
            ["selectedEpoch"] = selected?.Epoch,
            ["selected"] = selected is null ? null : JsonSerializer.SerializeToNode(selected, TrainingJson.Options),
            ["final"] = history.Count == 0 ? null : JsonSerializer.SerializeToNode(history[^1], TrainingJson.Options),
            ["bestTestEpoch"] = bestTest is null ? null : new JsonObject
            {
                ["note"] = "best test epoch, reported only for comparison with [AFZ]; the model is selected on validation",
                ["epoch"] = bestTest.Epoch,
                ["testAccuracy"] = TrainingJson.Number(bestTest.TestAccuracy),
                ["testAccuracyHardmax"] = TrainingJson.Number(bestTest.TestAccuracyHardmax),
            },
        };
        // config.json, metrics.csv and the card first: metrics.json is written last, so a run killed between the two
        // leaves a folder whose metrics.json still describes the files beside it.
        this._files.Write(this._folder, this.Options, history, finished ? ModelCard.Create(this._folder, this.Options, this.Data, history, this._session.Threads) : null);
        AtomicFile.WriteAllBytes(
            Path.Combine(this._folder, MetricsFileName),
            Encoding.UTF8.GetBytes(metrics.ToJsonString(TrainingJson.Options)));
    }
}
