
namespace HardmaxCore.Classifier;

/// <summary>Everything that determines a training run (SPEC §3.2–§3.4); saved in the checkpoint and in metrics.json.</summary>
/// <remarks>
/// The only source of the defaults. Every property validates when it is set (in an initializer, a <c>with</c> expression or
/// when a saved run is read): a bad value throws <see cref="ArgumentOutOfRangeException"/> whose
/// <see cref="ArgumentException.ParamName"/> is the property and whose message names it, e.g.
/// <c>TrainingOptions.BatchSize must be between 1 and 1048576 (found 0).</c>
/// </remarks>
public sealed record TrainingOptions
{
    /// <summary>
    /// The dataset for <c>TrainingRun.Start</c> (HardmaxCore.Experiments.Runs): archive, aclImdb folder or CSV; null when the reviews are given
    /// in memory (<see cref="SentimentClassifier.Train"/>).
    /// </summary>
    public string? DataPath { get; init; }

    /// <summary>The model trained: the hardmax transformer (default) or the standard self-attention baseline.</summary>
    public ClassifierArchitecture Architecture
    {
        get;
        init => field = Throw.Defined(value, nameof(TrainingOptions), nameof(this.Architecture));
    } = ClassifierArchitecture.Hardmax;

    /// <summary>standard or paper (SPEC §3.4).</summary>
    public EvaluationProtocol Protocol
    {
        get;
        init => field = Throw.Defined(value, nameof(TrainingOptions), nameof(this.Protocol));
    } = EvaluationProtocol.Paper;

    /// <summary>d.</summary>
    public int Dimension
    {
        get;
        init => field = Throw.InRange(value, 1, SizeLimits.MaxDimension, nameof(TrainingOptions), nameof(this.Dimension));
    } = 16;

    /// <summary>K.</summary>
    public int Layers
    {
        get;
        init => field = Throw.InRange(value, 0, SizeLimits.MaxLayers, nameof(TrainingOptions), nameof(this.Layers));
    } = 8;

    /// <summary>n.</summary>
    public int Tokens
    {
        get;
        init => field = Throw.InRange(value, 1, SizeLimits.MaxTokens, nameof(TrainingOptions), nameof(this.Tokens));
    } = 128;

    /// <summary>τ.</summary>
    public double Temperature
    {
        get;
        init => field = Throw.Positive(value, nameof(TrainingOptions), nameof(this.Temperature), "[AFZ] uses 1e-3.");
    } = 1e-3;

    /// <summary>Epochs to train in all (a resumed run continues up to this).</summary>
    public int Epochs
    {
        get;
        init => field = Throw.InRange(value, 1, int.MaxValue, nameof(TrainingOptions), nameof(this.Epochs));
    } = 10;

    /// <summary>Fraction of the training split held out for choosing the epoch.</summary>
    public double ValidationFraction
    {
        get;
        init => field = value > 0 && value < 1 ? value : Throw.OutOfRange(nameof(TrainingOptions), nameof(this.ValidationFraction), value, "above 0 and below 1", "Try 0.1.");
    } = 0.1;

    /// <summary>Seed of the split, the initialisation and the shuffles.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// The default learning rate, 2·10⁻³: chosen on mean validation accuracy over seeds in a sweep of 10⁻³ and 2·10⁻³
    /// (paper protocol, 30 epochs, d = 2, 4, 8, 16; README, Accuracy). PyTorch's default, 10⁻³, was the default before.
    /// </summary>
    public const double DefaultLearningRate = 2e-3;

    /// <summary>Adam's learning rate (default <see cref="DefaultLearningRate"/>).</summary>
    public double LearningRate
    {
        get;
        init => field = Throw.Positive(value, nameof(TrainingOptions), nameof(this.LearningRate), "The default is 2e-3.");
    } = DefaultLearningRate;

    /// <summary>Reviews per batch.</summary>
    public int BatchSize
    {
        get;
        init => field = Throw.InRange(value, 1, SizeLimits.MaxBatch, nameof(TrainingOptions), nameof(this.BatchSize));
    } = 64;

    /// <summary>Leave the padding out of attention and of the mean.</summary>
    public bool MaskPadding { get; init; }

    /// <summary>Keep negations out of the stopword list.</summary>
    public bool KeepNegations { get; init; }

    /// <summary>Minimum count of a word in the training split to get its own id.</summary>
    public int MinCount
    {
        get;
        init => field = Throw.InRange(value, 1, int.MaxValue, nameof(TrainingOptions), nameof(this.MinCount));
    } = 1;

    /// <summary>Use only this many reviews (a seeded subset), for quick runs; null for all.</summary>
    public int? Limit
    {
        get;
        init => field = value is null or >= 1 ? value : Throw.OutOfRange(nameof(TrainingOptions), nameof(this.Limit), value, "null (all reviews) or ≥ 1");
    }

    /// <summary>Global gradient-norm bound.</summary>
    public double ClipNorm
    {
        get;
        init => field = Throw.Positive(value, nameof(TrainingOptions), nameof(this.ClipNorm));
    } = 5;

    /// <summary>α at initialisation; null draws it from U(0, 1) with the seed (PyTorch's default, SPEC §3.1).</summary>
    public double? InitialAlpha
    {
        get;
        init => field = value is null || (value >= 0 && double.IsFinite(value.Value)) ? value : Throw.OutOfRange(nameof(TrainingOptions), nameof(this.InitialAlpha), value, "null (drawn with the seed) or a finite number ≥ 0");
    }

    /// <summary>Dense Adam (PyTorch's Adam, the default) or lazy Adam (PyTorch's SparseAdam) on the embedding.</summary>
    public OptimizerKind Optimizer
    {
        get;
        init => field = Throw.Defined(value, nameof(TrainingOptions), nameof(this.Optimizer));
    } = OptimizerKind.Adam;
}
