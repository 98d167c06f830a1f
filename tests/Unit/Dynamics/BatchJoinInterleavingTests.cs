namespace HardmaxCore.UnitTests.Dynamics;

/// <summary>
/// The join race of issue 22 (root cause 0), forced instead of waited for. Threads are held at the fork/join's critical
/// points (<see cref="IBatchJoinProbe"/>) in the one order the race needs:
/// <list type="number">
/// <item>call 1: its worker takes the pending count to zero and is held before it sets the event; the caller joins only
/// then;</item>
/// <item>call 2: its worker claims a chunk and is held inside it; the caller finishes its own chunks and, as it joins,
/// lets call 1's worker set the event.</item>
/// </list>
/// With the worker-only pending count (before the fix) call 1's caller sees zero and returns without waiting, and the late
/// Set then releases call 2's wait while call 2's worker has not written its configuration: call 2 returns with a result
/// unwritten (the test fails at once, every time). With the caller counted as a party, call 1's worker cannot reach zero
/// before its caller joins, so step 1 never happens (its hold times out harmlessly) and call 2 waits for its worker.
/// Every hold has a timeout, so a correct join costs the test about a second, never a deadlock.
/// </summary>
public sealed class BatchJoinInterleavingTests
{
    private static readonly TimeSpan Hold = TimeSpan.FromMilliseconds(700);

    [Fact]
    public void LateSetOfOneCall_CannotReleaseTheNextCallsJoin()
    {
        const int n = 23;
        const int batch = 8;
        using var dynamics = new Dynamics<float>(n, 1, DynamicsOptions.Default with { Alpha = 0.5, MaxDegreeOfParallelism = 2 });
        using var serial = new Dynamics<float>(n, 1, DynamicsOptions.Default with { Alpha = 0.5, MaxDegreeOfParallelism = 1 });
        float[] pristine = GoldenBitsTests.Configuration<float>(batch * n, 1);
        float[] expected = (float[])pristine.Clone();
        var expectedResults = new Convergence[batch];
        serial.RunToConvergence(expected, 1e-5, 60, expectedResults);

        var probe = new Interleaving();
        dynamics.JoinProbe = probe;
        float[] first = (float[])pristine.Clone();
        dynamics.Run(first, 1);                                  // call 1
        probe.StartSecondCall();
        float[] z = (float[])pristine.Clone();
        var results = new Convergence[batch];
        results.AsSpan().Fill(new Convergence(-1, false));
        dynamics.RunToConvergence(z, 1e-5, 60, results);          // call 2
        Convergence[] seen = (Convergence[])results.Clone();
        probe.SecondCallReturned();
        Thread.Sleep(200); // let a held worker (before the fix) finish before the arrays go
        GC.KeepAlive(z);
        GC.KeepAlive(results);

        Assert.True(probe.SecondWorkerHeld, "The interleaving was not reached: call 2's worker never claimed a chunk.");
        for (int b = 0; b < batch; b++)
        {
            Assert.True(seen[b] == expectedResults[b], $"Call 2 returned with result {b} = {seen[b]} (expected {expectedResults[b]}): its worker was still running.");
        }
    }

    /// <summary>Holds the threads of two consecutive calls in the order the race needs (see the class remarks).</summary>
    private sealed class Interleaving : IBatchJoinProbe
    {
        private readonly ManualResetEventSlim _firstWorkerCounted = new();
        private readonly ManualResetEventSlim _secondCallerJoining = new();
        private readonly ManualResetEventSlim _secondWorkerClaimed = new();
        private readonly ManualResetEventSlim _secondCallReturned = new();
        private volatile bool _second;

        public bool SecondWorkerHeld { get; private set; }

        public void StartSecondCall() => this._second = true;

        public void SecondCallReturned() => this._secondCallReturned.Set();

        public void Chunk(int partition)
        {
            if (!this._second)
            {
                return;
            }
            if (partition != 0)
            {
                if (!this._secondWorkerClaimed.IsSet)
                {
                    this.SecondWorkerHeld = true;
                    this._secondWorkerClaimed.Set();
                    this._secondCallReturned.Wait(Hold); // hold call 2's worker inside its first chunk
                }
            }
            else
            {
                this._secondWorkerClaimed.Wait(Hold); // the caller leaves work for the worker to claim
            }
        }

        public void WorkerCounted()
        {
            if (!this._second)
            {
                this._firstWorkerCounted.Set();
                this._secondCallerJoining.Wait(Hold); // hold call 1's Set until call 2 joins
            }
        }

        public void CallerJoining()
        {
            if (!this._second)
            {
                this._firstWorkerCounted.Wait(Hold); // call 1 joins only after its worker counted (if it can)
            }
            else
            {
                this._secondCallerJoining.Set();
                Thread.Sleep(50); // the late Set (if any) lands now, before or during the join
            }
        }
    }
}
