using System.Globalization;
using System.Text;

namespace HardmaxCore.Train.Commands;

/// <summary>Makes text from reviews safe to print on a terminal.</summary>
internal static class TerminalText
{
    /// <summary>
    /// Replaces control characters (C0 such as ESC and BEL, DEL, C1 such as CSI U+009B) and the bidirectional overrides
    /// (U+202A–U+202E, U+2066–U+2069) with visible <c>\xNN</c> / <c>\uNNNN</c> escapes, so that a review cannot move the
    /// cursor, change colours, set the window title (OSC) or reorder what follows on the line.
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(NeedsEscape))
        {
            return text;
        }
        var escaped = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            if (!NeedsEscape(c))
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
