using HardmaxCore.Experiments.Runs;
using HardmaxCore.UnitTests.Cli;

namespace HardmaxCore.UnitTests.Training;

/// <summary>Training with lazy Adam: deterministic, thread-independent, resumable, and it learns.</summary>
public sealed class LazyAdamTrainingTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => this._folder.Dispose();

    private TrainingOptions Options(int epochs) => new()
    {
        DataPath = SyntheticReviews.WriteCsv(this._folder.Path, 400),
        Protocol = EvaluationProtocol.Paper,
        Dimension = 4,
        Layers = 3,
        Tokens = 16,
        Epochs = epochs,
        BatchSize = 16,
        LearningRate = 0.02,
        Seed = 3,
        Optimizer = OptimizerKind.LazyAdam,
    };

    [Fact]
    public void LazyAdam_SameRunTwice_OnOneAndTwoThreads_GivesTheSameBits()
    {
        TrainingRun one = TrainingRun.Start(Path.Combine(this._folder.Path, "one"), this.Options(2), threads: 1, TextWriter.Null);
        Assert.True(one.Run(null, null, CancellationToken.None));
        TrainingRun two = TrainingRun.Start(Path.Combine(this._folder.Path, "two"), this.Options(2), threads: 2, TextWriter.Null);
        Assert.True(two.Run(null, null, CancellationToken.None));
        for (int p = 0; p < 4; p++)
        {
            CliHarness.AssertBitwiseEqual(one.State.Hardmax.Parameters.All[p], two.State.Hardmax.Parameters.All[p]);
        }
        Assert.Equal(OptimizerKind.LazyAdam, one.State.Optimizer.Kind);
    }

    [Fact]
    public void LazyAdam_LearnsSyntheticSentiment_AndDiffersFromDenseAdam()
    {
        TrainingRun lazy = TrainingRun.Start(Path.Combine(this._folder.Path, "lazy"), this.Options(8), threads: 2, TextWriter.Null);
        Assert.True(lazy.Run(null, null, CancellationToken.None));
        Assert.True(lazy.SelectedEpoch()!.TestAccuracy >= 0.9, $"test accuracy {lazy.SelectedEpoch()!.TestAccuracy}");
        TrainingRun dense = TrainingRun.Start(Path.Combine(this._folder.Path, "dense"), this.Options(1) with { Optimizer = OptimizerKind.Adam }, threads: 2, TextWriter.Null);
        dense.Run(null, null, CancellationToken.None);
        TrainingRun lazyOne = TrainingRun.Start(Path.Combine(this._folder.Path, "lazy1"), this.Options(1), threads: 2, TextWriter.Null);
        lazyOne.Run(null, null, CancellationToken.None);
        Assert.NotEqual(dense.State.Hardmax.Parameters.Embedding, lazyOne.State.Hardmax.Parameters.Embedding);
    }

    [Fact]
    public void LazyAdam_ResumeAfterInterruptMidEpoch_EqualsUninterrupted_AndCheckpointKeepsTheKind()
    {
        TrainingRun straight = TrainingRun.Start(Path.Combine(this._folder.Path, "straight"), this.Options(2), threads: 2, TextWriter.Null);
        straight.Run(null, null, CancellationToken.None);
        string folder = Path.Combine(this._folder.Path, "killed");
        using var cancel = new CancellationTokenSource();
        TrainingRun first = TrainingRun.Start(folder, this.Options(2), threads: 2, TextWriter.Null);
        Assert.False(first.Run(p => { if (p.Epoch == 2 && p.Batch == 3) { cancel.Cancel(); } }, null, cancel.Token));
        TrainingRun second = TrainingRun.Resume(folder, epochs: null, threads: 1, TextWriter.Null);
        Assert.Equal(OptimizerKind.LazyAdam, second.State.Optimizer.Kind);
        Assert.True(second.Run(null, null, CancellationToken.None));
        for (int p = 0; p < 4; p++)
        {
            CliHarness.AssertBitwiseEqual(straight.State.Hardmax.Parameters.All[p], second.State.Hardmax.Parameters.All[p]);
        }
        string metrics = File.ReadAllText(Path.Combine(folder, TrainingRun.MetricsFileName));
        Assert.Contains("\"optimizer\": \"lazy-adam\"", metrics, StringComparison.Ordinal);
        Assert.Contains("\"peakWorkingSetBytes\"", metrics, StringComparison.Ordinal);
        Assert.Contains("\"finished\": true", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainingRun_InitialAlpha_SetsAlphaOnly()
    {
        TrainingRun drawn = TrainingRun.Start(Path.Combine(this._folder.Path, "drawn"), this.Options(1), threads: 1, TextWriter.Null);
        TrainingRun zero = TrainingRun.Start(Path.Combine(this._folder.Path, "zero"), this.Options(1) with { InitialAlpha = 0 }, threads: 1, TextWriter.Null);
        Assert.Equal(0f, zero.State.Hardmax.Parameters.Alpha[0]);
        Assert.NotEqual(0f, drawn.State.Hardmax.Parameters.Alpha[0]);
        CliHarness.AssertBitwiseEqual(drawn.State.Hardmax.Parameters.Embedding, zero.State.Hardmax.Parameters.Embedding);
        CliHarness.AssertBitwiseEqual(drawn.State.Hardmax.Parameters.Decoder, zero.State.Hardmax.Parameters.Decoder);
        Assert.Equal(["0", "0.5"], SweepAxis.Parse("alpha-init", "0,5e-1").Values);
        Assert.Throws<ArgumentException>(() => SweepAxis.Parse("alpha-init", "-1"));
    }
}
