using System.Text.Json.Nodes;

namespace HardmaxCore.Classifier;

/// <summary>
/// What <see cref="TrainingSession"/> needs of an architecture (the hardmax transformer or the standard self-attention
/// baseline): its weights as the arrays Adam updates and the model file stores, its header, a training step, its
/// evaluation after an epoch, and the checks it makes. Everything else — the epoch loop, checkpoints, resume, the
/// divergence check, model selection, provenance and the run folder's files — is the run's, one copy for both.
/// </summary>
internal abstract class TrainableModel
{
    /// <summary>Which architecture this is (the header's <c>architecture</c> field).</summary>
    public abstract ClassifierArchitecture Architecture { get; }

    /// <summary>The weight arrays in model-file order (updated in place by training).</summary>
    public abstract float[][] Arrays { get; }

    /// <summary>The words, id order.</summary>
    public abstract Vocabulary Vocabulary { get; }

    /// <summary>The text pipeline options the vocabulary was built with.</summary>
    public abstract TextPipelineOptions Text { get; }

    /// <summary>Number of trainable values.</summary>
    public long ParameterCount => this.Arrays.Sum(a => a.LongLength);

    /// <summary>α of the hardmax model (shown while training), NaN for an architecture without it.</summary>
    public abstract double Alpha { get; }

    /// <summary>The header of a model or checkpoint file (everything but the arrays), with <paramref name="extra"/> fields.</summary>
    public abstract JsonObject Header(JsonObject? extra);

    /// <summary>A deep copy (the model of the selected epoch).</summary>
    public abstract TrainableModel Clone();

    /// <summary>Whether the weights every batch updates (and every other weight feeds) are finite: the divergence check.</summary>
    public abstract bool WeightsFinite();

    /// <summary>The training step over these weights with <paramref name="optimizer"/>.</summary>
    public abstract ITrainingStep Step(AdamOptimizer optimizer, TrainingOptions options, int threads);

    /// <summary>Refuses a run whose passes do not fit in memory.</summary>
    /// <exception cref="ClassifierException">They do not fit.</exception>
    public abstract void RequireMemory(TrainingOptions options, int threads, string remedy);

    /// <summary>What in <paramref name="options"/> disagrees with the shape of these weights, or null.</summary>
    public abstract string? ShapeConflict(TrainingOptions options);

    /// <summary>Saves the model atomically.</summary>
    public void Save(string path, JsonObject? extra) => ModelFile.Save(path, this.Header(extra), this.Arrays);

    /// <summary>New weights for <paramref name="options"/> on a vocabulary (seeded by <see cref="TrainingOptions.Seed"/>).</summary>
    public static TrainableModel Initialize(TrainingOptions options, TextPipelineOptions text, Vocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (options.Architecture == ClassifierArchitecture.Attention)
        {
            var attention = new AttentionSettings(options.Tokens, options.Dimension);
            return new AttentionTrainable(new AttentionModel(attention, text, vocabulary, AttentionParameters<float>.Initialize(vocabulary.Count, attention, options.Seed)));
        }
        var settings = Settings(options);
        var parameters = ClassifierParameters<float>.Initialize(vocabulary.Count, options.Dimension, options.Seed);
        if (options.InitialAlpha is double alpha)
        {
            // Everything else is drawn exactly as without it, so runs differing only here share E, v and b.
            parameters.Alpha[0] = (float)alpha;
        }
        return new HardmaxTrainable(new ClassifierModel(settings, text, vocabulary, parameters));
    }

    /// <summary>The model a header describes, of the architecture it declares, with zero weights to stream the file into.</summary>
    /// <exception cref="ModelFileException">Not a classifier, or a damaged header.</exception>
    public static TrainableModel FromHeader(JsonObject header, string path, long remaining)
        => AttentionModel.ArchitectureOf(header, path) == ClassifierArchitecture.Attention
            ? new AttentionTrainable(AttentionModel.FromHeader(header, path, remaining))
            : new HardmaxTrainable(ClassifierModel.FromHeader(header, path, remaining));

