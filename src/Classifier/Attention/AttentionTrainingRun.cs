using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HardmaxCore.Classifier;

/// <summary>
/// A training run of the standard self-attention classifier in a folder, with the files and the protocol of
/// <see cref="TrainingRun"/>: the same data, split, text pipeline, seeds, batch order, Adam and clipping; <c>model.bin</c>
/// holds the epoch chosen on validation, <c>metrics.json</c> the history, <c>checkpoint.bin</c> the state to resume.
/// The hardmax columns of <see cref="EpochMetrics"/> (and α) are NaN: this model has no hardmax variant.
/// </summary>
public sealed class AttentionTrainingRun : ITrainingRun
{
    private readonly string _folder;
    private readonly TrainingOptions _options;
    private readonly PreparedData _data;
    private readonly int _threads;
    private readonly AttentionModel _model;
    private readonly AdamOptimizer _optimizer;
    private readonly List<EpochMetrics> _history;
    private int _epoch;
    private int _batch;
    private double _partialLoss;
    private long _partialCorrect;
    private double _partialSeconds;
    private RunFolderLock? _lock;

    private AttentionTrainingRun(string folder, TrainingOptions options, PreparedData data, int threads, AttentionModel model, AdamOptimizer optimizer, List<EpochMetrics> history)
    {
        this._folder = folder;
        this._options = options;
        this._data = data;
        this._threads = threads;
        this._model = model;
        this._optimizer = optimizer;
        this._history = history;
        this._epoch = 1;
    }

    /// <inheritdoc/>
    public IReadOnlyList<EpochMetrics> History => this._history;

    /// <inheritdoc/>
    public int Epoch => this._epoch;

    /// <inheritdoc/>
    public int Batch => this._batch;

    /// <inheritdoc/>
    public PreparedData Data => this._data;

    /// <summary>The model being trained.</summary>
    public AttentionModel Model => this._model;

    /// <summary>Releases the run folder's lock.</summary>
    public void Dispose()
    {
        this._lock?.Dispose();
        this._lock = null;
    }

    /// <summary>Starts a new run in <paramref name="folder"/> (refused when the folder holds a run, unless <paramref name="replace"/>).</summary>
    /// <exception cref="ClassifierException">The folder holds a run and <paramref name="replace"/> is false, or another run is writing it.</exception>
    public static AttentionTrainingRun Start(string folder, TrainingOptions options, int threads, TextWriter log, bool replace = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (RunFolderLock.HoldsRun(folder))
        {
            if (!replace)
            {
                throw new ClassifierException($"'{folder}' already holds a training run; continue it with --resume {folder}, replace it with --force, or give another --out folder.");
            }
            log.WriteLine($"--force: replacing the run in '{folder}': deleting its {TrainingCheckpoint.FileName}, {TrainingRun.ModelFileName} and {TrainingRun.MetricsFileName}");
            foreach (string name in new[] { TrainingCheckpoint.FileName, TrainingRun.ModelFileName, TrainingRun.MetricsFileName })
            {
                File.Delete(Path.Combine(folder, name));
            }
        }
        var text = new TextPipelineOptions { KeepNegations = options.KeepNegations };
        PreparedData data = PreparedData.Load(
            options!.DataPath ?? throw new ClassifierException("an attention training run needs TrainingOptions.DataPath."), options.Protocol, options.ValidationFraction, options.Seed, options.Limit, text, options.MinCount, options.Tokens, null, log);
        var settings = new AttentionSettings(options.Tokens, options.Dimension);
        var parameters = AttentionParameters<float>.Initialize(data.Vocabulary.Count, settings, options.Seed);
        var model = new AttentionModel(settings, text, data.Vocabulary, parameters);
        var optimizer = new AdamOptimizer(parameters.All.Select(a => a.Length).ToArray(), options.LearningRate);
        RunFolderLock folderLock = RunFolderLock.Take(folder);
        RunFolderLock.PrepareStart(folder, log);
        return new AttentionTrainingRun(folder, options, data, threads, model, optimizer, []) { _lock = folderLock };
    }

    /// <summary>Resumes the run in <paramref name="folder"/> from its checkpoint, optionally training up to more epochs.</summary>
    public static AttentionTrainingRun Resume(string folder, int? epochs, int threads, TextWriter log)
    {
        RunFolderLock folderLock = RunFolderLock.Take(folder);
        try
        {
            AttentionTrainingRun run = ResumeLocked(folder, epochs, threads, log);
            run._lock = folderLock;
            return run;
        }
        catch
        {
            folderLock.Dispose();
            throw;
        }
    }

