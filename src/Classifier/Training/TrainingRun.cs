using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HardmaxCore.Classifier;

/// <summary>
/// A training run in a folder (SPEC §3.2, §3.4), of either architecture (<see cref="TrainingOptions.Architecture"/>): trains
/// epoch by epoch, evaluates on validation and test (the hardmax model with softmax and hardmax layers, the attention
/// baseline once), keeps the model of the best validation epoch (<c>model.bin</c>), writes <c>metrics.json</c> and an
/// atomic <c>checkpoint.bin</c> after every epoch, stops with the last good checkpoint kept when training diverges, and on
/// cancellation saves mid-epoch so a resume continues exactly. The one epoch loop of both architectures: they differ only
/// in their step and evaluation (<see cref="TrainableModel"/>).
/// </summary>
public sealed class TrainingRun : ITrainingRun
{
    /// <summary>The model of the epoch chosen on validation.</summary>
    public const string ModelFileName = "model.bin";

    /// <summary>The history and settings.</summary>
    public const string MetricsFileName = "metrics.json";

    private readonly string? _folder;
    private readonly TrainingOptions _options;
    private readonly PreparedData _data;
    private readonly int _threads;
    private readonly Provenance _provenance;
    private TrainingCheckpoint _state;
    private RunFolderLock? _lock;
    private TrainableModel? _selectedModel;

    /// <summary>Whether <see cref="Start"/> created the folder (so a run that saves nothing may remove it).</summary>
    private bool Created { get; init; }

    private TrainingRun(string? folder, TrainingCheckpoint state, PreparedData data, int threads, RunFolderLock? folderLock)
    {
        this._lock = folderLock;
        this._folder = folder;
        this._options = state.Options;
        this._state = state;
        this._data = data;
        this._threads = threads;
        this._provenance = Provenance.Start(threads, state.Options.DataPath);
    }

    /// <summary>The options of the run (for a resumed run, those stored in its checkpoint, with the new epoch total).</summary>
    public TrainingOptions Options => this._options;

    /// <summary>Where this process's part of the run comes from (build, machine, data hash, start time).</summary>
    public Provenance Provenance => this._provenance;

    /// <summary>The current state (weights, optimizer, history).</summary>
    internal TrainingCheckpoint State => this._state;

    /// <summary>The metrics of every finished epoch, oldest first.</summary>
    public IReadOnlyList<EpochMetrics> History => this._state.History;

    /// <summary>The epoch in progress or next to run (1-based), as the checkpoint records it.</summary>
    public int Epoch => this._state.Epoch;

    /// <summary>Batches done in the current epoch (non-zero after an interruption mid-epoch).</summary>
    public int Batch => this._state.Batch;

    /// <summary>The prepared data.</summary>
    public PreparedData Data => this._data;

    /// <summary>
    /// A copy of the hardmax model of <see cref="SelectedEpoch"/> as this run trained it (what <c>model.bin</c> holds), or
    /// null before the first epoch of this run or for a run of the attention baseline.
    /// </summary>
    public ClassifierModel? SelectedModel => (this._selectedModel as HardmaxTrainable)?.Model;

    /// <summary>The architecture trained.</summary>
    public ClassifierArchitecture Architecture => this._state.Model.Architecture;

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

    /// <summary>A run on an existing split that writes no files (<see cref="SentimentClassifier.Train"/>).</summary>
    internal static TrainingRun InMemory(DatasetSplit split, TrainingOptions options, int threads)
    {
        if (options.Architecture == ClassifierArchitecture.Hardmax)
        {
            MemoryBudget.RequireClassifier(TrainableModel.Settings(options), threads, options.BatchSize, "lower Tokens, Dimension, Layers, BatchSize or the threads");
        }
        var text = new TextPipelineOptions { KeepNegations = options.KeepNegations };
        return Create(null, options, PreparedData.Encode(split, text, options.MinCount, options.Tokens, null), threads, null, created: false);
    }

