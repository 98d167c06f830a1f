using System.Runtime.ExceptionServices;
using HardmaxCore.Kernels;

namespace HardmaxCore;

/// <summary>Running layers over a batch, spread over cores.</summary>
/// <remarks>
/// A batch is cut into chunks of configurations that the calling thread and up to <c>MaxDegreeOfParallelism − 1</c>
/// thread-pool workers take in turn from a shared counter, each with its own workspace, so a slow or busy core does not
/// hold the others up. The fork and join reuse one work item and one event: a call allocates nothing.
/// <para>
/// Why the join is safe: the pending count starts at the number of worker slots <em>plus one for the caller</em>, and the
/// caller retires its share only after its own chunks, together with the slots nobody claimed. So the decrement that
/// reaches zero is either the caller's (every claimed worker has finished, and nobody sets the event) or a worker's while the
/// caller waits (the caller returns only after that Set). No Set of one call can land after it returns and wake the next
/// call's wait early, and a stale work item from an earlier call either claims a slot of the current call (and is counted
/// in it) or finds the slots closed and returns without touching the batch.
/// </para>
/// </remarks>
public sealed partial class Dynamics<T>
{
    /// <summary>What the current call does to each configuration (valid only while a call runs).</summary>
    private BatchWork _work;

    /// <summary>The first configuration not yet taken.</summary>
    private int _nextConfiguration;

    /// <summary>Configurations taken at a time.</summary>
    private int _chunk;

    /// <summary>Worker slots still open in the current call; a worker that finds none left returns at once.</summary>
    private int _openSlots;

    /// <summary>
    /// Parties of the current call not yet finished: every worker slot (claimed or not) plus the calling thread itself. The
    /// caller subtracts its own share and the unclaimed slots in one step when it closes them.
    /// </summary>
    private int _pendingSlots;

    /// <summary>Set by the worker that takes <see cref="_pendingSlots"/> to zero, which can only happen while the caller waits.</summary>
    private ManualResetEventSlim? _done;

    /// <summary>The work item queued once per worker slot.</summary>
    private BatchWorker? _worker;

    /// <summary>The first exception a worker hit, rethrown on the calling thread.</summary>
    private ExceptionDispatchInfo? _failure;

    /// <summary>One layer on every configuration: <paramref name="destination"/> = Step(<paramref name="batch"/>).</summary>
    /// <param name="batch">B configurations, <c>[B, n, d]</c> row-major.</param>
    /// <param name="destination">Receives the next layer; may be the same memory as <paramref name="batch"/>.</param>
    /// <param name="attention">Hardmax (SPEC §1.2) or softmax (SPEC §1.3).</param>
    /// <exception cref="ArgumentException">A shape mismatch, or a NaN or infinite token.</exception>
    public void Step(ReadOnlySpan<T> batch, Span<T> destination, Attention attention = Attention.Hardmax)
    {
        this.ValidateBatch(batch, nameof(batch));
        if (destination.Length != batch.Length)
        {
            Throw.Argument_DestinationLength(nameof(destination), destination.Length, batch.Length);
        }
        batch.CopyTo(destination);
        this.RunValidated(destination, 1, attention, [], []);
    }

    /// <summary>Runs <paramref name="steps"/> layers on every configuration, in place (a transformer of depth K, weights shared).</summary>
    /// <exception cref="ArgumentException">A shape mismatch, or a NaN or infinite token.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> &lt; 0.</exception>
    public void Run(Span<T> batch, int steps, Attention attention = Attention.Hardmax)
        => this.Run(batch, steps, Span<T>.Empty, attention);

    /// <summary>Runs <paramref name="steps"/> layers in place and records every layer.</summary>
    /// <param name="batch">B configurations, updated in place.</param>
    /// <param name="steps">K, the number of layers.</param>
    /// <param name="trajectory">Empty, or <c>[B, K+1, n, d]</c>: for each configuration, layer 0 (the input) to layer K.</param>
    /// <param name="attention">Hardmax or softmax.</param>
    /// <exception cref="ArgumentException">A shape mismatch, a trajectory of the wrong length, or a NaN or infinite token.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> &lt; 0.</exception>
    public void Run(Span<T> batch, int steps, Span<T> trajectory, Attention attention = Attention.Hardmax)
    {
        int configurations = this.ValidateBatch(batch, nameof(batch));
        if (steps < 0)
        {
            Throw.ArgumentOutOfRange_Steps(nameof(steps), steps);
        }
        long needed = (long)configurations * (steps + 1) * this.ConfigurationLength;
        if (!trajectory.IsEmpty && trajectory.Length != needed)
        {
            Throw.Argument_DestinationLength(nameof(trajectory), trajectory.Length, needed);
        }
        this.RunValidated(batch, steps, attention, trajectory, []);
    }

