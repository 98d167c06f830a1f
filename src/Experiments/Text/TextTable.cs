using System.Globalization;

namespace HardmaxCore.Experiments.Text;

/// <summary>One column of a <see cref="TextTable"/>.</summary>
/// <param name="Header">The full header, e.g. <c>test hardmax</c>.</param>
/// <param name="Short">The abbreviated header used when the full ones do not fit, e.g. <c>t.hard</c>.</param>
/// <param name="Meaning">What the column holds, for the legend line, e.g. <c>test accuracy with hardmax layers</c>.</param>
/// <param name="Width">Characters of the widest value.</param>
/// <param name="Keep">Rank when columns must be dropped to fit: the lowest goes first; <see cref="int.MaxValue"/> is never dropped.</param>
/// <param name="Left">Left-aligned (text) rather than right-aligned (numbers).</param>
internal sealed record TextColumn(string Header, string Short, string Meaning, int Width, int Keep, bool Left = false);

/// <summary>
/// A plain-text table that fits a width: full headers when they fit, else the short headers, else the least important
/// columns dropped; the <see cref="Legend"/> line then says what the short headers mean and which columns are not shown.
/// Undefined numbers (NaN, ±∞) print as <c>–</c> (<see cref="Number"/>).
/// </summary>
internal sealed class TextTable
{
    /// <summary>Two spaces between columns.</summary>
    private const int Gap = 2;

    private readonly TextColumn[] _columns;
    private readonly bool[] _shown;
    private readonly int[] _widths;
    private readonly bool _short;
    private readonly int _room;

    /// <summary>Lays out <paramref name="columns"/> to fit <paramref name="width"/> characters (null: no limit, full headers).</summary>
    public TextTable(IReadOnlyList<TextColumn> columns, int? width)
    {
        this._columns = [.. columns];
        this._shown = [.. columns.Select(_ => true)];
        this._widths = [.. columns.Select(c => Math.Max(c.Width, c.Header.Length))];
        int room = width is int w ? Math.Max(20, w - 1) : int.MaxValue;
        this._room = room;
        if (this.Total() > room)
        {
            this._short = true;
            for (int i = 0; i < this._columns.Length; i++)
            {
                this._widths[i] = Math.Max(this._columns[i].Width, this._columns[i].Short.Length);
            }
            foreach (int i in Enumerable.Range(0, this._columns.Length).OrderBy(i => this._columns[i].Keep))
            {
                if (this.Total() <= room || this._columns[i].Keep == int.MaxValue)
                {
                    break;
                }
                this._shown[i] = false;
            }
        }
    }

    /// <summary>The header line.</summary>
    public string Header => this.Line(this._columns.Select(c => this._short ? c.Short : c.Header).ToArray());

    /// <summary>
    /// The lines that explain the short headers and name the dropped columns, each starting with <c>#</c> and as wide as
    /// the table may be; empty when every column shows its full header.
    /// </summary>
    public IReadOnlyList<string> Legend
    {
        get
        {
            if (!this._short)
            {
                return [];
            }
            var parts = new List<string>();
            for (int i = 0; i < this._columns.Length; i++)
            {
                TextColumn column = this._columns[i];
                if (this._shown[i] && column.Short != column.Header && column.Meaning != column.Short)
                {
                    parts.Add($"{column.Short} = {column.Meaning}");
                }
            }
            string[] dropped = [.. Enumerable.Range(0, this._columns.Length).Where(i => !this._shown[i]).Select(i => this._columns[i].Header)];
            if (dropped.Length > 0)
            {
                parts.Add($"not shown (narrow terminal): {string.Join(", ", dropped)}");
            }
            var lines = new List<string>();
            var line = new System.Text.StringBuilder("#");
            foreach (string part in parts)
            {
                if (line.Length > 1 && line.Length + 2 + part.Length > this._room)
                {
                    lines.Add(line.ToString().TrimEnd(';'));
                    line.Clear().Append('#');
                }
                line.Append(' ').Append(part).Append(';');
            }
            lines.Add(line.ToString().TrimEnd(';'));
            return lines;
        }
    }

    /// <summary>Whether column <paramref name="index"/> is shown.</summary>
    public bool Shows(int index) => this._shown[index];

    /// <summary>One row from its cells (one per column, shown or not).</summary>
    public string Row(IReadOnlyList<string> cells) => this.Line(cells);

    /// <summary>A number with <paramref name="format"/>, or <c>–</c> when it is NaN or infinite.</summary>
    public static string Number(double value, string format)
        => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "–";

    /// <summary>Seconds so that sub-second times stay visible: <c>0.42</c>, <c>7.5</c>, <c>123</c>.</summary>
    public static string Seconds(double seconds)
        => !double.IsFinite(seconds) ? "–"
            : seconds < 10 ? seconds.ToString("0.00", CultureInfo.InvariantCulture)
            : seconds < 100 ? seconds.ToString("0.0", CultureInfo.InvariantCulture)
            : seconds.ToString("0", CultureInfo.InvariantCulture);

    private int Total()
    {
        int total = 0;
        int count = 0;
        for (int i = 0; i < this._columns.Length; i++)
        {
            if (this._shown[i])
            {
                total += this._widths[i];
                count++;
            }
        }
        return total + Gap * Math.Max(0, count - 1);
    }

    private string Line(IReadOnlyList<string> cells)
    {
        var parts = new List<string>();
        for (int i = 0; i < this._columns.Length; i++)
        {
            if (this._shown[i])
            {
                parts.Add(this._columns[i].Left ? cells[i].PadRight(this._widths[i]) : cells[i].PadLeft(this._widths[i]));
            }
        }
        return string.Join(new string(' ', Gap), parts).TrimEnd();
    }
}
