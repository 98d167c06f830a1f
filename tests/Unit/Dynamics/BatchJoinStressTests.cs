using System.Diagnostics;

namespace HardmaxCore.UnitTests.Dynamics;

/// <summary>
/// The fork and join of <see cref="Dynamics{T}"/>'s batch calls under stress (issue 22, root cause 0). Before the fix, a
/// worker that took the pending count to zero and was pre-empted before setting the event let its late Set release the
/// <em>next</em> call's wait while that call's worker still ran: a result was left unwritten (<c>Steps = 0</c>) and the
/// worker wrote through a pointer that was no longer pinned. The window is a few instructions wide, so this test makes it
/// likely: tiny configurations (n = 23, d = 1, so a call is microseconds and almost all of it is the join), more threads
/// than cores, every kind of call in a loop, and a result sentinel checked after every call. Reverting the fix makes it
/// fail within a few thousand to a few tens of thousands of calls on a 2-core machine; the loop runs far more than that.
/// </summary>
public sealed class BatchJoinStressTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void ParallelCalls_AlwaysReturnAfterEveryWorker_WithEveryResultWritten(int threads)
    {
        const int n = 23;
        const int d = 1;
        const int batch = 8;
        using var parallel = new Dynamics<float>(n, d, DynamicsOptions.Default with { Alpha = 0.5, Temperature = 0.1, MaxDegreeOfParallelism = threads });
        using var serial = new Dynamics<float>(n, d, DynamicsOptions.Default with { Alpha = 0.5, Temperature = 0.1, MaxDegreeOfParallelism = 1 });
        float[] pristine = GoldenBitsTests.Configuration<float>(batch * n, d);

        // The expected bits, from one thread.
        float[] runExpected = (float[])pristine.Clone();
        serial.Run(runExpected, 3);
        float[] softExpected = (float[])pristine.Clone();
        serial.Run(softExpected, 2, Attention.Softmax);
        float[] convergedExpected = (float[])pristine.Clone();
        var resultsExpected = new Convergence[batch];
        serial.RunToConvergence(convergedExpected, 1e-5, 60, resultsExpected);

        float[] z = new float[pristine.Length];
        float[] next = new float[pristine.Length];
        var results = new Convergence[batch];
        var stopwatch = Stopwatch.StartNew();
        long calls = 0;
        // At least 60,000 calls (the race was seen about once in 40,000 loops of four calls), at most ~6 s of a busy machine.
        while (calls < 60_000 || (stopwatch.Elapsed < TimeSpan.FromSeconds(2) && calls < 400_000))
        {
            pristine.CopyTo(z, 0);
            parallel.Run(z, 3);
            Assert.True(z.AsSpan().SequenceEqual(runExpected), $"Run differs after {calls} calls ({threads} threads).");

            parallel.Step(runExpected, next);
            pristine.CopyTo(z, 0);
            parallel.Run(z, 2, Attention.Softmax);
            Assert.True(z.AsSpan().SequenceEqual(softExpected), $"softmax Run differs after {calls} calls ({threads} threads).");

            pristine.CopyTo(z, 0);
            results.AsSpan().Fill(new Convergence(-1, false));
            parallel.RunToConvergence(z, 1e-5, 60, results);
            for (int b = 0; b < batch; b++)
            {
                Assert.True(
                    results[b] == resultsExpected[b],
                    $"RunToConvergence result {b} is {results[b]} (expected {resultsExpected[b]}) after {calls} calls ({threads} threads): a worker was still running when the call returned.");
            }
            Assert.True(z.AsSpan().SequenceEqual(convergedExpected), $"RunToConvergence differs after {calls} calls ({threads} threads).");
            calls += 4;
            if (stopwatch.Elapsed > TimeSpan.FromSeconds(6))
            {
                break; // a very loaded machine: what ran is still a test, the minimum is best effort
            }
        }
    }
}
