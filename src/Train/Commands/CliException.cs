namespace HardmaxCore.Train.Commands;

/// <summary>
/// Bad input to a command (a missing file, a malformed value, options that conflict). Its message is shown to the user
/// as it is, on one line, and the command exits with <see cref="ExitCodes.BadInput"/>.
/// </summary>
internal sealed class CliException : Exception
{
    /// <summary>Creates an exception with no message.</summary>
    public CliException()
    {
    }

    /// <summary>Creates an exception with a user-facing message.</summary>
    public CliException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a user-facing message and the low-level cause.</summary>
    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
