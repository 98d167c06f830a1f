using System.Text;

namespace HardmaxCore.Experiments.Text;

/// <summary>
/// Writes through to another writer with a prefix at the start of every line, e.g. <c>shard 1/2: </c> on each line of a
/// sharded sweep, so a scheduler's log (or several tasks' logs merged into one file) says which array task wrote it.
/// </summary>
/// <remarks>
/// Not thread-safe by itself: the sweep writes whole lines under its own lock, which keeps prefix and line together.
/// </remarks>
internal sealed class LinePrefixWriter(TextWriter inner, string prefix) : TextWriter
{
    /// <summary>Whether the next character starts a line.</summary>
    private bool _atLineStart = true;

    /// <inheritdoc/>
    public override Encoding Encoding => inner.Encoding;

    /// <inheritdoc/>
    public override void Write(char value)
    {
        if (this._atLineStart)
        {
            inner.Write(prefix);
            this._atLineStart = false;
        }
        inner.Write(value);
        if (value == '\n')
        {
            this._atLineStart = true;
        }
    }

    /// <inheritdoc/>
    public override void Flush() => inner.Flush();
}
