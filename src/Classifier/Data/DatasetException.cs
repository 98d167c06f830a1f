namespace HardmaxCore.Classifier;

/// <summary>
/// The one exception the data layer throws for bad input (missing path, corrupt archive, CSV without
/// the needed columns, a file that is not a dataset, a protocol the data cannot support). Its message
/// says what was wrong and what to do, and is meant to be shown to the user as it is.
/// </summary>
public sealed class DatasetException : ClassifierException
{
    /// <summary>Creates an exception with no message.</summary>
    public DatasetException()
    {
    }

    /// <summary>Creates an exception with a user-facing message.</summary>
    public DatasetException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a user-facing message and the low-level cause.</summary>
    public DatasetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