    /// <summary>
    /// Runs <paramref name="steps"/> layers on every configuration, in place, and reports for each what its last layer did:
    /// <c>max_i ‖z_i^K − z_i^{K−1}‖_∞</c> and <c>max_i ‖z_i^{K−1}‖_∞</c>, so the caller can apply the stopping rule of SPEC §1.5
    /// (<see cref="LayerChange{T}.MeetsStoppingRule"/>) to a run of fixed depth.
    /// </summary>
    /// <remarks>The configurations end bit for bit as with <see cref="Run(Span{T}, int, Attention)"/>; zero layers report a zero change.</remarks>
    /// <param name="batch">B configurations, updated in place.</param>
    /// <param name="steps">K, the number of layers.</param>
    /// <param name="lastChanges">Receives, per configuration, the change of its last layer (length B).</param>
    /// <param name="attention">Hardmax or softmax.</param>
    /// <exception cref="ArgumentException">A shape mismatch, <paramref name="lastChanges"/> not of length B, or a NaN or infinite token.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> &lt; 0.</exception>
    public void Run(Span<T> batch, int steps, Span<LayerChange<T>> lastChanges, Attention attention = Attention.Hardmax)
    {
        int configurations = this.ValidateBatch(batch, nameof(batch));
        if (steps < 0)
        {
            Throw.ArgumentOutOfRange_Steps(nameof(steps), steps);
        }
        if (lastChanges.Length != configurations)
        {
            Throw.Argument_DestinationLength(nameof(lastChanges), lastChanges.Length, configurations);
        }
        this.RunValidated(batch, steps, attention, [], lastChanges);
    }

    /// <summary>
    /// Runs layers (hardmax unless <paramref name="attention"/> says softmax) on every configuration until it stops moving,
    /// <c>max_i ‖z_i^{k+1} − z_i^k‖_∞ ≤ tol·(1 + max_i ‖z_i^k‖_∞)</c>, or <paramref name="maxSteps"/> layers (SPEC §1.5).
    /// </summary>
    /// <param name="batch">B configurations, updated in place.</param>
    /// <param name="tolerance">tol &gt; 0; about 1e-12 in double, 1e-6 in float.</param>
    /// <param name="maxSteps">The step cap (≥ 0).</param>
    /// <param name="results">Receives, per configuration, the layers run and whether it converged.</param>
    /// <param name="attention">Hardmax (SPEC §1.2) or softmax (SPEC §1.3).</param>
    /// <exception cref="ArgumentException">A shape mismatch, <paramref name="results"/> not of length B, or a NaN or infinite token.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tolerance"/> not positive, or <paramref name="maxSteps"/> &lt; 0.</exception>
    public void RunToConvergence(Span<T> batch, double tolerance, int maxSteps, Span<Convergence> results, Attention attention = Attention.Hardmax)
    {
        int configurations = this.ValidateBatch(batch, nameof(batch));
        if (!(tolerance > 0) || !double.IsFinite(tolerance))
        {
            Throw.ArgumentOutOfRange_Tolerance(tolerance);
        }
        if (maxSteps < 0)
        {
            Throw.ArgumentOutOfRange_Steps(nameof(maxSteps), maxSteps);
        }
        if (results.Length != configurations)
        {
            Throw.Argument_DestinationLength(nameof(results), results.Length, configurations);
        }
        unsafe
        {
            fixed (T* batchPointer = batch)
            fixed (Convergence* resultsPointer = results)
            {
                this.ForEachConfiguration(new BatchWork(
                    (nint)batchPointer, configurations, maxSteps, attention, 0, (nint)resultsPointer, 0, T.CreateTruncating(tolerance)));
            }
        }
    }