    /// <summary>The new run's initial state on prepared data: splits checked, memory budgeted, weights initialised.</summary>
    private static TrainingRun Create(string? folder, TrainingOptions options, PreparedData data, int threads, RunFolderLock? folderLock, bool created)
    {
        RequireSplits(data, options.ValidationFraction);
        MemoryBudget.RequireModel(data.Vocabulary.Count, options.Dimension, "lower TrainingOptions.Dimension, or raise TrainingOptions.MinCount for a smaller vocabulary");
        TrainableModel model = TrainableModel.Initialize(options, data.Pipeline.Options, data.Vocabulary);
        var optimizer = new AdamOptimizer(model.Arrays.Select(a => a.Length).ToArray(), options.LearningRate, options.Optimizer);
        return new TrainingRun(folder, new TrainingCheckpoint { Options = options, Model = model, Optimizer = optimizer }, data, threads, folderLock)
        {
            Created = created,
        };
    }

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
            RequireSplits(data, options.ValidationFraction);
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
        if (this._folder is null)
        {
            return this.RunLocked(onBatch, onEpoch, cancel);
        }
        onBatch = this._files.Wrap(onBatch, () => this._state.Model.Alpha, this._options.LearningRate, this._options.BatchSize, this._data.Train.Count,
            (this._state.Epoch, this._state.Batch, this._state.PartialLoss, this._state.PartialCorrect));
        this._lock ??= RunFolderLock.Take(this._folder);
        try
        {
            return this.RunLocked(onBatch, onEpoch, cancel);
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

    private bool RunLocked(Action<BatchProgress>? onBatch, Action<EpochMetrics>? onEpoch, CancellationToken cancel)
    {
        TrainableModel model = this._state.Model;
        EncodedReviews train = this._data.Train;
        using ITrainingStep trainer = model.Step(this._state.Optimizer, this._options, this._threads);
        int batchSize = this._options.BatchSize;
        int batches = (train.Count + batchSize - 1) / batchSize;
        int firstEpoch = this._state.Epoch;
        for (int epoch = this._state.Epoch; epoch <= this._options.Epochs; epoch++)
        {
            // The same shuffle for both architectures: with the same seed they see the reviews in the same order.
            int[] order = Trainer.EpochOrder(train.Count, this._options.Seed, epoch);
            double loss = this._state.PartialLoss;
            long correct = this._state.PartialCorrect;
            double trainSeconds = this._state.PartialSeconds;
            int firstBatch = this._state.Batch;
            var clock = Stopwatch.StartNew();
            for (int b = firstBatch; b < batches; b++)
            {
                if (cancel.IsCancellationRequested)
                {
                    this.Checkpoint(epoch, b, loss, correct, trainSeconds + clock.Elapsed.TotalSeconds);
                    this.WriteMetrics(); // metrics.csv keeps the step rows up to the checkpoint, so a resumed run's file has every step once
                    return false;
                }
                int start = b * batchSize;
                (double batchLoss, int batchCorrect) = trainer.TrainBatch(train, order, start, Math.Min(batchSize, train.Count - start));
                if (!double.IsFinite(batchLoss) || !model.WeightsFinite())
                {
                    throw this.Diverged(epoch, b, batches, batchLoss);
                }
                loss += batchLoss;
                correct += batchCorrect;
                int seen = Math.Min((b + 1) * batchSize, train.Count);
                onBatch?.Invoke(new BatchProgress(epoch, b + 1, batches, loss / seen, (double)correct / seen,
                    (seen - firstBatch * batchSize) / Math.Max(1e-9, clock.Elapsed.TotalSeconds)));
            }
            trainSeconds += clock.Elapsed.TotalSeconds;
            double trainedReviews = train.Count;
            EpochMetrics metrics = this.Evaluate(trainer, epoch, loss / train.Count, correct / trainedReviews, trainSeconds, train.Count / trainSeconds);
            this._state.History.Add(metrics);
            if (this.SelectedEpoch()?.Epoch == epoch)
            {
                this._selectedModel = model.Clone();
                if (this._folder is not null)
                {
                    model.Save(Path.Combine(this._folder, ModelFileName), new JsonObject
                    {
                        ["epoch"] = epoch,
                        ["training"] = JsonSerializer.SerializeToNode(this._options, TrainingJson.Options),
                        ["provenance"] = this._provenance.Finish().ToJson(),
                    });
                }
            }
            this.Checkpoint(epoch + 1, 0, 0, 0, 0);
            this.WriteMetrics();
            onEpoch?.Invoke(metrics);
        }
        if (this._state.Epoch == firstEpoch)
        {
            // Nothing trained (a finished run resumed): write the files once; after an epoch they are already current,
            // and writing them again would give a kill one more instant at which they differ.
            this.WriteMetrics();
        }
        return true;
    }

    /// <summary>The error for a loss or weights that stopped being finite; nothing of this epoch is saved.</summary>
    private ClassifierException Diverged(int epoch, int batch, int batches, double loss)
    {
        string kept = this._folder is null
            ? "the run keeps no checkpoint (in memory)"
            : File.Exists(Path.Combine(this._folder, TrainingCheckpoint.FileName))
            ? $"the last good checkpoint ({Path.Combine(this._folder, TrainingCheckpoint.FileName)}, saved after epoch {this._state.History.LastOrDefault()?.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}) is kept"
            : "nothing was saved (no epoch had finished)";
        string what = double.IsFinite(loss) ? "a weight became infinite or NaN" : $"the loss became {loss.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        string lr = this._options.LearningRate.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new ClassifierException(this._state.Model.Architecture == ClassifierArchitecture.Attention
            ? $"training diverged at epoch {epoch}, batch {batch + 1} of {batches}: {what}; {kept}. Lower TrainingOptions.LearningRate (now {lr}) or TrainingOptions.ClipNorm (now {this._options.ClipNorm.ToString(System.Globalization.CultureInfo.InvariantCulture)})."
            : $"training diverged at epoch {epoch}, batch {batch + 1} of {batches}: {what}; {kept}. Lower TrainingOptions.LearningRate (now {lr}) or raise TrainingOptions.Temperature (now {this._options.Temperature.ToString(System.Globalization.CultureInfo.InvariantCulture)}).");
    }

