namespace HardmaxCore;

/// <summary>
/// The points of <see cref="Dynamics{T}"/>'s batch fork/join where a test may hold a thread (an instance's
/// <c>JoinProbe</c>; never set outside tests). Holding threads here makes a join race deterministic
/// instead of a one-in-tens-of-thousands event.
/// </summary>
internal interface IBatchJoinProbe
{
    /// <summary>A party (0: the calling thread, ≥ 1: a worker slot) has claimed a chunk and is about to run it.</summary>
    void Chunk(int partition);

    /// <summary>A worker has taken the pending count to zero and is about to set the join event.</summary>
    void WorkerCounted();

    /// <summary>The calling thread has finished its chunks and is about to close the slots and join.</summary>
    void CallerJoining();
}
