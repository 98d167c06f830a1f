using HardmaxCore.Classifier;

namespace HardmaxCore.Experiments.Runs;

/// <summary>Another process holds the lock of a run folder: it is training that run now.</summary>
public sealed class RunFolderBusyException : ClassifierException
{
    /// <summary>Creates the exception.</summary>
    public RunFolderBusyException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