    private static void RequireSplits(PreparedData data, double validationFraction)
    {
        int train = data.Train.Count;
        int validation = data.Validation.Count;
        int test = data.Test.Count;
        if (train > 0 && validation > 0 && test > 0)
        {
            return;
        }
        string empty = string.Join(" and ", new[] { ("train", train), ("validation", validation), ("test", test) }.Where(s => s.Item2 == 0).Select(s => s.Item1));
        string fix = validation == 0
            ? $"raise TrainingOptions.ValidationFraction (now {validationFraction.ToString(System.Globalization.CultureInfo.InvariantCulture)}) or use more reviews (TrainingOptions.Limit, TrainingOptions.DataPath)"
            : train == 0
                ? $"lower TrainingOptions.ValidationFraction (now {validationFraction.ToString(System.Globalization.CultureInfo.InvariantCulture)}) or use more reviews (TrainingOptions.Limit, TrainingOptions.DataPath)"
                : "use more reviews (TrainingOptions.Limit, TrainingOptions.DataPath)";
        throw new ClassifierException(
            $"the {empty} split{(empty.Contains(" and ", StringComparison.Ordinal) ? "s are" : " is")} empty (train {train}, validation {validation}, test {test} reviews); {fix}. Nothing was trained.");
    }

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
    public EpochMetrics? SelectedEpoch()
        => this._state.History.OrderByDescending(m => m.ValidationAccuracy).ThenBy(m => m.Epoch).FirstOrDefault();

    /// <summary>Accuracy of logits against labels (positive iff logit &gt; 0).</summary>
    public static double Accuracy(float[] logits, int[] labels)
    {
        int correct = 0;
        for (int r = 0; r < logits.Length; r++)
        {
            correct += (logits[r] > 0 ? 1 : 0) == labels[r] ? 1 : 0;
        }
        return logits.Length == 0 ? double.NaN : (double)correct / logits.Length;
    }

    private EpochMetrics Evaluate(ITrainingStep trainer, int epoch, double trainLoss, double trainAccuracy, double trainSeconds, double reviewsPerSecond)
    {
        var clock = Stopwatch.StartNew();
        EpochMetrics evaluated = trainer.Evaluate(this._data);
        return evaluated with
        {
            Epoch = epoch,
            TrainLoss = trainLoss,
            TrainAccuracy = trainAccuracy,
            Seconds = trainSeconds + clock.Elapsed.TotalSeconds,
            TrainReviewsPerSecond = reviewsPerSecond,
        };
    }

    private void Checkpoint(int epoch, int batch, double loss, long correct, double seconds)
    {
        this._state = new TrainingCheckpoint
        {
            Options = this._options,
            Model = this._state.Model,
            Optimizer = this._state.Optimizer,
            Epoch = epoch,
            Batch = batch,
            PartialLoss = loss,
            PartialCorrect = correct,
            PartialSeconds = seconds,
            History = this._state.History,
        };
        if (this._folder is not null)
        {
            this._state.Save(Path.Combine(this._folder, TrainingCheckpoint.FileName));
        }
    }

    /// <summary>config.json, metrics.csv and the model card.</summary>
    private readonly RunFolderFiles _files = new();

    private void WriteMetrics()
    {
        if (this._folder is null)
        {
            return;
        }
        List<EpochMetrics> history = this._state.History;
        EpochMetrics? selected = this.SelectedEpoch();
        EpochMetrics? bestTest = history.OrderByDescending(m => m.TestAccuracy).ThenBy(m => m.Epoch).FirstOrDefault();
        var metrics = new JsonObject
        {
            ["settings"] = JsonSerializer.SerializeToNode(this._options, TrainingJson.Options),
            ["data"] = new JsonObject
            {
                ["train"] = this._data.Train.Count,
                ["validation"] = this._data.Validation.Count,
                ["test"] = this._data.Test.Count,
                ["vocabulary"] = this._data.Vocabulary.Count,
            },
            ["parameters"] = this._state.Model.ParameterCount,
            ["threads"] = this._threads,
            ["provenance"] = this._provenance.Finish().ToJson(),
            ["finished"] = history.Count > 0 && history[^1].Epoch >= this._options.Epochs,
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
        this._files.Write(this._folder, this._options, history, history.Count > 0 && history[^1].Epoch >= this._options.Epochs ? ModelCard.Create(this._folder, this._options, this._data, history, this._threads) : null);
        AtomicFile.WriteAllBytes(
            Path.Combine(this._folder, MetricsFileName),
            Encoding.UTF8.GetBytes(metrics.ToJsonString(TrainingJson.Options)));
    }
}
