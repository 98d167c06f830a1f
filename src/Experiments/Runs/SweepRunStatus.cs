namespace HardmaxCore.Experiments.Runs;

/// <summary>Where a run of a sweep stands on disk.</summary>
internal enum SweepRunStatus
{
    /// <summary>No checkpoint yet: the run starts from scratch.</summary>
    Pending,

    /// <summary>A checkpoint of an unfinished run (killed, interrupted, or planned with more epochs now): the run resumes from it.</summary>
    Partial,

    /// <summary>metrics.json says the run finished its planned epochs with the planned settings: the sweep skips it.</summary>
    Finished,
}
