using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HardmaxCore.Classifier;

/// <summary>Progress inside an epoch, for a progress bar.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Batch">Batches done in this epoch.</param>
/// <param name="Batches">Batches in the epoch.</param>
/// <param name="Loss">Mean loss so far in the epoch.</param>
/// <param name="Accuracy">Training accuracy so far in the epoch.</param>
/// <param name="ReviewsPerSecond">Training throughput so far in the epoch.</param>
public readonly record struct BatchProgress(int Epoch, int Batch, int Batches, double Loss, double Accuracy, double ReviewsPerSecond);

/// <summary>
/// A training run in a folder (SPEC §3.2, §3.4): trains epoch by epoch, evaluates on validation and test with softmax
/// and hardmax layers, keeps the model of the best validation epoch (<c>model.bin</c>), writes <c>metrics.json</c> and an
/// atomic <c>checkpoint.bin</c> after every epoch, and on cancellation saves mid-epoch so a resume continues exactly.
/// </summary>
public sealed class TrainingRun
{
    /// <summary>The model of the epoch chosen on validation.</summary>
    public const string ModelFileName = "model.bin";

    /// <summary>The history and settings.</summary>
    public const string MetricsFileName = "metrics.json";

    private readonly string _folder;
    private readonly TrainingOptions _options;
    private readonly PreparedData _data;
    private readonly int _threads;
    private TrainingCheckpoint _state;

    private TrainingRun(string folder, TrainingCheckpoint state, PreparedData data, int threads)
    {
        this._folder = folder;
        this._options = state.Options;
        this._state = state;
        this._data = data;
        this._threads = threads;
    }

    /// <summary>The current state (weights, optimizer, history).</summary>
    internal TrainingCheckpoint State => this._state;

    /// <summary>The metrics of every finished epoch, oldest first.</summary>
    public IReadOnlyList<EpochMetrics> History => this._state.History;

    /// <summary>The epoch in progress or next to run (1-based), as the checkpoint records it.</summary>
    public int Epoch => this._state.Epoch;

    /// <summary>Batches done in the current epoch (non-zero after an interruption mid-epoch).</summary>
    public int Batch => this._state.Batch;

    /// <summary>The options of the run (for a resumed run, with the new total of epochs).</summary>
    public TrainingOptions Options => this._options;

    /// <summary>The prepared data.</summary>
    public PreparedData Data => this._data;

    /// <summary>Starts a new run in <paramref name="folder"/>.</summary>
    public static TrainingRun Start(string folder, TrainingOptions options, int threads, TextWriter log)
    {
        var text = new TextPipelineOptions { KeepNegations = options.KeepNegations };
        PreparedData data = PreparedData.Load(
            options.DataPath, options.Protocol, options.ValidationFraction, options.Seed, options.Limit, text, options.MinCount, options.Tokens, null, log);
        var settings = new ClassifierSettings(options.Tokens, options.Dimension, options.Layers, options.Temperature, options.MaskPadding);
        var parameters = ClassifierParameters<float>.Initialize(data.Vocabulary.Count, options.Dimension, options.Seed);
        if (options.InitialAlpha is double alpha)
        {
            // Everything else is drawn exactly as without it, so runs differing only here share E, v and b.
            parameters.Alpha[0] = (float)alpha;
        }
        var model = new ClassifierModel(settings, text, data.Vocabulary, parameters);
        var optimizer = new AdamOptimizer(parameters.All.Select(a => a.Length).ToArray(), options.LearningRate, options.Optimizer);
        Directory.CreateDirectory(folder);
        return new TrainingRun(folder, new TrainingCheckpoint { Options = options, Model = model, Optimizer = optimizer }, data, threads);
    }

