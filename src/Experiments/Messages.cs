using System.Text.RegularExpressions;

namespace HardmaxCore.Experiments;

/// <summary>The one way messages are made one line for a user, shared by the experiments and the tool.</summary>
internal static partial class Messages
{
    /// <summary>Collapses every run of whitespace (newlines, tabs) to one space.</summary>
    public static string OneLine(string text) => Whitespace().Replace(text, " ").Trim();

    /// <summary>
    /// The message of an exception on one line, without the <c>(Parameter 'x')</c> and <c>Actual value was …</c> suffixes
    /// that <see cref="ArgumentException"/> and <see cref="ArgumentOutOfRangeException"/> append.
    /// </summary>
    public static string Plain(Exception e)
    {
        string message = e.Message;
        if (e is ArgumentException { ParamName: { } name })
        {
            int end = message.IndexOf($" (Parameter '{name}')", StringComparison.Ordinal);
            if (end >= 0)
            {
                message = message[..end];
            }
        }
        return OneLine(message);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