    private static AttentionTrainingRun ResumeLocked(string folder, int? epochs, int threads, TextWriter log)
    {
        string path = Path.Combine(folder, TrainingCheckpoint.FileName);
        try
        {
            return ReadCheckpoint(folder, path, epochs, threads, log);
        }
        catch (Exception e) when (e is InvalidOperationException or JsonException or NullReferenceException or FormatException or ArgumentException)
        {
            // The checksum passed but a field is missing or of the wrong type: the same answer as for a damaged hardmax checkpoint.
            throw new ModelFileException($"damaged checkpoint '{path}': a field of its header is missing or of the wrong type ({e.Message}).", e);
        }
    }

    private static AttentionTrainingRun ReadCheckpoint(string folder, string path, int? epochs, int threads, TextWriter log)
    {
        // Streamed as it was written: the weights and Adam's moments are read straight into their arrays (no whole-file
        // buffer, no copy), so resuming takes the memory of training and no more.
        AttentionModel? model = null;
        AdamOptimizer? optimizer = null;
        TrainingOptions? options = null;
        JsonObject header = ModelFile.LoadInto(path, "checkpoint", (header, count, remaining) =>
        {
            JsonObject state = header["checkpoint"]?.AsObject() ?? throw new ModelFileException($"'{path}' is a model file, not a checkpoint.");
            model = AttentionModel.FromHeader(header, path, remaining);
            TrainingOptions saved = state["options"].Deserialize<TrainingOptions>(TrainingJson.Options)
                ?? throw new ModelFileException($"'{path}' has no training options.");
            options = epochs is int total ? saved with { Epochs = total } : saved;
            int parameterCount = model.Parameters.All.Length;
            if (count != 3 * parameterCount)
            {
                throw new ModelFileException($"'{path}' holds {count} arrays; a checkpoint has {3 * parameterCount}. The file is damaged.");
            }
            ModelFile.RequireFits(path, 3 * model.Parameters.Count, remaining);
            optimizer = new AdamOptimizer(model.Parameters.All.Select(a => a.Length).ToArray(), options.LearningRate, options.Optimizer);
            return [.. model.Parameters.All, .. optimizer.FirstMoments, .. optimizer.SecondMoments];
        }, (a, found, expected) => AttentionModel.Mismatch(model!, a, found, expected));
        JsonObject state = header["checkpoint"]!.AsObject();
        optimizer!.Steps = state["adamSteps"]!.GetValue<long>();
        PreparedData data = PreparedData.Load(
            options!.DataPath ?? throw new ClassifierException("an attention training run needs TrainingOptions.DataPath."), options.Protocol, options.ValidationFraction, options.Seed, options.Limit, model!.Text,
            options.MinCount, options.Tokens, null, log);
        if (!data.Vocabulary.Words.SequenceEqual(model.Vocabulary.Words))
        {
            throw new ClassifierException($"The data at '{options.DataPath}' gives another vocabulary than the checkpoint's; resume needs the same data.");
        }
        List<EpochMetrics> history = state["history"].Deserialize<List<EpochMetrics>>(TrainingJson.Options) ?? [];
        log.WriteLine($"resuming '{folder}' at epoch {state["epoch"]}, batch {state["batch"]}");
        return new AttentionTrainingRun(folder, options, data, threads, model, optimizer, history)
        {
            _epoch = state["epoch"]!.GetValue<int>(),
            _batch = state["batch"]!.GetValue<int>(),
            _partialLoss = state["partialLoss"]!.GetValue<double>(),
            _partialCorrect = state["partialCorrect"]!.GetValue<long>(),
            _partialSeconds = state["partialSeconds"]!.GetValue<double>(),
        };
    }

    /// <inheritdoc/>
    public bool Run(Action<BatchProgress>? onBatch, Action<EpochMetrics>? onEpoch, CancellationToken cancel)
    {
        // As TrainingRun: the folder's lock is held while the run writes, and released when Run returns or throws.
        onBatch = this._files.Wrap(onBatch, () => double.NaN, this._options.LearningRate, this._options.BatchSize, this._data.Train.Count,
            (this._epoch, this._batch, this._partialLoss, this._partialCorrect));
        this._lock ??= RunFolderLock.Take(this._folder);
        try
        {
            return this.RunLocked(onBatch, onEpoch, cancel);
        }
        finally
        {
            this.Dispose();
        }
    }

