namespace HardmaxCore.UnitTests.Training;

/// <summary>
/// <see cref="SentimentClassifier.Train"/>, the library's training entry point: the same training as a run folder
/// (<see cref="TrainingRun"/>, what <c>hardmax train</c> does), with progress and cancellation, writing no files.
/// </summary>
public sealed class SentimentClassifierTrainTests : IDisposable
{
    private const int Epochs = 6;

    private readonly TemporaryFolder _folder = new();

    public void Dispose() => this._folder.Dispose();

    private TrainingOptions Options(string data) => new()
    {
        DataPath = data,
        Protocol = EvaluationProtocol.Paper,
        Dimension = 4,
        Layers = 3,
        Tokens = 16,
        Epochs = Epochs,
        BatchSize = 16,
        LearningRate = 0.05,
        Seed = 3,
    };

    /// <summary>An <see cref="IProgress{T}"/> that records on the caller's thread (Progress&lt;T&gt; would post to the pool).</summary>
    private sealed class Recorder : IProgress<EpochMetrics>
    {
        public List<EpochMetrics> Epochs { get; } = [];

        public void Report(EpochMetrics value) => this.Epochs.Add(value);
    }

    [Fact]
    public void SentimentClassifier_Train_KeepsTheSelectedEpochBitForBitAsARunFolder()
    {
        string data = SyntheticReviews.WriteCsv(this._folder.Path, 400);
        TrainingOptions options = this.Options(data);
        string folder = Path.Combine(this._folder.Path, "run");
        TrainingRun run = TrainingRun.Start(folder, options, threads: 2, TextWriter.Null);
        Assert.True(run.Run(null, null, CancellationToken.None));
        int selected = run.SelectedEpoch()!.Epoch;
        // The data learn fast, validation accuracy stops improving and the earliest best epoch wins: the selected
        // weights differ from the last epoch's, so keeping the live (final) weights instead would fail below.
        Assert.True(selected < Epochs, $"selected epoch {selected} of {Epochs}: the test needs an earlier one");

        DatasetSplit split = DatasetSplit.Create(ReviewDataset.Load(data).Reviews, options.Protocol, options.ValidationFraction, options.Seed);
        var progress = new Recorder();
        using SentimentClassifier trained = SentimentClassifier.Train(split, options with { DataPath = null }, progress, threads: 1);
        using SentimentClassifier saved = SentimentClassifier.Load(Path.Combine(folder, TrainingRun.ModelFileName));

        float[][] expected = saved.Model.Parameters.All;
        float[][] actual = trained.Model.Parameters.All;
        Assert.Equal(expected.Length, actual.Length);
        for (int a = 0; a < expected.Length; a++)
        {
            Assert.Equal(expected[a], actual[a]); // exact: one code path, and the result does not depend on threads
        }
        Assert.Equal(saved.Model.Vocabulary.Words, trained.Model.Vocabulary.Words);
        Assert.Equal(Enumerable.Range(1, Epochs), progress.Epochs.Select(m => m.Epoch));
        Assert.Equal(run.History.Select(m => m.ValidationAccuracy), trained.History.Select(m => m.ValidationAccuracy));
        Assert.Equal(run.History.Select(m => m.TrainLoss), progress.Epochs.Select(m => m.TrainLoss));
        Assert.Equal("positive", trained.Predict("a superb and moving film, brilliant").Label);
        Assert.Equal("negative", trained.Predict("awful, boring and dull").Label);
    }

    [Fact]
    public void SentimentClassifier_Train_Cancelled_ThrowsOperationCanceled()
    {
        string data = SyntheticReviews.WriteCsv(this._folder.Path, 200);
        DatasetSplit split = DatasetSplit.Create(ReviewDataset.Load(data).Reviews, EvaluationProtocol.Paper, 0.1, seed: 0);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        Assert.Throws<OperationCanceledException>(() => SentimentClassifier.Train(split, this.Options(data), cancellationToken: cancel.Token));
        Assert.Equal(["synthetic-200-1.csv"], Directory.GetFileSystemEntries(this._folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void SentimentClassifier_SaveThenLoad_PredictsTheSame()
    {
        string data = SyntheticReviews.WriteCsv(this._folder.Path, 200);
        DatasetSplit split = DatasetSplit.Create(ReviewDataset.Load(data).Reviews, EvaluationProtocol.Paper, 0.1, seed: 0);
        using SentimentClassifier trained = SentimentClassifier.Train(split, this.Options(data) with { Epochs = 2 });
        string path = Path.Combine(this._folder.Path, "model.bin");
        trained.Save(path);
        using SentimentClassifier loaded = SentimentClassifier.Load(path);

        Prediction before = trained.Predict("a wonderful film with a dull ending");
        Prediction after = loaded.Predict("a wonderful film with a dull ending");
        Assert.Equal(before.Probability, after.Probability);
        Assert.Equal(before.Leaders, after.Leaders);
        Assert.Empty(loaded.History);
        Assert.Equal(2, trained.History.Count);
    }

    [Fact]
    public void TrainingRun_Start_WithoutDataPath_ThrowsClassifierException()
    {
        var options = new TrainingOptions { Epochs = 1 };

        var error = Assert.Throws<ClassifierException>(() => TrainingRun.Start(Path.Combine(this._folder.Path, "run"), options, 1, TextWriter.Null));
        Assert.Contains("SentimentClassifier.Train", error.Message, StringComparison.Ordinal);
    }
}
