using HardmaxCore.Classifier;

namespace HardmaxCore.Experiments.Runs;

/// <summary>
/// A new run was asked for in a folder that already holds a training run (its model, checkpoint or metrics), without
/// asking to replace it: resume it (<see cref="TrainingRun.Resume"/>), start over with <c>replace: true</c>, or choose
/// another folder.
/// </summary>
public sealed class RunFolderOccupiedException : ClassifierException
{
    /// <summary>Creates the exception for <paramref name="folder"/>, whose run <paramref name="run"/> describes.</summary>
    /// <param name="folder">The run folder.</param>
    /// <param name="run">What the folder holds (epochs done, or finished).</param>
    public RunFolderOccupiedException(string folder, string run)
        : base($"'{folder}' already holds a training run ({run}); resume it (TrainingRun.Resume), start over with replace: true, or choose another folder.")
    {
        this.Folder = folder;
        this.Run = run;
    }

    /// <summary>The run folder.</summary>
    public string Folder { get; }

    /// <summary>What the folder holds.</summary>
    public string Run { get; }
}
