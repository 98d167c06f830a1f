using System.Globalization;

namespace HardmaxCore.Classifier;

/// <summary>
/// A reader between a CSV file and the CSV parser that passes whole rows and drops, without handing them on, the rows
/// longer than <see cref="MaxRowChars"/> characters (the parser refuses a row beyond its 16 MiB buffer, and with it the
/// whole file): each dropped row is remembered with its line, so that it is skipped and counted like a review file that
/// is too long (<see cref="SkipReason.TooLong"/>), and the parser's line numbers are mapped back to the file's
/// (<see cref="FileLine"/>).
/// </summary>
/// <remarks>
/// A row ends at a line feed outside quotes; a quote character toggles "inside quotes" (an escaped <c>""</c> toggles
/// twice), as the parser reads it. A row still open after <see cref="ReviewDataset.MaxFieldLines"/> lines is an unclosed
/// quote and is refused here, naming its line (it would otherwise be dropped with every row after it).
/// </remarks>
internal sealed class CsvRowCap : TextReader
{
    /// <summary>The longest CSV row handed to the parser: 16,000,000 characters (the parser's buffer holds 16,777,216).</summary>
    public const int MaxRowChars = 16_000_000;

    private readonly TextReader _inner;
    private readonly string _path;
    private readonly int _cap;
    private readonly char[] _chunk = new char[1 << 16];
    private readonly List<(int SeenLine, int Lines)> _dropped = [];
    private readonly List<(int FileLine, long Characters)> _skipped = [];
    private char[] _row = new char[1 << 12];
    private int _chunkStart;
    private int _chunkEnd;
    private int _rowLength;
    private int _rowStart;
    private int _seenLines;
    private bool _end;

    /// <summary>Reads <paramref name="inner"/>, dropping rows longer than <paramref name="cap"/> characters.</summary>
    /// <param name="inner">The CSV text.</param>
    /// <param name="path">The file, for the unclosed-quote error.</param>
    /// <param name="cap">The longest row passed on (<see cref="MaxRowChars"/>; tests use less).</param>
    public CsvRowCap(TextReader inner, string path, int cap = MaxRowChars)
    {
        this._inner = inner;
        this._path = path;
        this._cap = cap;
    }

    /// <summary>The rows dropped so far: the line of the file each starts on, and its length in characters.</summary>
    public IReadOnlyList<(int FileLine, long Characters)> Skipped => this._skipped;

    /// <summary>The file's line number of the parser's line <paramref name="seenLine"/> (1-based): plus the lines of the rows dropped before it.</summary>
    public int FileLine(int seenLine)
    {
        int line = seenLine;
        foreach ((int at, int lines) in this._dropped)
        {
            if (at <= seenLine)
            {
                line += lines;
            }
        }
        return line;
    }

    /// <inheritdoc/>
    public override int Read(Span<char> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }
        if (this._rowStart == this._rowLength && !this.NextRow())
        {
            return 0;
        }
        int count = Math.Min(buffer.Length, this._rowLength - this._rowStart);
        this._row.AsSpan(this._rowStart, count).CopyTo(buffer);
        this._rowStart += count;
        return count;
    }

    /// <inheritdoc/>
    public override int Read(char[] buffer, int index, int count) => this.Read(buffer.AsSpan(index, count));

    /// <inheritdoc/>
    public override int Read()
    {
        Span<char> one = stackalloc char[1];
        return this.Read(one) == 0 ? -1 : one[0];
    }

    /// <inheritdoc/>
    public override int Peek()
    {
        if (this._rowStart == this._rowLength && !this.NextRow())
        {
            return -1;
        }
        return this._row[this._rowStart];
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            this._inner.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>Fills the row buffer with the next row not longer than the cap; false at the end of the input.</summary>
    private bool NextRow()
    {
        while (true)
        {
            this._rowLength = 0;
            this._rowStart = 0;
            long characters = 0;
            int lines = 0;
            bool quoted = false;
            bool complete = false;
            while (!complete)
            {
                if (this._chunkStart == this._chunkEnd && !this.FillChunk())
                {
                    break;
                }
                ReadOnlySpan<char> rest = this._chunk.AsSpan(this._chunkStart, this._chunkEnd - this._chunkStart);
                int taken = 0;
                while (taken < rest.Length)
                {
                    int next = rest[taken..].IndexOfAny('"', '\n');
                    if (next < 0)
                    {
                        taken = rest.Length;
                        break;
                    }
                    taken += next + 1;
                    if (rest[taken - 1] == '"')
                    {
                        quoted = !quoted;
                        continue;
                    }
                    lines++;
                    if (!quoted)
                    {
                        complete = true;
                        break;
                    }
                    if (lines > ReviewDataset.MaxFieldLines)
                    {
                        DatasetThrow.CsvUnclosedQuote(this._path, this.FileLine(this._seenLines + 1), string.Create(CultureInfo.InvariantCulture,
                            $"runs over more than {ReviewDataset.MaxFieldLines} lines"));
                    }
                }
                if (characters + taken <= this._cap)
                {
                    this.Append(rest[..taken]);
                }
                characters += taken;
                this._chunkStart += taken;
            }
            if (characters == 0)
            {
                return false;
            }
            if (characters <= this._cap)
            {
                this._seenLines += lines;
                return true;
            }
            // Too long: not handed on. Its lines are counted so that the parser's line numbers map back to the file's.
            this._skipped.Add((this.FileLine(this._seenLines + 1), characters));
            this._dropped.Add((this._seenLines + 1, lines));
            this._rowLength = 0;
        }
    }

    /// <summary>Appends to the row buffer, growing it (at most to the cap).</summary>
    private void Append(ReadOnlySpan<char> text)
    {
        if (this._rowLength + text.Length > this._row.Length)
        {
            Array.Resize(ref this._row, (int)Math.Min(Math.Max(2L * this._row.Length, this._rowLength + text.Length), Math.Max(this._cap, this._rowLength + text.Length)));
        }
        text.CopyTo(this._row.AsSpan(this._rowLength));
        this._rowLength += text.Length;
    }

    /// <summary>Reads the next chunk of the input; false at its end.</summary>
    private bool FillChunk()
    {
        if (this._end)
        {
            return false;
        }
        this._chunkStart = 0;
        this._chunkEnd = this._inner.Read(this._chunk, 0, this._chunk.Length);
        this._end = this._chunkEnd == 0;
        return !this._end;
    }
}
