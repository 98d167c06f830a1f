using HardmaxCore.Classifier;

namespace HardmaxCore.Experiments.Benchmarking;

/// <summary>
/// The classifier workload both <see cref="ClassifierBenchmark"/> (<c>hardmax bench --train</c>) and bench/'s
/// BenchmarkDotNet suite time: a model of [AFZ]'s shape at V words trained on seeded synthetic reviews
/// (<see cref="SyntheticInputs.Reviews"/>), batch by batch, and its forward pass over a set of reviews.
/// </summary>
internal sealed class ClassifierWorkload : IDisposable
{
    /// <summary>Reviews per training batch (SPEC §3.2).</summary>
    public const int BatchSize = 64;

    private readonly Trainer _trainer;
    private readonly int[] _order;
    private int _start;

    /// <summary>Builds the data, the initial weights, Adam (lr 10⁻³) and the trainer, on <paramref name="threads"/> threads.</summary>
    /// <param name="settings">The model shape.</param>
    /// <param name="trainingReviews">Synthetic reviews the batches cycle through.</param>
    /// <param name="inferenceReviews">Synthetic reviews of one <see cref="Infer"/> call.</param>
    /// <param name="vocabulary">V, the vocabulary size (the embedding is V × d; dense Adam updates all of it every step).</param>
    /// <param name="threads">Threads a batch is spread over.</param>
    /// <param name="seed">Seed of the data, the weights and the order.</param>
    public ClassifierWorkload(ClassifierSettings settings, int trainingReviews, int inferenceReviews, int vocabulary, int threads, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(trainingReviews, BatchSize);
        this.Settings = settings;
        this.Vocabulary = vocabulary;
        this.Threads = threads;
        this.Training = SyntheticInputs.Reviews(trainingReviews, settings.Tokens, vocabulary, seed);
        this.Inference = SyntheticInputs.Reviews(inferenceReviews, settings.Tokens, vocabulary, seed + 1);
        var parameters = ClassifierParameters<float>.Initialize(vocabulary, settings.Dimension, seed);
        var optimizer = new AdamOptimizer(parameters.All.Select(a => a.Length).ToArray(), learningRate: 1e-3);
        this._trainer = new Trainer(settings, parameters, optimizer, BatchSize, threads);
        this._order = Trainer.EpochOrder(trainingReviews, seed, epoch: 0);
    }

    /// <summary>The model shape.</summary>
    public ClassifierSettings Settings { get; }

    /// <summary>V.</summary>
    public int Vocabulary { get; }

    /// <summary>Threads a batch is spread over.</summary>
    public int Threads { get; }

    /// <summary>The training reviews.</summary>
    public EncodedReviews Training { get; }

    /// <summary>The reviews of one <see cref="Infer"/> call.</summary>
    public EncodedReviews Inference { get; }

    /// <summary>One optimisation step (forward, backward, clipping, Adam) on the next <see cref="BatchSize"/> training reviews; returns the batch loss.</summary>
    public double TrainBatch()
    {
        (double loss, _) = this._trainer.TrainBatch(this.Training, this._order, this._start, BatchSize);
        this._start = (this._start + BatchSize) % (this.Training.Count - BatchSize + 1);
        return loss;
    }

    /// <summary>The logits of every <see cref="Inference"/> review with <paramref name="attention"/> layers.</summary>
    public float[] Infer(Attention attention) => this._trainer.Logits(this.Inference, attention);

    /// <inheritdoc/>
    public void Dispose() => this._trainer.Dispose();
}
