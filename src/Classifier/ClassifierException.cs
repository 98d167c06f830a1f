namespace HardmaxCore.Classifier;

/// <summary>
/// Bad input to the classifier library: a data set, model file, checkpoint or run folder that cannot be used. Its
/// message says what was wrong and what to do, and is meant to be shown to the user as it is. The command-line tool
/// maps it to exit code 2.
/// </summary>
public class ClassifierException : Exception
{
    /// <summary>Creates an exception with no message.</summary>
    public ClassifierException()
    {
    }

    /// <summary>Creates an exception with a user-facing message.</summary>
    public ClassifierException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a user-facing message and the low-level cause.</summary>
    public ClassifierException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
