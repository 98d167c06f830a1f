using System.Numerics.Tensors;
using System.Text.Json.Nodes;

namespace HardmaxCore.Classifier;

/// <summary>
/// A sentiment classifier of either architecture (SPEC §3): the hardmax transformer (<see cref="ClassifierModel"/>) or the
/// standard self-attention baseline (<see cref="AttentionModel"/>). It trains on labelled reviews (hardmax), loads model
/// files of both kinds (the header's <c>architecture</c> says which), predicts, and looks inside: leader words and the
/// review's anatomy layer by layer for a hardmax model, the attention each word receives for the baseline.
/// </summary>
/// <remarks>
/// The forward pass keeps scratch buffers sized for the model, so one instance is not safe for concurrent calls;
/// make one per thread. An operation only one architecture has (<see cref="Anatomy"/>, <see cref="Leaders"/>,
/// <see cref="Explain"/>, hardmax layers) throws <see cref="NotSupportedException"/> naming the kind the model is.
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
    private readonly ClassifierModel? _hardmax;
    private readonly AttentionModel? _attention;
    private readonly ClassifierPass<float>? _pass;
    private readonly AttentionPass<float>? _attentionPass;

    /// <summary>Wraps a hardmax model (from <see cref="ClassifierModel.Load"/> or a training run).</summary>
    public SentimentClassifier(ClassifierModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        this._hardmax = model;
        this._pipeline = new TextPipeline(model.Text);
        MemoryBudget.RequireClassifier(model.Settings, threads: 1, batch: 0, "this model's n and K are too large for this machine");
        this._pass = new ClassifierPass<float>(model.Settings);
    }

    /// <summary>Wraps a standard self-attention model (from <see cref="AttentionModel.Load"/> or a training run).</summary>
    public SentimentClassifier(AttentionModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        this._attention = model;
        this._pipeline = new TextPipeline(model.Text);
        this._attentionPass = new AttentionPass<float>(model.Settings);
    }

    /// <summary>Which model this is: the hardmax transformer or the standard self-attention baseline.</summary>
    public ClassifierArchitecture Architecture => this._attention is null ? ClassifierArchitecture.Hardmax : ClassifierArchitecture.Attention;

    /// <summary>The hardmax model: shape, text options, vocabulary and weights.</summary>
    /// <exception cref="NotSupportedException">The classifier holds a standard self-attention model (see <see cref="AttentionModel"/>).</exception>
    public ClassifierModel Model => this._hardmax ?? throw this.Unsupported(nameof(this.Model), ClassifierArchitecture.Hardmax);

    /// <summary>The standard self-attention model: shape, text options, vocabulary and weights.</summary>
    /// <exception cref="NotSupportedException">The classifier holds a hardmax model (see <see cref="Model"/>).</exception>
    public AttentionModel AttentionModel => this._attention ?? throw this.Unsupported(nameof(this.AttentionModel), ClassifierArchitecture.Attention);

    /// <summary>The vocabulary (either architecture).</summary>
    public Vocabulary Vocabulary => this._hardmax?.Vocabulary ?? this._attention!.Vocabulary;

    /// <summary>The text pipeline options the vocabulary was built with (either architecture).</summary>
    public TextPipelineOptions Text => this._hardmax?.Text ?? this._attention!.Text;

    /// <summary>n, the tokens the model reads.</summary>
    public int Tokens => this._hardmax?.Settings.Tokens ?? this._attention!.Settings.Tokens;

    /// <summary>d, the embedding dimension.</summary>
    public int Dimension => this._hardmax?.Settings.Dimension ?? this._attention!.Settings.Dimension;

    /// <summary>The embedding E, V × d, row-major (the model's own array).</summary>
    public float[] Embedding => this._hardmax?.Parameters.Embedding ?? this._attention!.Parameters.Embedding;

    /// <summary>The number of trained weights, Σ over the weight arrays of their lengths.</summary>
    public long ParameterCount => (this._hardmax?.Parameters.All ?? this._attention!.Parameters.All).Sum(a => a.LongLength);

    /// <summary>The options the model was trained with, as its file records them; null when it does not (or the model was not loaded from a file).</summary>
    public TrainingOptions? TrainingOptions => this.FileHeader is null ? null : ModelEvaluationData.TrainingOptionsOf(this.FileHeader);

    /// <summary>The model file's header, or null when the model was not loaded from a file.</summary>
    internal JsonObject? FileHeader { get; private init; }

    /// <summary>
    /// Loads a model file of either architecture written by a training run (<c>model.bin</c>), <see cref="Save"/>,
    /// <see cref="ClassifierModel.Save"/> or <see cref="AttentionModel.Save"/>; the header's <c>architecture</c> says which
    /// (absent, in files written before the field existed: hardmax). The file is read once.
    /// </summary>
    /// <exception cref="ModelFileException">The file is missing, not a model, newer than this library, or damaged.</exception>
    public static SentimentClassifier Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        (ClassifierModel? hardmax, AttentionModel? attention, JsonObject header) = ClassifierFile.Load(path, "model file", null);
        return attention is not null ? new SentimentClassifier(attention) { FileHeader = header } : new SentimentClassifier(hardmax!) { FileHeader = header };
    }

    /// <summary>
    /// Trains a classifier on <paramref name="split"/> (SPEC §3.2): Adam on the training reviews for
    /// <see cref="TrainingOptions.Epochs"/> epochs, then keeps the weights of the epoch with the best validation
    /// accuracy (softmax layers; the earliest on ties). Writes no files; <c>HardmaxCore.Experiments.Runs.TrainingRun</c> is
    /// the same training in a run folder, with checkpoints and resume.
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
        int cores = threads == 0 ? Environment.ProcessorCount : threads;
        if (options.Architecture == ClassifierArchitecture.Hardmax)
        {
            MemoryBudget.RequireClassifier(TrainableModel.Settings(options), cores, options.BatchSize, "lower Tokens, Dimension, Layers, BatchSize or the threads");
        }
        var text = new TextPipelineOptions { KeepNegations = options.KeepNegations };
        PreparedData data = PreparedData.Encode(split, text, options.MinCount, options.Tokens, null);
        var session = new TrainingSession(TrainingSession.Initial(options, data), data, cores, sink: null);
        if (!session.Run(null, progress is null ? null : progress.Report, cancellationToken))
        {
            throw new OperationCanceledException(cancellationToken);
        }
        ClassifierModel selected = (session.SelectedModel as HardmaxTrainable)?.Model
            ?? throw new ArgumentException("Training ran no epoch (TrainingOptions.Epochs is 0).", nameof(options));
        return new SentimentClassifier(selected) { History = session.State.History };
    }

    /// <summary>The metrics of every epoch when this classifier was made by <see cref="Train"/>; empty for a loaded model.</summary>
    public IReadOnlyList<EpochMetrics> History { get; private init; } = [];

    /// <summary>Saves the model (atomically) for <see cref="Load"/> (and the <c>hardmax</c> tool), with the training options its file recorded.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        JsonObject? training = this.FileHeader?["training"] is JsonNode node ? new JsonObject { ["training"] = node.DeepClone() } : null;
        if (this._attention is not null)
        {
            this._attention.Save(path, training);
        }
        else
        {
            this._hardmax!.Save(path, training);
        }
    }

    /// <summary>The n token ids the model reads for <paramref name="text"/> (text pipeline, vocabulary, truncation and padding).</summary>
    public int[] Encode(string text) => this.Vocabulary.Encode(text, this._pipeline, this.Tokens);

    /// <summary>
    /// Classifies one review. A hardmax model: the softmax model's probability <c>σ(v·z̄ + b)</c>, and the leaders of the
    /// last layer of the hardmax dynamics with their decoder scores <c>v·z + b</c>, by decreasing |score|. An attention
    /// model: <c>σ(logit)</c> and the <see cref="AttendedWordsShown"/> words that receive the most attention
    /// (<see cref="Prediction.Attended"/>, <see cref="Explain"/>).
    /// </summary>
    public Prediction Predict(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int[] ids = this.Encode(text);
        int known = 0;
        foreach (int id in ids)
        {
            known += id >= Vocabulary.ReservedCount ? 1 : 0;
        }
        if (this._attention is AttentionModel attention)
        {
            AttentionExplanation e = AttentionExplanation.Of(attention, this._attentionPass!, ids);
            return new Prediction(text, e.Probability, []) { KnownTokens = known, Architecture = ClassifierArchitecture.Attention, Attended = e.Top.Take(AttendedWordsShown).ToArray() };
        }
        ClassifierModel model = this._hardmax!;
        ClassifierPass<float> pass = this._pass!;
        float logit = pass.Forward(ids, model.Parameters, Attention.Softmax);
        pass.Forward(ids, model.Parameters, Attention.Hardmax);
        int d = model.Settings.Dimension;
        ReadOnlySpan<float> last = pass.Layer(model.Settings.Layers);
        var leaders = new List<LeaderWord>();
        foreach (int u in pass.Leaders(model.Settings.Layers))
        {
            float score = TensorPrimitives.Dot<float>(model.Parameters.Decoder, last.Slice(u * d, d)) + model.Parameters.Bias[0];
            leaders.Add(new LeaderWord(model.Vocabulary.WordOf(pass.UniqueWords[u]), (int)pass.Multiplicity[u], score));
        }
        leaders.Sort((a, b) => Math.Abs(b.Score).CompareTo(Math.Abs(a.Score)));
        return new Prediction(text, BinaryCrossEntropy.Sigmoid(logit), leaders) { KnownTokens = known };
    }

    /// <summary>How many of the most attended words <see cref="Predict"/> keeps for an attention model.</summary>
    public const int AttendedWordsShown = 5;

    /// <summary>The review's distinct tokens at every hardmax layer, with leaders and decoder scores (for figures and HTML).</summary>
    /// <exception cref="NotSupportedException">The classifier holds a standard self-attention model, which has no hardmax layers.</exception>
    public ReviewAnatomy Anatomy(string text)
    {
        ClassifierModel model = this._hardmax ?? throw this.Unsupported(nameof(this.Anatomy), ClassifierArchitecture.Hardmax);
        return ReviewAnatomy.Of(model, this._pass!, this.Encode(text));
    }

    /// <summary>Leaders of the last hardmax layer of already encoded ids, and how many of them were leaders at layer 0.</summary>
    /// <exception cref="NotSupportedException">The classifier holds a standard self-attention model, which has no leaders.</exception>
    public ReviewLeaders Leaders(ReadOnlySpan<int> ids)
    {
        ClassifierModel model = this._hardmax ?? throw this.Unsupported(nameof(this.Leaders), ClassifierArchitecture.Hardmax);
        this._pass!.Forward(ids, model.Parameters, Attention.Hardmax);
        return ReviewLeaders.Of(this._pass, model.Settings.Layers, model.Settings.Dimension);
    }

    /// <summary>
    /// The review under a standard self-attention model: the attention each token receives, <c>a_j = mean_i p_ij</c>, and
    /// the words that receive the most (<see cref="AttentionExplanation"/>).
    /// </summary>
    /// <exception cref="NotSupportedException">The classifier holds a hardmax model (see <see cref="Anatomy"/>).</exception>
    public AttentionExplanation Explain(string text)
    {
        AttentionModel model = this._attention ?? throw this.Unsupported(nameof(this.Explain), ClassifierArchitecture.Attention);
        return AttentionExplanation.Of(model, this._attentionPass!, this.Encode(text));
    }

    /// <summary>
    /// The logit of every review, spread over <paramref name="threads"/> (0: every core; the result does not depend on it).
    /// A hardmax model runs with <paramref name="layers"/> (softmax, as trained, or hardmax); an attention model has only
    /// its softmax attention.
    /// </summary>
    /// <exception cref="NotSupportedException">Hardmax layers asked of a standard self-attention model.</exception>
    public float[] Logits(EncodedReviews reviews, Attention layers = Attention.Softmax, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(reviews);
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        int used = threads == 0 ? Environment.ProcessorCount : threads;
        if (this._attention is AttentionModel attention)
        {
            if (layers != Attention.Softmax)
            {
                throw this.Unsupported("Hardmax layers", ClassifierArchitecture.Hardmax);
            }
            return new AttentionPasses(attention.Settings, used).Logits(reviews, attention.Parameters);
        }
        using var passes = new ParallelPasses(this._hardmax!.Settings, used);
        return passes.Logits(reviews, this._hardmax.Parameters, layers);
    }

    /// <inheritdoc/>
    public void Dispose() => this._pass?.Dispose();

    /// <summary>The error for an operation only <paramref name="needs"/> models have, naming the kind this one is.</summary>
    private NotSupportedException Unsupported(string operation, ClassifierArchitecture needs) => new(needs == ClassifierArchitecture.Hardmax
        ? $"{operation} needs a hardmax transformer (ClassifierArchitecture.Hardmax); this classifier holds a standard self-attention model (ClassifierArchitecture.Attention), which has no hardmax layers or leaders. Use Explain for the attention each word receives."
        : $"{operation} needs a standard self-attention model (ClassifierArchitecture.Attention); this classifier holds a hardmax transformer (ClassifierArchitecture.Hardmax). Use Anatomy for its leaders and followers.");
}
