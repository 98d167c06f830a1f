using HardmaxCore.Experiments.Runs;
using HardmaxCore.UnitTests.Data;

namespace HardmaxCore.UnitTests.Training;

/// <summary>
/// Issue 21: a cancellation token reaches the loading of the data (ReviewDataset, PreparedData, TrainingRun.Start, a
/// sweep's run). The token is cancelled from the load's own look at it (<see cref="ReviewDataset.CancelProbe"/>) at a known
/// review count, not by a timer, so each test is exact: the load must stop at that very look.
/// </summary>
public sealed class LoadCancellationTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => this._folder.Dispose();

    /// <summary>Runs <paramref name="work"/> with a probe that cancels <paramref name="cancel"/> at the first look after <paramref name="after"/> entries; returns the counts seen.</summary>
    private static List<int> WithProbe(CancellationTokenSource cancel, int after, Action work)
    {
        var seen = new List<int>();
        ReviewDataset.CancelProbe.Value = count =>
        {
            seen.Add(count);
            if (count >= after)
            {
                cancel.Cancel();
            }
        };
        try
        {
            work();
        }
        finally
        {
            ReviewDataset.CancelProbe.Value = null;
        }
        return seen;
    }

    [Fact]
    public void ReviewDataset_Csv_CancelledAfter1000Rows_StopsAtTheNextLook()
    {
        string csv = SyntheticReviews.WriteCsv(this._folder.Path, 5_000);
        using var cancel = new CancellationTokenSource();
        List<int> seen = WithProbe(cancel, 1_000, () => Assert.ThrowsAny<OperationCanceledException>(() => ReviewDataset.Load(csv, cancel.Token)));
        // Cancelled at the look after row 1,024 (a multiple of the interval), and no look after it: the load read at most
        // CancelCheckInterval rows past the moment of cancellation, not the other 3,976.
        Assert.Equal(1_024, seen[^1]);
        Assert.Equal(1_024 / ReviewDataset.CancelCheckInterval, seen.Count);
    }

    [Fact]
    public void ReviewDataset_Archive_CancelledAfter512Entries_StopsAtTheNextLook()
    {
        using var files = new TestFiles();
        string archive = files.WriteArchive("a.tar.gz", Enumerable.Range(0, 2_000).Select(i => ($"aclImdb/train/{(i % 2 == 0 ? "pos" : "neg")}/{i}_{(i % 2 == 0 ? 8 : 2)}.txt", $"review {i} of the archive")));
        Assert.Equal(2_000, ReviewDataset.Load(archive).Reviews.Count);
        using var cancel = new CancellationTokenSource();
        List<int> seen = WithProbe(cancel, 512, () => Assert.ThrowsAny<OperationCanceledException>(() => ReviewDataset.Load(archive, cancel.Token)));
        Assert.Equal(512, seen[^1]);
    }

    [Fact]
    public void ReviewDataset_AlreadyCancelled_ReadsNothing()
    {
        string csv = SyntheticReviews.WriteCsv(this._folder.Path, 300);
        Assert.ThrowsAny<OperationCanceledException>(() => ReviewDataset.Load(csv, new CancellationToken(canceled: true)));
    }

    [Fact]
    public void TrainingRunStart_CancelledWhileLoading_LeavesNoFolder_AndInAnExistingFolderNoLock()
    {
        var options = new TrainingOptions { DataPath = SyntheticReviews.WriteCsv(this._folder.Path, 2_000), Dimension = 3, Layers = 2, Tokens = 16, Epochs = 1 };
        string fresh = Path.Combine(this._folder.Path, "fresh");
        using (var cancel = new CancellationTokenSource())
        {
            WithProbe(cancel, 256, () => Assert.ThrowsAny<OperationCanceledException>(() => TrainingRun.Start(fresh, options, 1, TextWriter.Null, cancel: cancel.Token)));
        }
        Assert.False(Directory.Exists(fresh), "the folder Start created is still there");

        string existing = Path.Combine(this._folder.Path, "existing");
        Directory.CreateDirectory(existing);
        File.WriteAllText(Path.Combine(existing, "notes.txt"), "mine");
        using (var cancel = new CancellationTokenSource())
        {
            WithProbe(cancel, 256, () => Assert.ThrowsAny<OperationCanceledException>(() => TrainingRun.Start(existing, options, 1, TextWriter.Null, cancel: cancel.Token)));
        }
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(existing).Select(Path.GetFileName));
    }

    [Fact]
    public void Sweep_CancelledWhileARunLoads_StopsWithoutTrainingAnEpoch_AndTheRunStartsAgainLater()
    {
        SweepPlan plan = SweepPlan.Create(
            new TrainingOptions { DataPath = SyntheticReviews.WriteCsv(this._folder.Path, 2_000), Dimension = 3, Layers = 2, Tokens = 16, BatchSize = 32, Epochs = 1 },
            [], [0, 1], Path.Combine(this._folder.Path, "sweep"));
        var log = new StringWriter();
        IReadOnlyList<SweepRunOutcome> outcomes;
        using (var cancel = new CancellationTokenSource())
        {
            IReadOnlyList<SweepRunOutcome>? got = null;
            WithProbe(cancel, 512, () => got = SweepExecutor.Run(plan.Runs, parallel: 1, threads: 1, log, cancel.Token));
            outcomes = got!;
        }
        string text = log.ToString();
        // The first run stopped in its loading, without an error; the second was never reached; no epoch was trained.
        SweepRunOutcome only = Assert.Single(outcomes);
        Assert.False(only.Finished);
        Assert.Null(only.Error);
        Assert.Contains("interrupted while loading its data; nothing was saved", text, StringComparison.Ordinal);
        Assert.DoesNotContain("epoch 1/1", text, StringComparison.Ordinal);
        // The folder holds neither run files nor a lock (only the sweep's train.log), and stays pending.
        Assert.Equal([SweepExecutor.LogFileName], Directory.GetFileSystemEntries(plan.Runs[0].Folder).Select(Path.GetFileName));
        Assert.Equal(SweepRunStatus.Pending, SweepExecutor.Status(plan.Runs[0]));

        // Running the sweep again trains both runs.
        IReadOnlyList<SweepRunOutcome> again = SweepExecutor.Run(plan.Runs, parallel: 1, threads: 1, TextWriter.Null, CancellationToken.None);
        Assert.All(again, o => Assert.True(o.Finished && o.Error is null, o.Error));
        Assert.Equal(2, again.Count);
    }
}