    /// <summary>Resumes the run in <paramref name="folder"/> from its checkpoint, optionally training up to more epochs.</summary>
    public static TrainingRun Resume(string folder, int? epochs, int threads, TextWriter log)
    {
        TrainingCheckpoint state = TrainingCheckpoint.Load(Path.Combine(folder, TrainingCheckpoint.FileName));
        TrainingOptions options = epochs is int total ? state.Options with { Epochs = total } : state.Options;
        PreparedData data = PreparedData.Load(
            options.DataPath, options.Protocol, options.ValidationFraction, options.Seed, options.Limit, state.Model.Text,
            options.MinCount, options.Tokens, null, log);
        if (!data.Vocabulary.Words.SequenceEqual(state.Model.Vocabulary.Words))
        {
            throw new ClassifierException($"The data at '{options.DataPath}' gives another vocabulary than the checkpoint's; resume needs the same data.");
        }
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
        }, data, threads);
    }

    /// <summary>Trains until <see cref="TrainingOptions.Epochs"/> epochs are done or <paramref name="cancel"/> fires.</summary>
    /// <returns>True when all epochs are done; false when cancelled (a checkpoint was saved).</returns>
    public bool Run(Action<BatchProgress>? onBatch, Action<EpochMetrics>? onEpoch, CancellationToken cancel)
    {
        ClassifierModel model = this._state.Model;
        EncodedReviews train = this._data.Train;
        using var trainer = new Trainer(model.Settings, model.Parameters, this._state.Optimizer, this._options.BatchSize, this._threads, this._options.ClipNorm);
        int batchSize = this._options.BatchSize;
        int batches = (train.Count + batchSize - 1) / batchSize;
        for (int epoch = this._state.Epoch; epoch <= this._options.Epochs; epoch++)
        {
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
            double trainedReviews = train.Count;
            EpochMetrics metrics = this.Evaluate(trainer, epoch, loss / train.Count, correct / trainedReviews, trainSeconds, train.Count / trainSeconds);
            this._state.History.Add(metrics);
            if (this.SelectedEpoch()?.Epoch == epoch)
            {
                model.Save(Path.Combine(this._folder, ModelFileName), new JsonObject
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

    private EpochMetrics Evaluate(Trainer trainer, int epoch, double trainLoss, double trainAccuracy, double trainSeconds, double reviewsPerSecond)
    {
        var clock = Stopwatch.StartNew();
        float[] validation = trainer.Logits(this._data.Validation, Attention.Softmax);
        float[] validationHard = trainer.Logits(this._data.Validation, Attention.Hardmax);
        float[] test = trainer.Logits(this._data.Test, Attention.Softmax);
        float[] testHard = trainer.Logits(this._data.Test, Attention.Hardmax);
        int agree = 0;
        for (int r = 0; r < test.Length; r++)
        {
            agree += (test[r] > 0) == (testHard[r] > 0) ? 1 : 0;
        }
        return new EpochMetrics
        {
            Epoch = epoch,
            TrainLoss = trainLoss,
            TrainAccuracy = trainAccuracy,
            ValidationAccuracy = Accuracy(validation, this._data.Validation.Labels),
            ValidationAccuracyHardmax = Accuracy(validationHard, this._data.Validation.Labels),
            TestAccuracy = Accuracy(test, this._data.Test.Labels),
            TestAccuracyHardmax = Accuracy(testHard, this._data.Test.Labels),
            TestAgreement = test.Length == 0 ? double.NaN : (double)agree / test.Length,
            Alpha = this._state.Model.Parameters.Alpha[0],
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
        this._state.Save(Path.Combine(this._folder, TrainingCheckpoint.FileName));
    }

    private void WriteMetrics()
    {
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
            ["threads"] = this._threads,
            ["finished"] = history.Count > 0 && history[^1].Epoch >= this._options.Epochs,
            ["peakWorkingSetBytes"] = PeakMemory.Bytes(),
            ["peakWorkingSetNote"] = "Process.PeakWorkingSet64 of the process that trained (VmHWM); a sweep restarts it before each run on Linux, but runs trained side by side (--parallel) share one process and one peak",
            ["epochs"] = JsonSerializer.SerializeToNode(history, TrainingJson.Options),
            ["selectedEpoch"] = selected?.Epoch,
            ["selected"] = selected is null ? null : JsonSerializer.SerializeToNode(selected, TrainingJson.Options),
            ["final"] = history.Count == 0 ? null : JsonSerializer.SerializeToNode(history[^1], TrainingJson.Options),
            ["bestTestEpoch"] = bestTest is null ? null : new JsonObject
            {
                ["note"] = "best test epoch, reported only for comparison with [AFZ]; the model is selected on validation",
                ["epoch"] = bestTest.Epoch,
                ["testAccuracy"] = bestTest.TestAccuracy,
                ["testAccuracyHardmax"] = bestTest.TestAccuracyHardmax,
            },
        };
        AtomicFile.WriteAllBytes(
            Path.Combine(this._folder, MetricsFileName),
            Encoding.UTF8.GetBytes(metrics.ToJsonString(TrainingJson.Options)));
    }
}
