namespace HardmaxCore.Classifier;

/// <summary>
/// A path the tool refuses to read: a folder, a named pipe, a device, a socket, or a file larger than its cap. The message
/// names the path, says why, and how to proceed.
/// </summary>
public sealed class UnreadableFileException : IOException
{
    /// <summary>Creates an exception with no message.</summary>
    public UnreadableFileException()
    {
    }

    /// <summary>Creates an exception with a user-facing message.</summary>
    public UnreadableFileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a user-facing message and the low-level cause.</summary>
    public UnreadableFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