    private unsafe void RunValidated(Span<T> batch, int steps, Attention attention, Span<T> trajectory, Span<LayerChange<T>> lastChanges)
    {
        fixed (T* batchPointer = batch)
        fixed (T* trajectoryPointer = trajectory)
        fixed (LayerChange<T>* changesPointer = lastChanges)
        {
            this.ForEachConfiguration(new BatchWork(
                (nint)batchPointer, batch.Length / this.ConfigurationLength, steps, attention, (nint)trajectoryPointer, 0, (nint)changesPointer, T.Zero));
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on every configuration: on this thread alone for one partition, else on this thread
    /// and thread-pool workers taking chunks of the batch in turn. Returns when every configuration is done.
    /// </summary>
    private void ForEachConfiguration(in BatchWork work)
    {
        int partitions = Math.Min(this._threads, work.Count);
        this._work = work;
        this._nextConfiguration = 0;
        // Several chunks per partition, so the partitions finish together even when a core is busy with something else.
        this._chunk = Math.Max(1, work.Count / (partitions * 8));
        if (partitions <= 1)
        {
            this.TakeChunks(0);
            return;
        }
        this._done ??= new ManualResetEventSlim(false);
        this._worker ??= new BatchWorker(this);
        this._done.Reset();
        this._failure = null;
        // The calling thread is one of the parties: no worker can take the count to zero (and Set the event) before the
        // caller has finished its own chunks and closed the open slots, so every Set of this call happens while the caller
        // waits for it, never after it has returned (a late Set would release the *next* call's wait too early while its
        // worker still writes through a pointer that call had pinned).
        this._pendingSlots = partitions;
        Volatile.Write(ref this._openSlots, partitions - 1);
        for (int p = 1; p < partitions; p++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this._worker, preferLocal: false);
        }
        try
        {
            this.TakeChunks(0);
        }
        finally
        {
            // Close the slots no worker has claimed yet (their work items find none and return), retire the caller's own
            // share with them, and wait unless that was the last: then the last claimed worker has already finished (its
            // decrement came first) and sets nothing; otherwise the worker that finishes last sets the event.
            this.JoinProbe?.CallerJoining();
            int unclaimed = Math.Max(0, Interlocked.Exchange(ref this._openSlots, int.MinValue / 2));
            if (Interlocked.Add(ref this._pendingSlots, -(unclaimed + 1)) != 0)
            {
                this._done.Wait();
            }
            this._work = default;
        }
        this._failure?.Throw();
    }

    /// <summary>
    /// Test seam, per instance (null in every real run: one field read per chunk and per join): a test holds threads at the
    /// fork/join's critical points to force the interleaving a race needs (tests/Unit/Dynamics/BatchJoinInterleavingTests.cs).
    /// </summary>
    internal IBatchJoinProbe? JoinProbe { get; set; }

    /// <summary>Runs on a thread-pool thread: claims a worker slot, if one is open, and takes chunks with its workspace.</summary>
    private void RunWorkerSlot()
    {
        int slot = Interlocked.Decrement(ref this._openSlots);
        if (slot < 0)
        {
            return; // the caller finished first, or this item was queued for an earlier call
        }
        try
        {
            this.TakeChunks(slot + 1);
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref this._failure, ExceptionDispatchInfo.Capture(e), null);
        }
        finally
        {
            if (Interlocked.Decrement(ref this._pendingSlots) == 0)
            {
                this.JoinProbe?.WorkerCounted();
                this._done!.Set();
            }
        }
    }

    /// <summary>Takes chunks of configurations until none are left, running each with the workspace of <paramref name="partition"/>.</summary>
    private void TakeChunks(int partition)
    {
        Workspace<T> workspace = this.WorkspaceFor(partition);
        int count = this._work.Count;
        int chunk = this._chunk;
        while (true)
        {
            int start = Interlocked.Add(ref this._nextConfiguration, chunk) - chunk;
            if (start >= count)
            {
                return;
            }
            this.JoinProbe?.Chunk(partition);
            int end = Math.Min(count, start + chunk);
            for (int b = start; b < end; b++)
            {
                this.RunOne(b, workspace);
            }
        }
    }

    /// <summary>Runs the current work on configuration <paramref name="b"/>.</summary>
    private unsafe void RunOne(int b, Workspace<T> workspace)
    {
        ref readonly BatchWork work = ref this._work;
        int length = this.ConfigurationLength;
        var configuration = new Span<T>((T*)work.Batch + (long)b * length, length);
        Span<T> layers = work.Trajectory == 0
            ? []
            : new Span<T>((T*)work.Trajectory + (long)b * (work.Steps + 1) * length, (work.Steps + 1) * length);
        bool converge = work.Results != 0;
        bool report = work.Changes != 0;
        int steps = this._runner.Run(
            configuration, work.Steps, work.Attention, this._parameters, workspace, layers, converge, work.Tolerance, out LayerChange<T> last, report);
        if (converge)
        {
            ((Convergence*)work.Results)[b] = new Convergence(steps, steps > 0 && last.IsWithin(work.Tolerance));
        }
        if (report)
        {
            ((LayerChange<T>*)work.Changes)[b] = last;
        }
    }

    /// <summary>The work of one call: the batch, and either layers to run (recorded or not) or a run to convergence.</summary>
    /// <param name="Batch">Address of the pinned batch.</param>
    /// <param name="Count">Configurations in the batch.</param>
    /// <param name="Steps">Layers, or the step cap.</param>
    /// <param name="Attention">Hardmax or softmax.</param>
    /// <param name="Trajectory">Address of the pinned trajectory, or 0.</param>
    /// <param name="Results">Address of the pinned convergence results (a run to convergence), or 0.</param>
    /// <param name="Changes">Address of the pinned last-layer changes to report, or 0.</param>
    /// <param name="Tolerance">The convergence tolerance.</param>
    private readonly record struct BatchWork(nint Batch, int Count, int Steps, Attention Attention, nint Trajectory, nint Results, nint Changes, T Tolerance);

    /// <summary>The reusable thread-pool work item of a <see cref="Dynamics{T}"/>: queued once per worker slot.</summary>
    private sealed class BatchWorker(Dynamics<T> owner) : IThreadPoolWorkItem
    {
        /// <inheritdoc/>
        public void Execute() => owner.RunWorkerSlot();
    }
}
