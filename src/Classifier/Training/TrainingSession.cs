using System.Diagnostics;
using System.Globalization;

namespace HardmaxCore.Classifier;

/// <summary>
/// Where a <see cref="TrainingSession"/> reports its durable moments, in this order within an epoch: the selected model
/// changed (<see cref="ModelSelected"/>), a checkpoint is due (<see cref="CheckpointDue"/>), the history changed
/// (<see cref="HistoryChanged"/>). A run folder writes a file at each (the experiments layer's <c>TrainingRun</c>);
/// <see cref="SentimentClassifier.Train"/> writes nothing.
/// </summary>
internal interface ITrainingSink
{
    /// <summary>Epoch <paramref name="epoch"/> became the one selected on validation; <paramref name="model"/> holds its weights now.</summary>
    void ModelSelected(TrainableModel model, int epoch);

    /// <summary>A checkpoint is due (an epoch ended, or training was cancelled mid-epoch): <paramref name="state"/> is the new state.</summary>
    void CheckpointDue(TrainingCheckpoint state);

    /// <summary>The history changed (an epoch ended), training was cancelled, or a finished run was resumed with nothing to train.</summary>
    void HistoryChanged();

    /// <summary>What the message of a divergence says is kept, e.g. "the last good checkpoint (…) is kept".</summary>
    string Kept(TrainingCheckpoint state);
}

/// <summary>
/// The training loop of both architectures (SPEC §3.4, <see cref="TrainableModel"/>): epochs of shuffled batches, the
/// divergence check after every batch, evaluation on validation and test after every epoch, the epoch selected on
/// validation (the earliest on ties), and the in-memory checkpoint state (<see cref="TrainingCheckpoint"/>) that lets a
/// run cancelled mid-epoch continue exactly. It writes no files: it reports to an <see cref="ITrainingSink"/>.
/// </summary>
internal sealed class TrainingSession
{
    private readonly TrainingOptions _options;
    private readonly PreparedData _data;
    private readonly int _threads;
    private readonly ITrainingSink? _sink;
    private TrainingCheckpoint _state;
    private TrainableModel? _selectedModel;

    /// <summary>A session from <paramref name="state"/> (a new run's initial state, or a checkpoint's) on <paramref name="data"/>.</summary>
    public TrainingSession(TrainingCheckpoint state, PreparedData data, int threads, ITrainingSink? sink)
    {
        this._options = state.Options;
        this._state = state;
        this._data = data;
        this._threads = threads;
        this._sink = sink;
    }

    /// <summary>The options trained.</summary>
    public TrainingOptions Options => this._options;

    /// <summary>The prepared data.</summary>
    public PreparedData Data => this._data;

    /// <summary>Cores used.</summary>
    public int Threads => this._threads;

    /// <summary>The current state (weights, optimizer, history, position).</summary>
    public TrainingCheckpoint State => this._state;

    /// <summary>A copy of the model of <see cref="SelectedEpoch"/> as this session trained it, or null before its first epoch.</summary>
    public TrainableModel? SelectedModel => this._selectedModel;

    /// <summary>
    /// A new run's initial state on prepared data: splits checked, the embedding budgeted, weights and optimizer
    /// initialised from the seed.
    /// </summary>
    public static TrainingCheckpoint Initial(TrainingOptions options, PreparedData data)
    {
        RequireSplits(data, options.ValidationFraction);
        MemoryBudget.RequireModel(data.Vocabulary.Count, options.Dimension, "lower TrainingOptions.Dimension, or raise TrainingOptions.MinCount for a smaller vocabulary");
        TrainableModel model = TrainableModel.Initialize(options, data.Pipeline.Options, data.Vocabulary);
        var optimizer = new AdamOptimizer(model.Arrays.Select(a => a.Length).ToArray(), options.LearningRate, options.Optimizer);
        return new TrainingCheckpoint { Options = options, Model = model, Optimizer = optimizer };
    }

