namespace HardmaxCore.UnitTests.Training;

/// <summary>
/// The rules moved out of the tool (issue 18): composing a new run's options and refusing a resume that would ignore what
/// it is given, in property terms (the tool shows the flags through FlagNames).
/// </summary>
public sealed class TrainingRunsRulesTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => this._folder.Dispose();

    [Fact]
    public void Compose_HardmaxOnlySettingForTheAttentionBaseline_IsRefusedNamingTheProperty()
    {
        var error = Assert.Throws<ExperimentException>(() => TrainingRuns.Compose(null, [("architecture", "attention"), ("mask-padding", "true")], null, "data.csv"));
        Assert.StartsWith("TrainingOptions.MaskPadding belongs to the hardmax architecture", error.Message, StringComparison.Ordinal);
        // From a config.json of the attention baseline, without --architecture: refused too.
        var file = new TrainingOptions { Architecture = ClassifierArchitecture.Attention, DataPath = "file.csv", Dimension = 5 };
        Assert.Throws<ExperimentException>(() => TrainingRuns.Compose(file, [("layers", "2")], null, null));
    }

    [Fact]
    public void Compose_WithAConfig_KeepsTheFileAndPutsOnlyTheGivenValuesOnTop()
    {
        var file = new TrainingOptions { DataPath = "file.csv", Dimension = 5, Layers = 3, Seed = 9, LearningRate = 0.01 };
        TrainingOptions composed = TrainingRuns.Compose(file, [("layers", "4"), ("lr", "0.02")], seed: null, dataPath: null);
        Assert.Equal(file with { Layers = 4, LearningRate = 0.02 }, composed);
        Assert.Equal(file with { Seed = 2, DataPath = "other.csv" }, TrainingRuns.Compose(file, [], seed: 2, dataPath: "other.csv"));
        // Without a file, everything not given is the default.
        Assert.Equal(new TrainingOptions { DataPath = "d.csv", Dimension = 7 }, TrainingRuns.Compose(null, [("dim", "7")], null, "d.csv"));
    }

    [Fact]
    public void CheckResume_NamesTheConflictingProperties_AndRefusesNothingToTrain()
    {
        var options = new TrainingOptions { DataPath = SyntheticReviews.WriteCsv(this._folder.Path, 200), Dimension = 3, Layers = 2, Tokens = 16, Epochs = 1 };
        string folder = Path.Combine(this._folder.Path, "run");
        using (TrainingRun run = TrainingRun.Start(folder, options, 1, TextWriter.Null))
        {
            Assert.True(run.Run(null, null, CancellationToken.None));
        }
        var conflict = Assert.Throws<ExperimentException>(() => TrainingRuns.CheckResume(folder, [("dim", "4"), ("mask-padding", "true"), ("epochs", "3")], seed: 5, dataPath: null, epochs: 3));
        Assert.Contains("TrainingOptions.Dimension 4 (the run has 3); TrainingOptions.MaskPadding (the run has it off); TrainingOptions.Seed 5 (the run has 0)", conflict.Message, StringComparison.Ordinal);
        Assert.Contains("has already done 1 epochs", Assert.Throws<ExperimentException>(() => TrainingRuns.CheckResume(folder, [], null, null, epochs: 1)).Message, StringComparison.Ordinal);
        Assert.Contains("has finished its 1 epochs", Assert.Throws<ExperimentException>(() => TrainingRuns.CheckResume(folder, [], null, null, epochs: null)).Message, StringComparison.Ordinal);
        TrainingRuns.CheckResume(folder, [("dim", "3")], seed: 0, dataPath: options.DataPath, epochs: 2); // the same values and more epochs: fine
        Assert.Throws<ModelFileException>(() => TrainingRuns.CheckResume(Path.Combine(this._folder.Path, "none"), [], null, null, null));
    }
}
