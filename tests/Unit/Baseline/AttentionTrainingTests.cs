using HardmaxCore.UnitTests.Cli;
using HardmaxCore.Classifier;
using HardmaxCore.UnitTests.Training;

namespace HardmaxCore.UnitTests.Baseline;

public sealed class AttentionTrainingTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => this._folder.Dispose();

    private TrainingOptions Options(int epochs) => new()
    {
        DataPath = SyntheticReviews.WriteCsv(this._folder.Path, 400),
        Architecture = ClassifierArchitecture.Attention,
        Protocol = EvaluationProtocol.Paper,
        Dimension = 4,
        Tokens = 16,
        Epochs = epochs,
        BatchSize = 16,
        LearningRate = 0.02,
        Seed = 3,
    };

    private static float[][] Weights(AttentionTrainingRun run) => run.Model.Parameters.All.Select(a => (float[])a.Clone()).ToArray();

    [Fact]
    public void AttentionTrainingRun_LearnsSyntheticSentiment_AndSavesAnAttentionModel()
    {
        string folder = Path.Combine(this._folder.Path, "learn");
        ITrainingRun run = TrainingRuns.Start(folder, this.Options(8), threads: 2, TextWriter.Null);
        Assert.IsType<AttentionTrainingRun>(run);
        Assert.True(run.Run(null, null, CancellationToken.None));
        EpochMetrics selected = run.SelectedEpoch()!;
        Assert.True(selected.TestAccuracy >= 0.9, $"test accuracy {selected.TestAccuracy}");
        string model = Path.Combine(folder, TrainingRun.ModelFileName);
        Assert.Equal(ClassifierArchitecture.Attention, AttentionModel.ArchitectureOf(model));
        (AttentionModel loaded, _, _) = AttentionModel.Load(model);
        Assert.Equal(4, loaded.Settings.Dimension);
        ModelFileException refused = Assert.Throws<ModelFileException>(() => ClassifierModel.Load(model));
        Assert.Contains("attention", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void AttentionTrainingRun_MoreThreads_GiveTheSameBitsAsOne(int threads)
    {
        // Reviews are claimed dynamically and the reduction (embedding rows, positions, weight elements) is split into
        // per-thread ranges (uneven with 3 threads): every element must still be summed in review order.
        var one = (AttentionTrainingRun)TrainingRuns.Start(Path.Combine(this._folder.Path, "one"), this.Options(2), threads: 1, TextWriter.Null);
        Assert.True(one.Run(null, null, CancellationToken.None));
        var many = (AttentionTrainingRun)TrainingRuns.Start(Path.Combine(this._folder.Path, "many"), this.Options(2), threads: threads, TextWriter.Null);
        Assert.True(many.Run(null, null, CancellationToken.None));
        float[][] expected = Weights(one);
        float[][] actual = Weights(many);
        for (int p = 0; p < expected.Length; p++)
        {
            CliHarness.AssertBitwiseEqual(expected[p], actual[p]);
        }
        Assert.Equal(one.History.Select(m => m.TrainLoss), many.History.Select(m => m.TrainLoss));
    }

    [Fact]
    public void AttentionTrainingRun_ThreadCountAndResume_GiveBitwiseTheSameWeights()
    {
        TrainingOptions options = this.Options(2);
        var straight = (AttentionTrainingRun)TrainingRuns.Start(Path.Combine(this._folder.Path, "straight"), options, threads: 1, TextWriter.Null);
        straight.Run(null, null, CancellationToken.None);

        string folder = Path.Combine(this._folder.Path, "killed");
        using var cancel = new CancellationTokenSource();
        ITrainingRun first = TrainingRuns.Start(folder, options, threads: 2, TextWriter.Null);
        Assert.False(first.Run(progress =>
        {
            if (progress.Epoch == 2 && progress.Batch == 5)
            {
                cancel.Cancel();
            }
        }, null, cancel.Token));
        var second = (AttentionTrainingRun)TrainingRuns.Resume(folder, epochs: null, threads: 2, TextWriter.Null);
        Assert.Equal((2, 5), (second.Epoch, second.Batch));
        Assert.True(second.Run(null, null, CancellationToken.None));

        float[][] expected = Weights(straight);
        float[][] actual = Weights(second);
        for (int p = 0; p < expected.Length; p++)
        {
            Assert.Equal(expected[p], actual[p]);
        }
        Assert.Equal(straight.History.Select(m => m.TestAccuracy), second.History.Select(m => m.TestAccuracy));
    }

    [Fact]
    public void OldHardmaxHeader_WithoutArchitecture_IsHardmax()
    {
        var header = new System.Text.Json.Nodes.JsonObject { ["kind"] = "hardmax-classifier" };
        Assert.Equal(ClassifierArchitecture.Hardmax, AttentionModel.ArchitectureOf(header, "old.bin"));
        header[AttentionModel.ArchitectureField] = "transformer-xl";
        Assert.Throws<ModelFileException>(() => AttentionModel.ArchitectureOf(header, "odd.bin"));
    }
}
