namespace HardmaxCore.Experiments;

/// <summary>
/// Bad input to an experiment: a missing or malformed file, a value out of range, settings that conflict. Its message is
/// one line meant for the user, and names settings by their property (<c>SimulationSettings.Precision</c>), never by a
/// command-line flag; the <c>hardmax</c> tool shows the flags instead.
/// </summary>
public sealed class ExperimentException : Exception
{
    /// <summary>Creates an exception with no message.</summary>
    public ExperimentException()
    {
    }

    /// <summary>Creates an exception with a user-facing message.</summary>
    public ExperimentException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a user-facing message and the low-level cause.</summary>
    public ExperimentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
