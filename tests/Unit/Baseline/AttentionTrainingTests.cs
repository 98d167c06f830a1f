using System.Text.Json.Nodes;
using HardmaxCore.Classifier;
using HardmaxCore.Experiments.Runs;
using HardmaxCore.UnitTests.Cli;
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

    private static float[][] Weights(TrainingRun run) => run.State.Model.Arrays.Select(a => (float[])a.Clone()).ToArray();

    [Fact]
    public void AttentionTrainingRun_LearnsSyntheticSentiment_AndSavesAnAttentionModel()
    {
        string folder = Path.Combine(this._folder.Path, "learn");
        ITrainingRun run = TrainingRuns.Start(folder, this.Options(8), threads: 2, TextWriter.Null);
        Assert.Equal(ClassifierArchitecture.Attention, Assert.IsType<TrainingRun>(run).Architecture);
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
        var one = (TrainingRun)TrainingRuns.Start(Path.Combine(this._folder.Path, "one"), this.Options(2), threads: 1, TextWriter.Null);
        Assert.True(one.Run(null, null, CancellationToken.None));
        var many = (TrainingRun)TrainingRuns.Start(Path.Combine(this._folder.Path, "many"), this.Options(2), threads: threads, TextWriter.Null);
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
        var straight = (TrainingRun)TrainingRuns.Start(Path.Combine(this._folder.Path, "straight"), options, threads: 1, TextWriter.Null);
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
        var second = (TrainingRun)TrainingRuns.Resume(folder, epochs: null, threads: 2, TextWriter.Null);
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
    public void AttentionRun_WritesTheHardmaxRunsFields_InMetricsAndModelHeader()
    {
        // One epoch loop for both architectures (issue 18, 4): the baseline's metrics.json and model header carry the
        // fields of the hardmax model's (provenance, finished, peak memory, best test epoch, parameters).
        string hardmaxFolder = Path.Combine(this._folder.Path, "hardmax");
        string attentionFolder = Path.Combine(this._folder.Path, "attention");
        using (ITrainingRun hardmax = TrainingRuns.Start(hardmaxFolder, this.Options(1) with { Architecture = ClassifierArchitecture.Hardmax, Layers = 1 }, threads: 1, TextWriter.Null))
        {
            Assert.True(hardmax.Run(null, null, CancellationToken.None));
        }
        using (ITrainingRun attention = TrainingRuns.Start(attentionFolder, this.Options(1), threads: 1, TextWriter.Null))
        {
            Assert.True(attention.Run(null, null, CancellationToken.None));
        }
        JsonObject Metrics(string folder) => JsonNode.Parse(File.ReadAllText(Path.Combine(folder, TrainingRun.MetricsFileName)))!.AsObject();
        JsonObject Header(string folder) => ModelFile.LoadHeader(Path.Combine(folder, TrainingRun.ModelFileName), "model file");
        Assert.Equal(Metrics(hardmaxFolder).Select(p => p.Key).Order(StringComparer.Ordinal), Metrics(attentionFolder).Select(p => p.Key).Order(StringComparer.Ordinal));
        JsonObject metrics = Metrics(attentionFolder);
        Assert.True(metrics["finished"]!.GetValue<bool>());
        Assert.True(metrics["peakWorkingSetBytes"]!.GetValue<long>() > 0);
        Assert.NotNull(metrics["bestTestEpoch"]);
        Assert.NotNull(metrics["provenance"]);
        string[] hardmaxOnly = ["layers", "temperature", "maskPadding"];
        // One header for both kinds: the same kind and an architecture field in both (issue 18), the shape fields aside.
        Assert.Equal(
            Header(hardmaxFolder).Select(p => p.Key).Except(hardmaxOnly).Order(StringComparer.Ordinal),
            Header(attentionFolder).Select(p => p.Key).Except(["hidden"]).Order(StringComparer.Ordinal));
        Assert.Equal("hardmax", Header(hardmaxFolder)["architecture"]!.GetValue<string>());
        Assert.NotNull(Header(attentionFolder)["provenance"]);
    }

    [Fact]
    public void AttentionRun_Diverging_StopsWithTheLastGoodCheckpointKept()
    {
        // The baseline gets the hardmax run's divergence check: an absurd learning rate stops the run with a clear error.
        string folder = Path.Combine(this._folder.Path, "diverged");
        using ITrainingRun run = TrainingRuns.Start(folder, this.Options(3) with { LearningRate = 1e30, ClipNorm = 1e30 }, threads: 1, TextWriter.Null);
        ClassifierException error = Assert.Throws<ClassifierException>(() => run.Run(null, null, CancellationToken.None));
        Assert.Contains("training diverged", error.Message, StringComparison.Ordinal);
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