    /// <summary>The message for weight array <paramref name="a"/> of the wrong length.</summary>
    public abstract string Mismatch(int a, long found, long expected);

    /// <summary>The hardmax shape of <paramref name="options"/>.</summary>
    public static ClassifierSettings Settings(TrainingOptions options)
        => new(options.Tokens, options.Dimension, options.Layers, options.Temperature, options.MaskPadding);
}

/// <summary>One optimisation step and the evaluation after an epoch, of one architecture.</summary>
internal interface ITrainingStep : IDisposable
{
    /// <summary>One step on the reviews <c>order[start .. start+count)</c>; returns their summed loss and number correct.</summary>
    (double Loss, int Correct) TrainBatch(EncodedReviews data, int[] order, int start, int count);

    /// <summary>The validation and test columns of an epoch's metrics (NaN where the architecture has no such column).</summary>
    EpochMetrics Evaluate(PreparedData data);
}

/// <summary>The hardmax transformer (SPEC §3) as <see cref="TrainingSession"/> trains it.</summary>
internal sealed class HardmaxTrainable(ClassifierModel model) : TrainableModel
{
    /// <summary>The model.</summary>
    public ClassifierModel Model { get; } = model;

    public override ClassifierArchitecture Architecture => ClassifierArchitecture.Hardmax;

    public override float[][] Arrays => this.Model.Parameters.All;

    public override Vocabulary Vocabulary => this.Model.Vocabulary;

    public override TextPipelineOptions Text => this.Model.Text;

    public override double Alpha => this.Model.Parameters.Alpha[0];

    public override JsonObject Header(JsonObject? extra) => this.Model.Header(extra);

    public override TrainableModel Clone() => new HardmaxTrainable(this.Model with { Parameters = this.Model.Parameters.Clone() });

    /// <summary>α, v and b (updated every batch, and fed by every embedding row).</summary>
    public override bool WeightsFinite()
        => float.IsFinite(this.Model.Parameters.Alpha[0]) && float.IsFinite(this.Model.Parameters.Bias[0]) && ModelFile.FirstNonFinite(this.Model.Parameters.Decoder) < 0;

    public override ITrainingStep Step(AdamOptimizer optimizer, TrainingOptions options, int threads)
        => new HardmaxStep(new Trainer(this.Model.Settings, this.Model.Parameters, optimizer, options.BatchSize, threads, options.ClipNorm));

    public override void RequireMemory(TrainingOptions options, int threads, string remedy)
        => MemoryBudget.RequireClassifier(this.Model.Settings, threads, options.BatchSize, remedy);

    public override string? ShapeConflict(TrainingOptions options)
    {
        ClassifierSettings settings = this.Model.Settings;
        return options.Tokens != settings.Tokens || options.Dimension != settings.Dimension || options.Layers != settings.Layers
            ? $"the options say n = {options.Tokens}, d = {options.Dimension}, K = {options.Layers} but the weights are for n = {settings.Tokens}, d = {settings.Dimension}, K = {settings.Layers}"
            : null;
    }

    public override string Mismatch(int a, long found, long expected) => ClassifierModel.Mismatch(this.Model, a, found, expected);

    private sealed class HardmaxStep(Trainer trainer) : ITrainingStep
    {
        public (double Loss, int Correct) TrainBatch(EncodedReviews data, int[] order, int start, int count) => trainer.TrainBatch(data, order, start, count);

