using HardmaxCore.Classifier;
using HardmaxCore.Experiments.Benchmarking;

namespace HardmaxCore.UnitTests.Training;

/// <summary>
/// The phased training step (<see cref="PhaseTeam"/>): every chunk once, no chunk before the previous phase has finished,
/// failures rethrown; both trainers give the same weight bits on any number of threads (more threads than cores included,
/// so helpers often start late or never), and a one-thread step allocates nothing.
/// </summary>
public sealed class PhaseTeamTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void PhaseTeam_RunsEveryChunkOnce_NeverBeforeThePreviousPhaseHasFinished(int workers)
    {
        int[] chunks = [64, 1, 2, 1, 3, 8, 2];
        int[][] runs = chunks.Select(c => new int[c]).ToArray();
        int[] finished = new int[chunks.Length];
        int early = 0;
        int badWorker = 0;
        var team = new PhaseTeam(workers, chunks.Length, (phase, chunk, worker) =>
        {
            if (phase > 0 && Volatile.Read(ref finished[phase - 1]) != chunks[phase - 1])
            {
                Interlocked.Increment(ref early);
            }
            if (worker < 0 || worker >= workers)
            {
                Interlocked.Increment(ref badWorker);
            }
            Thread.SpinWait(50 * (chunk % 3));
            Interlocked.Increment(ref runs[phase][chunk]);
            Interlocked.Increment(ref finished[phase]);
        });
        for (int run = 1; run <= 200; run++)
        {
            Array.Clear(finished);
            team.Run(chunks);
            Assert.All(runs, counts => Assert.All(counts, count => Assert.Equal(run, count)));
        }
        Assert.Equal(0, early);
        Assert.Equal(0, badWorker);
    }

    [Fact]
    public void PhaseTeam_RethrowsTheFirstFailure_AfterEveryPhaseHasRun_AndRunsAgain()
    {
        bool fail = true;
        int lastPhaseChunks = 0;
        var team = new PhaseTeam(3, 3, (phase, chunk, worker) =>
        {
            if (fail && phase == 1)
            {
                throw new InvalidOperationException("chunk failed");
            }
            if (phase == 2)
            {
                Interlocked.Increment(ref lastPhaseChunks);
            }
        });
        int[] chunks = [16, 4, 4];
        var error = Assert.Throws<InvalidOperationException>(() => team.Run(chunks));
        Assert.Equal("chunk failed", error.Message);
        Assert.Equal(4, lastPhaseChunks);
        fail = false;
        team.Run(chunks);
        Assert.Equal(8, lastPhaseChunks);
    }

    [Fact]
    public void PhaseTeam_RejectsAPhaseWithoutChunks_AndTooManyPhases()
    {
        var team = new PhaseTeam(2, 2, (_, _, _) => { });
        Assert.Throws<ArgumentOutOfRangeException>(() => team.Run([3, 0]));
        Assert.Throws<ArgumentException>(() => team.Run([1, 1, 1]));
    }

    [Theory]
    [InlineData(OptimizerKind.Adam, 5.0)]
    [InlineData(OptimizerKind.LazyAdam, 5.0)]
    [InlineData(OptimizerKind.Adam, 1e-3)]
    [InlineData(OptimizerKind.LazyAdam, 1e-3)]
    public void Trainer_GivesTheSameBits_OnOneTwoThreeAndFiveThreads(OptimizerKind kind, double clipNorm)
    {
        float[][] expected = TrainHardmax(1, kind, clipNorm);
        foreach (int threads in new[] { 2, 3, 5 })
        {
            float[][] actual = TrainHardmax(threads, kind, clipNorm);
            for (int p = 0; p < expected.Length; p++)
            {
                Assert.True(expected[p].AsSpan().SequenceEqual(actual[p]), $"array {p} differs on {threads} threads");
            }
        }
    }

    [Theory]
    [InlineData(5.0)]
    [InlineData(1e-3)]
    public void AttentionTrainer_GivesTheSameBits_OnOneTwoAndThreeThreads(double clipNorm)
    {
        float[][] expected = TrainAttention(1, clipNorm);
        foreach (int threads in new[] { 2, 3 })
        {
            float[][] actual = TrainAttention(threads, clipNorm);
            for (int p = 0; p < expected.Length; p++)
            {
                Assert.True(expected[p].AsSpan().SequenceEqual(actual[p]), $"array {p} differs on {threads} threads");
            }
        }
    }

    [Theory]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.LazyAdam)]
    public void Trainer_OneThreadStep_AllocatesNothing(OptimizerKind kind)
    {
        var settings = new ClassifierSettings(32, 4, 2, 1e-3, true);
        EncodedReviews data = SyntheticInputs.Reviews(128, settings.Tokens, 300, seed: 3);
        var parameters = ClassifierParameters<float>.Initialize(300, settings.Dimension, 3);
        var optimizer = new AdamOptimizer(parameters.All.Select(a => a.Length).ToArray(), 1e-3, kind);
        using var trainer = new Trainer(settings, parameters, optimizer, 16, threads: 1);
        int[] order = Trainer.EpochOrder(data.Count, 3, 0);
        for (int start = 0; start < data.Count; start += 16)
        {
            trainer.TrainBatch(data, order, start, 16); // warm-up: every code path once
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int start = 16; start < data.Count; start += 16)
        {
            trainer.TrainBatch(data, order, start, 16);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static float[][] TrainHardmax(int threads, OptimizerKind kind, double clipNorm)
    {
        var settings = new ClassifierSettings(48, 4, 3, 1e-3, true);
        EncodedReviews data = SyntheticInputs.Reviews(200, settings.Tokens, 400, seed: 5);
        var parameters = ClassifierParameters<float>.Initialize(400, settings.Dimension, 5);
        var optimizer = new AdamOptimizer(parameters.All.Select(a => a.Length).ToArray(), 1e-2, kind);
        using var trainer = new Trainer(settings, parameters, optimizer, 32, threads, clipNorm);
        int[] order = Trainer.EpochOrder(data.Count, 5, 1);
        for (int start = 0; start < data.Count; start += 32)
        {
            trainer.TrainBatch(data, order, start, Math.Min(32, data.Count - start));
        }
        return [.. parameters.All, .. optimizer.FirstMoments, .. optimizer.SecondMoments];
    }

    private static float[][] TrainAttention(int threads, double clipNorm)
    {
        var settings = new AttentionSettings(48, 4);
        EncodedReviews data = SyntheticInputs.Reviews(100, settings.Tokens, 400, seed: 7);
        var parameters = AttentionParameters<float>.Initialize(400, settings, 7);
        var optimizer = new AdamOptimizer(parameters.All.Select(a => a.Length).ToArray(), 1e-2);
        var trainer = new AttentionTrainer(parameters, optimizer, 32, threads, clipNorm);
        int[] order = Trainer.EpochOrder(data.Count, 7, 1);
        for (int start = 0; start < data.Count; start += 32)
        {
            trainer.TrainBatch(data, order, start, Math.Min(32, data.Count - start));
        }
        return [.. parameters.All, .. optimizer.FirstMoments, .. optimizer.SecondMoments];
    }
}