    private bool RunLocked(Action<BatchProgress>? onBatch, Action<EpochMetrics>? onEpoch, CancellationToken cancel)
    {
        EncodedReviews train = this._data.Train;
        var trainer = new AttentionTrainer(this._model.Parameters, this._optimizer, this._options.BatchSize, this._threads, this._options.ClipNorm);
        int batchSize = this._options.BatchSize;
        int batches = (train.Count + batchSize - 1) / batchSize;
        for (int epoch = this._epoch; epoch <= this._options.Epochs; epoch++)
        {
            // The same shuffle as the hardmax run of the same seed: both models see the reviews in the same order.
            int[] order = Trainer.EpochOrder(train.Count, this._options.Seed, epoch);
            double loss = this._partialLoss;
            long correct = this._partialCorrect;
            double trainSeconds = this._partialSeconds;
            int firstBatch = this._batch;
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
                loss += batchLoss;
                correct += batchCorrect;
                int seen = Math.Min((b + 1) * batchSize, train.Count);
                onBatch?.Invoke(new BatchProgress(epoch, b + 1, batches, loss / seen, (double)correct / seen,
                    (seen - firstBatch * batchSize) / Math.Max(1e-9, clock.Elapsed.TotalSeconds)));
            }
            trainSeconds += clock.Elapsed.TotalSeconds;
            var evaluation = Stopwatch.StartNew();
            float[] validation = trainer.Logits(this._data.Validation);
            float[] test = trainer.Logits(this._data.Test);
            var metrics = new EpochMetrics
            {
                Epoch = epoch,
                TrainLoss = loss / train.Count,
                TrainAccuracy = correct / (double)train.Count,
                ValidationAccuracy = TrainingRun.Accuracy(validation, this._data.Validation.Labels),
                ValidationLoss = BinaryCrossEntropy.MeanLoss(validation, this._data.Validation.Labels),
                ValidationAccuracyHardmax = double.NaN,
                TestAccuracy = TrainingRun.Accuracy(test, this._data.Test.Labels),
                TestAccuracyHardmax = double.NaN,
                TestAgreement = double.NaN,
                Alpha = double.NaN,
                Seconds = trainSeconds + evaluation.Elapsed.TotalSeconds,
                TrainReviewsPerSecond = train.Count / trainSeconds,
            };
            this._history.Add(metrics);
            if (this.SelectedEpoch()?.Epoch == epoch)
            {
                this._model.Save(Path.Combine(this._folder, TrainingRun.ModelFileName), new JsonObject
                {
                    ["epoch"] = epoch,
                    ["training"] = JsonSerializer.SerializeToNode(this._options, TrainingJson.Options),
                });
            }
            this.Checkpoint(epoch + 1, 0, 0, 0, 0);
            this.WriteMetrics();
            onEpoch?.Invoke(metrics);
        }
        this.WriteMetrics();
        return true;
    }

    /// <inheritdoc/>
    public EpochMetrics? SelectedEpoch()
        => this._history.OrderByDescending(m => m.ValidationAccuracy).ThenBy(m => m.Epoch).FirstOrDefault();

    private void Checkpoint(int epoch, int batch, double loss, long correct, double seconds)
    {
        this._epoch = epoch;
        this._batch = batch;
        this._partialLoss = loss;
        this._partialCorrect = correct;
        this._partialSeconds = seconds;
        var state = new JsonObject
        {
            ["checkpoint"] = new JsonObject
            {
                ["options"] = JsonSerializer.SerializeToNode(this._options, TrainingJson.Options),
                ["epoch"] = epoch,
                ["batch"] = batch,
                ["partialLoss"] = loss,
                ["partialCorrect"] = correct,
                ["partialSeconds"] = seconds,
                ["adamSteps"] = this._optimizer.Steps,
                ["history"] = JsonSerializer.SerializeToNode(this._history, TrainingJson.Options),
            },
        };
        var arrays = new List<float[]>(this._model.Parameters.All);
        arrays.AddRange(this._optimizer.FirstMoments);
        arrays.AddRange(this._optimizer.SecondMoments);
        ModelFile.Save(Path.Combine(this._folder, TrainingCheckpoint.FileName), this._model.Header(state), arrays);
    }

    /// <summary>config.json, metrics.csv and the model card.</summary>
    private readonly RunFolderFiles _files = new();

    private void WriteMetrics()
    {
        EpochMetrics? selected = this.SelectedEpoch();
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
            ["parameters"] = this._model.Parameters.Count,
            ["threads"] = this._threads,
            ["epochs"] = JsonSerializer.SerializeToNode(this._history, TrainingJson.Options),
            ["selectedEpoch"] = selected?.Epoch,
            ["selected"] = selected is null ? null : JsonSerializer.SerializeToNode(selected, TrainingJson.Options),
            ["final"] = this._history.Count == 0 ? null : JsonSerializer.SerializeToNode(this._history[^1], TrainingJson.Options),
        };
        AtomicFile.WriteAllBytes(
            Path.Combine(this._folder, TrainingRun.MetricsFileName),
            Encoding.UTF8.GetBytes(metrics.ToJsonString(TrainingJson.Options)));
        this._files.Write(this._folder, this._options, this._history, this._history.Count > 0 && this._history[^1].Epoch >= this._options.Epochs ? ModelCard.Create(this._folder, this._options, this._data, this._history, this._threads) : null);
    }
}
