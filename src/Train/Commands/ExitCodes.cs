namespace HardmaxCore.Train.Commands;

/// <summary>The exit codes of every <c>hardmax</c> command.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>Bad input: a parse error, a missing or malformed file, invalid parameters. One line on stderr says what.</summary>
    public const int BadInput = 2;
}
