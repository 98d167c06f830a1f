using System.Globalization;
using System.Text;

namespace HardmaxCore.Experiments.Text;

/// <summary>
/// Makes text from input files safe to print on a terminal or put in a page: the one escape of everything quoted from
/// input (reviews, CSV cells and headers, JSON property names, file names in error messages, explain's HTML).
/// </summary>
internal static class TerminalText
{
    /// <summary>
    /// Replaces control characters (C0 such as ESC and BEL, DEL, C1 such as CSI U+009B) and the bidirectional overrides
    /// (U+202A–U+202E, U+2066–U+2069) with visible <c>\xNN</c> / <c>\uNNNN</c> escapes, so that a review cannot move the
    /// cursor, change colours, set the window title (OSC) or reorder what follows on the line.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="keepLayout">Keep line feeds, carriage returns and tabs (text laid out in a page, where they are harmless).</param>
    public static string Escape(string text, bool keepLayout = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        bool Escaped(char c) => NeedsEscape(c) && !(keepLayout && c is '\n' or '\r' or '\t');
        if (!text.Any(Escaped))
        {
            return text;
        }
        var escaped = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            if (!Escaped(c))
            {
                escaped.Append(c);
            }
            else if (c <= '\u00FF')
            {
                escaped.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            }
            else
            {
                escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
        }
        return escaped.ToString();
    }

    private static bool NeedsEscape(char c)
        => c < ' ' || c is >= '\u007F' and <= '\u009F' || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069';
}
