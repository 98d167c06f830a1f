using System.Numerics.Tensors;

namespace HardmaxCore.Classifier;

/// <summary>
/// A hardmax-transformer sentiment classifier (SPEC §3): trains on labelled reviews, saves and loads model files,
/// predicts, and looks inside (leader words, the review's anatomy layer by layer).
/// </summary>
/// <remarks>
/// The forward pass keeps scratch buffers sized for the model, so one instance is not safe for concurrent calls;
/// make one per thread.
/// <code>
/// ReviewLoadResult data = ReviewDataset.Load("aclImdb_v1.tar.gz");          // archive, aclImdb folder or CSV
/// DatasetSplit split = DatasetSplit.Create(data.Reviews, EvaluationProtocol.Paper, validationFraction: 0.1, seed: 0);
/// using (var trained = SentimentClassifier.Train(split, new TrainingOptions { Dimension = 16, Epochs = 20 }))
/// {
///     trained.Save("model.bin");
/// }
/// using var classifier = SentimentClassifier.Load("model.bin");
/// Prediction p = classifier.Predict("A moving, beautifully acted film.");
/// Console.WriteLine($"{p.Probability:F3} {p.Label} {string.Join(", ", p.Leaders.Select(l => l.Word))}");
/// </code>
/// </remarks>
public sealed class SentimentClassifier : IDisposable
{
    private readonly TextPipeline _pipeline;
    private readonly ClassifierPass<float> _pass;

    /// <summary>Wraps a model (from <see cref="ClassifierModel.Load"/> or a training run).</summary>
    public SentimentClassifier(ClassifierModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        this.Model = model;
        this._pipeline = new TextPipeline(model.Text);
        MemoryBudget.RequireClassifier(model.Settings, threads: 1, batch: 0, "this model's n and K are too large for this machine");
        this._pass = new ClassifierPass<float>(model.Settings);
    }

    /// <summary>The model: shape, text options, vocabulary and weights.</summary>
    public ClassifierModel Model { get; }

    /// <summary>Loads a model file written by a training run (<c>model.bin</c>) or <see cref="ClassifierModel.Save"/>.</summary>
    /// <exception cref="ModelFileException">The file is missing, not a model, newer than this library, or damaged.</exception>
    public static SentimentClassifier Load(string path) => new(ClassifierModel.Load(path).Model);

    /// <summary>
    /// Trains a classifier on <paramref name="split"/> (SPEC §3.2): Adam on the training reviews for
    /// <see cref="TrainingOptions.Epochs"/> epochs, then keeps the weights of the epoch with the best validation
    /// accuracy (softmax layers; the earliest on ties). Writes no files; <see cref="TrainingRun"/> is the same training
    /// in a run folder, with checkpoints and resume.
    /// </summary>
    /// <param name="split">Train, validation and test reviews (<see cref="DatasetSplit.Create"/>); the vocabulary is built from the training reviews.</param>
    /// <param name="options">Shape, text and optimizer settings; <see cref="TrainingOptions.DataPath"/>, <see cref="TrainingOptions.Protocol"/>,
    /// <see cref="TrainingOptions.ValidationFraction"/> and <see cref="TrainingOptions.Limit"/> are not used (the split is given).</param>
    /// <param name="progress">Told each epoch's metrics (loss, train, validation and test accuracy, softmax and hardmax) after the epoch; called on the training thread.</param>
    /// <param name="cancellationToken">Checked before every batch.</param>
    /// <param name="threads">Threads a batch is spread over (the result does not depend on it); 0 for every core.</param>
    /// <returns>The classifier of the epoch selected on validation; its <see cref="History"/> holds every epoch's metrics.</returns>
    /// <exception cref="ArgumentException"><paramref name="split"/> has no training reviews, or <paramref name="threads"/> is negative.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired; nothing is kept.</exception>
    public static SentimentClassifier Train(
        DatasetSplit split, TrainingOptions options, IProgress<EpochMetrics>? progress = null, CancellationToken cancellationToken = default, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        if (split.Train.Count == 0)
        {
            throw new ArgumentException("The split has no training reviews.", nameof(split));
        }
        TrainingRun run = TrainingRun.InMemory(split, options, threads == 0 ? Environment.ProcessorCount : threads);
        if (!run.Run(null, progress is null ? null : progress.Report, cancellationToken))
        {
            throw new OperationCanceledException(cancellationToken);
        }
        ClassifierModel selected = run.SelectedModel
            ?? throw new ArgumentException("Training ran no epoch (TrainingOptions.Epochs is 0).", nameof(options));
        return new SentimentClassifier(selected) { History = run.History };
    }

    /// <summary>The metrics of every epoch when this classifier was made by <see cref="Train"/>; empty for a loaded model.</summary>
    public IReadOnlyList<EpochMetrics> History { get; private init; } = [];

    /// <summary>Saves the model (atomically) for <see cref="Load"/> (and the <c>hardmax</c> tool).</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        this.Model.Save(path);
    }

    /// <summary>The n token ids the model reads for <paramref name="text"/> (text pipeline, vocabulary, truncation and padding).</summary>
    public int[] Encode(string text) => this.Model.Vocabulary.Encode(text, this._pipeline, this.Model.Settings.Tokens);

    /// <summary>
    /// Classifies one review: the softmax model's probability <c>σ(v·z̄ + b)</c>, and the leaders of the last layer of the
    /// hardmax dynamics with their decoder scores <c>v·z + b</c>, by decreasing |score|.
    /// </summary>
    public Prediction Predict(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        ClassifierModel model = this.Model;
        int[] ids = this.Encode(text);
        float logit = this._pass.Forward(ids, model.Parameters, Attention.Softmax);
        this._pass.Forward(ids, model.Parameters, Attention.Hardmax);
        int d = model.Settings.Dimension;
        ReadOnlySpan<float> last = this._pass.Layer(model.Settings.Layers);
        var leaders = new List<LeaderWord>();
        foreach (int u in this._pass.Leaders(model.Settings.Layers))
        {
            float score = TensorPrimitives.Dot<float>(model.Parameters.Decoder, last.Slice(u * d, d)) + model.Parameters.Bias[0];
            leaders.Add(new LeaderWord(model.Vocabulary.WordOf(this._pass.UniqueWords[u]), (int)this._pass.Multiplicity[u], score));
        }
        leaders.Sort((a, b) => Math.Abs(b.Score).CompareTo(Math.Abs(a.Score)));
        int known = 0;
        foreach (int id in ids)
        {
            known += id >= Vocabulary.ReservedCount ? 1 : 0;
        }
        return new Prediction(text, BinaryCrossEntropy.Sigmoid(logit), leaders) { KnownTokens = known };
    }

    /// <summary>The review's distinct tokens at every hardmax layer, with leaders and decoder scores (for figures and HTML).</summary>
    public ReviewAnatomy Anatomy(string text) => ReviewAnatomy.Of(this.Model, this._pass, this.Encode(text));

    /// <summary>Leaders of the last hardmax layer of already encoded ids, and how many of them were leaders at layer 0.</summary>
    public ReviewLeaders Leaders(ReadOnlySpan<int> ids)
    {
        this._pass.Forward(ids, this.Model.Parameters, Attention.Hardmax);
        return ReviewLeaders.Of(this._pass, this.Model.Settings.Layers, this.Model.Settings.Dimension);
    }

    /// <inheritdoc/>
    public void Dispose() => this._pass.Dispose();
}
