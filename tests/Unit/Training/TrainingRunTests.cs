using HardmaxCore.UnitTests.Cli;
using HardmaxCore.Classifier;

namespace HardmaxCore.UnitTests.Training;

public sealed class TrainingRunTests : IDisposable
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
    };

    private static float[][] Weights(TrainingRun run) => run.State.Hardmax.Parameters.All.Select(a => (float[])a.Clone()).ToArray();

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void TrainingRun_MoreThreads_GiveTheSameBitsAsOne(int threads)
    {
        // Reviews are claimed dynamically and the reduction is split into per-thread row ranges (uneven with 3 threads):
        // every element must still be summed in review order.
        TrainingRun one = TrainingRun.Start(Path.Combine(this._folder.Path, "one"), this.Options(2), threads: 1, TextWriter.Null);
        Assert.True(one.Run(null, null, CancellationToken.None));
        TrainingRun many = TrainingRun.Start(Path.Combine(this._folder.Path, "many"), this.Options(2), threads: threads, TextWriter.Null);
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
    public void TrainingRun_LearnsSyntheticSentiment()
    {
        TrainingRun run = TrainingRun.Start(Path.Combine(this._folder.Path, "learn"), this.Options(8), threads: 2, TextWriter.Null);
        Assert.True(run.Run(null, null, CancellationToken.None));
        EpochMetrics selected = run.SelectedEpoch()!;
        Assert.True(selected.TestAccuracy >= 0.9, $"test accuracy {selected.TestAccuracy}");
        Assert.True(selected.TestAgreement >= 0.95, $"softmax/hardmax agreement {selected.TestAgreement}");
        Assert.True(File.Exists(Path.Combine(this._folder.Path, "learn", TrainingRun.ModelFileName)));
        Assert.True(File.Exists(Path.Combine(this._folder.Path, "learn", TrainingRun.MetricsFileName)));
    }

    [Fact]
    public void TrainingRun_ResumeAfterOneEpoch_EqualsUninterrupted()
    {
        TrainingOptions options = this.Options(2);
        TrainingRun straight = TrainingRun.Start(Path.Combine(this._folder.Path, "straight"), options, threads: 2, TextWriter.Null);
        straight.Run(null, null, CancellationToken.None);

        string folder = Path.Combine(this._folder.Path, "resumed");
        TrainingRun first = TrainingRun.Start(folder, options with { Epochs = 1 }, threads: 1, TextWriter.Null);
        first.Run(null, null, CancellationToken.None);
        TrainingRun second = TrainingRun.Resume(folder, epochs: 2, threads: 2, TextWriter.Null);
        second.Run(null, null, CancellationToken.None);

        AssertSameRun(straight, second);
    }

    [Fact]
    public void TrainingRun_ResumeAfterInterruptMidEpoch_EqualsUninterrupted()
    {
        TrainingOptions options = this.Options(2);
        TrainingRun straight = TrainingRun.Start(Path.Combine(this._folder.Path, "straight"), options, threads: 2, TextWriter.Null);
        straight.Run(null, null, CancellationToken.None);

        string folder = Path.Combine(this._folder.Path, "killed");
        using var cancel = new CancellationTokenSource();
        TrainingRun first = TrainingRun.Start(folder, options, threads: 2, TextWriter.Null);
        bool finished = first.Run(progress =>
        {
            if (progress.Epoch == 2 && progress.Batch == 5)
            {
                cancel.Cancel();
            }
        }, null, cancel.Token);
        Assert.False(finished);
        TrainingRun second = TrainingRun.Resume(folder, epochs: null, threads: 1, TextWriter.Null);
        Assert.Equal((2, 5), (second.State.Epoch, second.State.Batch));
        Assert.True(second.Run(null, null, CancellationToken.None));

        AssertSameRun(straight, second);
    }

    private static void AssertSameRun(TrainingRun expected, TrainingRun actual)
    {
        float[][] a = Weights(expected);
        float[][] b = Weights(actual);
        for (int p = 0; p < a.Length; p++)
        {
            Assert.Equal(a[p], b[p]);
        }
        Assert.Equal(
            expected.State.History.Select(m => (m.Epoch, m.TrainLoss, m.TrainAccuracy, m.ValidationAccuracy, m.TestAccuracy, m.TestAccuracyHardmax, m.Alpha)),
            actual.State.History.Select(m => (m.Epoch, m.TrainLoss, m.TrainAccuracy, m.ValidationAccuracy, m.TestAccuracy, m.TestAccuracyHardmax, m.Alpha)));
    }
}
