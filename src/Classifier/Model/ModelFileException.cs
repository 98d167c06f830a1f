namespace HardmaxCore.Classifier;

/// <summary>
/// A model file or training checkpoint that cannot be read: missing, not a HardmaxCore file, written by a newer
/// version, truncated, corrupted or damaged. The message names the file and what to do.
/// </summary>
public sealed class ModelFileException : ClassifierException
{
    /// <summary>Creates an exception with no message.</summary>
    public ModelFileException()
    {
    }

    /// <summary>Creates an exception with a user-facing message.</summary>
    public ModelFileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a user-facing message and the low-level cause.</summary>
    public ModelFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
