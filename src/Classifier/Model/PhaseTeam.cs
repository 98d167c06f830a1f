using System.Runtime.ExceptionServices;

namespace HardmaxCore.Classifier;

/// <summary>
/// Runs the phases of one training step (both classifiers) on the calling thread and up to <c>workers − 1</c> pool threads,
/// woken once per step: phase k is cut into chunks, each thread claims the next chunk of the current phase from a shared
/// counter, and no chunk of phase k starts before every chunk of phase k − 1 has finished (a barrier that waits for work,
/// not for threads). The caller never waits for a helper that has not started yet: it claims the chunks itself, and a helper
/// that starts late finds them taken. Every chunk writes outputs of its own (fixed by the phase and the chunk number), so
/// which thread ran a chunk, and when, never changes a result. A step allocates nothing.
/// </summary>
internal sealed class PhaseTeam
{
    /// <summary>Ints between two counters: each counter on a 64-byte line of its own (no false sharing between the threads).</summary>
    private const int Stride = 16;

    private readonly Helper[] _helpers;
    private readonly Action<int, int, int> _work;
    private readonly int[] _chunks;
    private readonly int[] _claimed;
    private readonly int[] _done;
    private int _phases;
    private Exception? _failure;

    /// <summary>Prepares steps of up to <paramref name="maxPhases"/> phases, each chunk run as <c>work(phase, chunk, worker)</c>.</summary>
    /// <param name="workers">Threads a step may use, the caller's included (at least 1).</param>
    /// <param name="maxPhases">The most phases a step has.</param>
    /// <param name="work">Runs chunk c of phase k on worker w (0 is the caller; each worker runs one chunk at a time, so per-worker
    /// scratch indexed by w is safe).</param>
    public PhaseTeam(int workers, int maxPhases, Action<int, int, int> work)
    {
        this.Workers = Math.Max(1, workers);
        this._work = work;
        this._chunks = new int[maxPhases];
        this._claimed = new int[maxPhases * Stride];
        this._done = new int[maxPhases * Stride];
        this._helpers = Enumerable.Range(1, this.Workers - 1).Select(w => new Helper(this, w)).ToArray();
    }

    /// <summary>Threads a step may use, the caller's included.</summary>
    public int Workers { get; }

    /// <summary>
    /// Runs phases 0..chunks.Length−1, phase k in <c>chunks[k]</c> ≥ 1 chunks; returns when all have finished. An exception thrown
    /// by a chunk is rethrown here (the first one) once every phase has run to its end.
    /// </summary>
    public void Run(ReadOnlySpan<int> chunks)
    {
        if (chunks.Length > this._chunks.Length)
        {
            throw new ArgumentException($"A step has at most {this._chunks.Length} phases (found {chunks.Length}).", nameof(chunks));
        }
        for (int k = 0; k < chunks.Length; k++)
        {
            if (chunks[k] < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(chunks), chunks[k], $"Phase {k} must have at least one chunk.");
            }
            this._chunks[k] = chunks[k];
            this._claimed[k * Stride] = 0;
            this._done[k * Stride] = 0;
        }
        this._phases = chunks.Length;
        this._failure = null;
        foreach (Helper helper in this._helpers)
        {
            helper.Start(); // a full fence: the helper sees the counters reset above
        }
        this.Participate(0);
        for (int k = 0; k < this._phases; k++)
        {
            this.WaitFor(k);
        }
        foreach (Helper helper in this._helpers)
        {
            helper.Stop();
        }
        if (this._failure is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>Claims and runs chunks phase by phase until none is left in any phase.</summary>
    private void Participate(int worker)
    {
        for (int k = 0; k < this._phases; k++)
        {
            int chunks = this._chunks[k];
            ref int claimed = ref this._claimed[k * Stride];
            if (Volatile.Read(ref claimed) >= chunks)
            {
                continue;
            }
            if (k > 0)
            {
                this.WaitFor(k - 1); // every phase has a chunk, so phase k − 1 finished implies all before it did
            }
            for (int c = Interlocked.Increment(ref claimed) - 1; c < chunks; c = Interlocked.Increment(ref claimed) - 1)
            {
                try
                {
                    this._work(k, c, worker);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref this._failure, e, null);
                }
                Interlocked.Increment(ref this._done[k * Stride]); // a full fence: the chunk's writes are seen by whoever reads the count
            }
        }
    }

    /// <summary>Spins (yielding the core when it takes long) until every chunk of phase k has finished.</summary>
    private void WaitFor(int k)
    {
        int chunks = this._chunks[k];
        ref int done = ref this._done[k * Stride];
        var spin = default(SpinWait);
        while (Volatile.Read(ref done) < chunks)
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }
    }

    /// <summary>
    /// One pool thread's share: queued at the start of a step; a queued item runs only if it moves the state from Queued to
    /// Running, so an item that starts after its step ended (the caller cancelled it) or a second item of the same helper does nothing.
    /// </summary>
    private sealed class Helper(PhaseTeam team, int worker) : IThreadPoolWorkItem
    {
        private const int Idle = 0;
        private const int Queued = 1;
        private const int Running = 2;
        private int _state;

        /// <summary>Queues the helper for the step that is starting.</summary>
        public void Start()
        {
            Interlocked.Exchange(ref this._state, Queued);
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }

        /// <summary>At the end of a step: cancels the helper if it has not started, else waits until it has left the step.</summary>
        public void Stop()
        {
            if (Interlocked.CompareExchange(ref this._state, Idle, Queued) == Queued)
            {
                return;
            }
            var spin = default(SpinWait);
            while (Volatile.Read(ref this._state) != Idle)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }
        }

        /// <inheritdoc/>
        public void Execute()
        {
            if (Interlocked.CompareExchange(ref this._state, Running, Queued) != Queued)
            {
                return;
            }
            team.Participate(worker);
            Volatile.Write(ref this._state, Idle);
        }
    }
}