    /// <summary>Trains until <see cref="TrainingOptions.Epochs"/> epochs are done or <paramref name="cancel"/> fires.</summary>
    /// <returns>True when all epochs are done; false when cancelled (a checkpoint was reported).</returns>
    /// <exception cref="ClassifierException">The loss or a weight became NaN or infinite (nothing of the epoch is reported).</exception>
    public bool Run(Action<BatchProgress>? onBatch, Action<EpochMetrics>? onEpoch, CancellationToken cancel)
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
                    this._sink?.HistoryChanged(); // metrics.csv keeps the step rows up to the checkpoint, so a resumed run's file has every step once
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
                this._sink?.ModelSelected(model, epoch);
            }
            this.Checkpoint(epoch + 1, 0, 0, 0, 0);
            this._sink?.HistoryChanged();
            onEpoch?.Invoke(metrics);
        }
        if (this._state.Epoch == firstEpoch)
        {
            // Nothing trained (a finished run resumed): report once; after an epoch the files are already current,
            // and writing them again would give a kill one more instant at which they differ.
            this._sink?.HistoryChanged();
        }
        return true;
    }

    /// <summary>The epoch with the best validation accuracy (the earliest on ties), or null before the first epoch.</summary>
    public EpochMetrics? SelectedEpoch()
        => this._state.History.OrderByDescending(m => m.ValidationAccuracy).ThenBy(m => m.Epoch).FirstOrDefault();

    /// <summary>Accuracy of logits against labels (positive iff logit &gt; 0): the fraction of reviews with (logit &gt; 0) = label.</summary>
    public static double Accuracy(float[] logits, int[] labels)
    {
        int correct = 0;
        for (int r = 0; r < logits.Length; r++)
        {
            correct += (logits[r] > 0 ? 1 : 0) == labels[r] ? 1 : 0;
        }
        return logits.Length == 0 ? double.NaN : (double)correct / logits.Length;
    }

    /// <summary>Throws when a split is empty, naming the option to change.</summary>
    /// <exception cref="ClassifierException">The train, validation or test split is empty.</exception>
    public static void RequireSplits(PreparedData data, double validationFraction)
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
            ? $"raise TrainingOptions.ValidationFraction (now {validationFraction.ToString(CultureInfo.InvariantCulture)}) or use more reviews (TrainingOptions.Limit, TrainingOptions.DataPath)"
            : train == 0
                ? $"lower TrainingOptions.ValidationFraction (now {validationFraction.ToString(CultureInfo.InvariantCulture)}) or use more reviews (TrainingOptions.Limit, TrainingOptions.DataPath)"
                : "use more reviews (TrainingOptions.Limit, TrainingOptions.DataPath)";
        throw new ClassifierException(
            $"the {empty} split{(empty.Contains(" and ", StringComparison.Ordinal) ? "s are" : " is")} empty (train {train}, validation {validation}, test {test} reviews); {fix}. Nothing was trained.");
    }

    /// <summary>The error for a loss or weights that stopped being finite; nothing of this epoch is reported.</summary>
    private ClassifierException Diverged(int epoch, int batch, int batches, double loss)
    {
        string kept = this._sink?.Kept(this._state) ?? "the run keeps no checkpoint (in memory)";
        string what = double.IsFinite(loss) ? "a weight became infinite or NaN" : $"the loss became {loss.ToString(CultureInfo.InvariantCulture)}";
        string lr = this._options.LearningRate.ToString(CultureInfo.InvariantCulture);
        return new ClassifierException(this._state.Model.Architecture == ClassifierArchitecture.Attention
            ? $"training diverged at epoch {epoch}, batch {batch + 1} of {batches}: {what}; {kept}. Lower TrainingOptions.LearningRate (now {lr}) or TrainingOptions.ClipNorm (now {this._options.ClipNorm.ToString(CultureInfo.InvariantCulture)})."
            : $"training diverged at epoch {epoch}, batch {batch + 1} of {batches}: {what}; {kept}. Lower TrainingOptions.LearningRate (now {lr}) or raise TrainingOptions.Temperature (now {this._options.Temperature.ToString(CultureInfo.InvariantCulture)}).");
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
        this._sink?.CheckpointDue(this._state);
    }
}