        /// <summary>Softmax and hardmax layers on validation and test, and how often the two agree on test.</summary>
        public EpochMetrics Evaluate(PreparedData data)
        {
            float[] validation = trainer.Logits(data.Validation, Attention.Softmax);
            float[] validationHard = trainer.Logits(data.Validation, Attention.Hardmax);
            float[] test = trainer.Logits(data.Test, Attention.Softmax);
            float[] testHard = trainer.Logits(data.Test, Attention.Hardmax);
            int agree = 0;
            for (int r = 0; r < test.Length; r++)
            {
                agree += (test[r] > 0) == (testHard[r] > 0) ? 1 : 0;
            }
            return new EpochMetrics
            {
                ValidationAccuracy = TrainingSession.Accuracy(validation, data.Validation.Labels),
                ValidationLoss = BinaryCrossEntropy.MeanLoss(validation, data.Validation.Labels),
                ValidationAccuracyHardmax = TrainingSession.Accuracy(validationHard, data.Validation.Labels),
                TestAccuracy = TrainingSession.Accuracy(test, data.Test.Labels),
                TestAccuracyHardmax = TrainingSession.Accuracy(testHard, data.Test.Labels),
                TestAgreement = test.Length == 0 ? double.NaN : (double)agree / test.Length,
                Alpha = trainer.Parameters.Alpha[0],
            };
        }

        public void Dispose() => trainer.Dispose();
    }
}

/// <summary>The standard self-attention baseline as <see cref="TrainingSession"/> trains it (no hardmax columns, no α).</summary>
internal sealed class AttentionTrainable(AttentionModel model) : TrainableModel
{
    /// <summary>The model.</summary>
    public AttentionModel Model { get; } = model;

    public override ClassifierArchitecture Architecture => ClassifierArchitecture.Attention;

    public override float[][] Arrays => this.Model.Parameters.All;

    public override Vocabulary Vocabulary => this.Model.Vocabulary;

    public override TextPipelineOptions Text => this.Model.Text;

    public override double Alpha => double.NaN;

    public override JsonObject Header(JsonObject? extra) => this.Model.Header(extra);

    public override TrainableModel Clone() => new AttentionTrainable(this.Model with { Parameters = this.Model.Parameters.Clone() });

    /// <summary>w₂ and b₂ (updated every batch, and fed by every other weight).</summary>
    public override bool WeightsFinite()
        => float.IsFinite(this.Model.Parameters.OutputBias[0]) && ModelFile.FirstNonFinite(this.Model.Parameters.Output) < 0;

    public override ITrainingStep Step(AdamOptimizer optimizer, TrainingOptions options, int threads)
        => new AttentionStep(new AttentionTrainer(this.Model.Parameters, optimizer, options.BatchSize, threads, options.ClipNorm));

    public override void RequireMemory(TrainingOptions options, int threads, string remedy)
        => MemoryBudget.RequireModel(this.Model.Vocabulary.Count, this.Model.Settings.Dimension, remedy);

    public override string? ShapeConflict(TrainingOptions options)
    {
        AttentionSettings settings = this.Model.Settings;
        return options.Tokens != settings.Tokens || options.Dimension != settings.Dimension
            ? $"the options say n = {options.Tokens}, d = {options.Dimension} but the weights are for n = {settings.Tokens}, d = {settings.Dimension}"
            : null;
    }

    public override string Mismatch(int a, long found, long expected) => AttentionModel.Mismatch(this.Model, a, found, expected);

    private sealed class AttentionStep(AttentionTrainer trainer) : ITrainingStep
    {
        public (double Loss, int Correct) TrainBatch(EncodedReviews data, int[] order, int start, int count) => trainer.TrainBatch(data, order, start, count);

        public EpochMetrics Evaluate(PreparedData data)
        {
            float[] validation = trainer.Logits(data.Validation);
            float[] test = trainer.Logits(data.Test);
            return new EpochMetrics
            {
                ValidationAccuracy = TrainingSession.Accuracy(validation, data.Validation.Labels),
                ValidationLoss = BinaryCrossEntropy.MeanLoss(validation, data.Validation.Labels),
                ValidationAccuracyHardmax = double.NaN,
                TestAccuracy = TrainingSession.Accuracy(test, data.Test.Labels),
                TestAccuracyHardmax = double.NaN,
                TestAgreement = double.NaN,
                Alpha = double.NaN,
            };
        }

        public void Dispose()
        {
        }
    }
}
