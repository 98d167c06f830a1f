using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace HardmaxCore.Experiments.Text;

/// <summary>
/// The screen of a long command (train, sweep, evaluate, cluster, bench): finished rows printed once, and in a terminal
/// exactly one progress line at the bottom, redrawn in place.
/// </summary>
/// <remarks>
/// <para>
/// Live mode (stderr is a terminal, and stdout is that terminal or a regular file): a row is written as
/// <c>CR, erase line, row, LF</c> and the progress line is redrawn below it as <c>CR, text, erase to end of line</c>, the
/// text cut to one column less than the terminal is wide. Nothing else moves the cursor, so however fast or slow rows and
/// progress arrive, the screen holds every row once and one progress line, which <see cref="Dispose"/> erases.
/// </para>
/// <para>
/// Plain mode (no terminal, or stdout a pipe such as <c>| tee</c>, whose copy of the rows would land in the middle of a
/// progress line): rows only, as whole lines, no escape sequences; progress is dropped.
/// </para>
/// Every member is thread-safe.
/// </remarks>
internal sealed class LiveDisplay : IDisposable
{
    /// <summary>The shortest time between two redraws of the progress line (a forced redraw ignores it).</summary>
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);

    private readonly object _gate = new();
    private readonly TextWriter _rows;
    private readonly TextWriter _log;
    private readonly TextWriter? _screen;
    private readonly bool _rowsOnScreen;
    private string _status = "";
    private long _lastDraw;
    private bool _drawn;
    private bool _disposed;
    private int _loggedTenth;

    private LiveDisplay(TextWriter rows, TextWriter log, TextWriter? screen, bool rowsOnScreen, int? width)
    {
        this._rows = rows;
        this._log = log;
        this._screen = screen;
        this._rowsOnScreen = rowsOnScreen;
        this.Width = width;
    }

    /// <summary>Whether a progress line is drawn (live mode).</summary>
    public bool IsLive => this._screen is not null;

    /// <summary>The terminal's width in columns when the rows reach a terminal (directly or through a pipe); null when they do not (no limit).</summary>
    public int? Width { get; }

    /// <summary>
    /// The display of a program writing results to <paramref name="output"/> and messages to <paramref name="error"/>: rows
    /// go to <paramref name="rows"/> (one of the two); live when they are the process's own console streams, stderr is a
    /// terminal and stdout is that terminal or a file.
    /// </summary>
    public static LiveDisplay ForStreams(TextWriter output, TextWriter error, TextWriter rows)
    {
        bool consoleStreams = ReferenceEquals(error, Console.Error) && ReferenceEquals(output, Console.Out);
        bool stderrTerminal = consoleStreams && !Console.IsErrorRedirected;
        bool stdoutTerminal = consoleStreams && !Console.IsOutputRedirected;
        bool rowsToStdout = ReferenceEquals(rows, output);
        int? width = stderrTerminal || stdoutTerminal ? TerminalWidth() : null;
        if (!stderrTerminal || (!stdoutTerminal && !StdoutIsRegularFile()))
        {
            return new LiveDisplay(rows, error, null, false, width);
        }
        // Rows meant for a terminal's stdout go through stderr's writer, in order with the progress line.
        bool rowsOnScreen = !rowsToStdout || stdoutTerminal;
        return new LiveDisplay(rows, error, error, rowsOnScreen, width);
    }

    /// <summary>A display that writes rows to <paramref name="rows"/> and never draws progress (tests, logs).</summary>
    public static LiveDisplay Plain(TextWriter rows, TextWriter log, int? width = null) => new(rows, log, null, false, width);

    /// <summary>The terminal's width: the console's window width, else $COLUMNS, else 80.</summary>
    internal static int TerminalWidth()
    {
        try
        {
            int width = Console.WindowWidth;
            if (width > 0)
            {
                return width;
            }
        }
        catch (Exception e) when (e is IOException or PlatformNotSupportedException or InvalidOperationException)
        {
            // Not a terminal after all: fall back below.
        }
        return int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), NumberStyles.None, CultureInfo.InvariantCulture, out int columns) && columns > 0 ? columns : 80;
    }

    /// <summary>Whether stdout is a regular file (Linux: <c>/proc/self/fd/1</c> links to a path, not to a pipe or socket).</summary>
    private static bool StdoutIsRegularFile()
    {
        try
        {
            string? target = new FileInfo("/proc/self/fd/1").LinkTarget;
            return target is not null && target.StartsWith('/') && !target.StartsWith("/dev/", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return false;
        }
    }

    /// <summary>Writes one finished row (a whole line) above the progress line.</summary>
    public void Row(string line)
    {
        lock (this._gate)
        {
            if (this._screen is null || !this._rowsOnScreen)
            {
                this._rows.WriteLine(line);
                this._rows.Flush();
                return;
            }
            this.OnScreen(line);
        }
    }

    /// <summary>Writes one log line (a message, not a table row): on the screen above the progress line when live, else to stderr.</summary>
    public void Log(string line)
    {
        lock (this._gate)
        {
            if (this._screen is null)
            {
                this._log.WriteLine(line);
                this._log.Flush();
                return;
            }
            this.OnScreen(line);
        }
    }

    /// <summary>Writes a line above the progress line and redraws it (the caller holds the gate).</summary>
    private void OnScreen(string line)
    {
        this._screen!.Write(this._drawn ? "\r\u001b[K" + line + "\n" : line + "\n");
        this._drawn = false;
        this.Draw();
    }

    /// <summary>Replaces the progress line's text (live mode only; redrawn at most every 100 ms unless <paramref name="force"/>).</summary>
    public void Status(string text, bool force = false)
    {
        if (this._screen is null)
        {
            return;
        }
        lock (this._gate)
        {
            this._status = text;
            long now = Stopwatch.GetTimestamp();
            if (force || !this._drawn || Stopwatch.GetElapsedTime(this._lastDraw, now) >= RedrawInterval)
            {
                this.Draw();
            }
        }
    }

    /// <summary>The progress line for a task <paramref name="done"/> of <paramref name="total"/> done: label, bar, percentage, detail.</summary>
    public void Progress(string label, long done, long total, string detail = "", bool force = false)
    {
        if (this._screen is null)
        {
            return;
        }
        double fraction = total <= 0 ? 1 : Math.Clamp((double)done / total, 0, 1);
        int room = (this.Width ?? 80) - 1;
        int barWidth = Math.Clamp(room - label.Length - detail.Length - 8, 0, 30);
        var line = new StringBuilder(label);
        if (barWidth >= 5)
        {
            int full = (int)Math.Round(fraction * barWidth);
            line.Append(' ').Append('━', full).Append('─', barWidth - full);
        }
        line.Append(CultureInfo.InvariantCulture, $" {fraction * 100,3:F0}%");
        if (detail.Length > 0)
        {
            line.Append("  ").Append(detail);
        }
        this.Status(line.ToString(), force || done >= total);
    }

    /// <summary>
    /// The progress line of a job <paramref name="done"/> of <paramref name="total"/> units into its run, started at
    /// <paramref name="start"/> (a <see cref="Stopwatch"/> timestamp): the bar, the count, the time elapsed and the time
    /// left at the rate so far, <c>elapsed/done·(total − done)</c> (prefixed "≤" when <paramref name="upperBound"/>: the
    /// total is a cap the job may stop before). Without a terminal nothing is drawn; when <paramref name="logWithout"/> (a
    /// long job the user accepted) a complete line is logged each time another tenth is done, so a log still shows it.
    /// </summary>
    public void Timed(string label, long done, long total, long start, bool upperBound = false, bool logWithout = false)
    {
        if (this._screen is null && !logWithout)
        {
            return;
        }
        double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        double remaining = done > 0 ? elapsed / done * Math.Max(0, total - done) : double.NaN;
        string detail = string.Create(CultureInfo.InvariantCulture,
            $"{done:N0}/{total:N0}  {Clock(elapsed)} elapsed, {(upperBound && done < total ? "≤ " : "")}{Clock(remaining)} left");
        if (this._screen is not null)
        {
            this.Progress(label, done, total, detail);
            return;
        }
        int tenth = total <= 0 ? 10 : (int)Math.Min(10, 10 * done / total);
        lock (this._gate)
        {
            if (tenth <= this._loggedTenth)
            {
                return;
            }
            this._loggedTenth = tenth;
        }
        this.Log(string.Create(CultureInfo.InvariantCulture, $"{label}: {tenth * 10}%  {detail}"));
    }

    /// <summary>
    /// The progress line of a job that runs for about <paramref name="expected"/> seconds (a time budget), started at
    /// <paramref name="start"/>: the bar, the time elapsed and about how long is left; past the budget, that it is finishing
    /// (a measurement always completes the call it is in). Terminal only.
    /// </summary>
    public void Countdown(string label, long start, double expected)
    {
        if (this._screen is null)
        {
            return;
        }
        double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        string detail = elapsed < expected
            ? $"{Clock(elapsed)} elapsed, about {Clock(expected - elapsed)} left"
            : $"{Clock(elapsed)} elapsed, finishing the last call";
        long total = Math.Max(1, (long)(expected * 1000));
        this.Progress(label, Math.Min((long)(elapsed * 1000), total - 1), total, detail);
    }

    /// <summary>Runs <paramref name="work"/> under <see cref="Countdown"/>, redrawn four times a second (disposing the display erases it).</summary>
    public T RunCountingDown<T>(string label, double expected, Func<T> work)
    {
        long start = Stopwatch.GetTimestamp();
        this.Countdown(label, start, expected);
        if (!this.IsLive)
        {
            return work();
        }
        using var timer = new Timer(_ => this.Countdown(label, start, expected), null, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(250));
        T result = work();
        timer.Change(Timeout.Infinite, Timeout.Infinite);
        return result;
    }

    /// <summary>Seconds as <c>m:ss</c>, or <c>h:mm:ss</c> from an hour on (hours not wrapped at a day); <c>–</c> when unknown.</summary>
    internal static string Clock(double seconds)
    {
        if (!double.IsFinite(seconds) || seconds < 0 || seconds > 1e15)
        {
            return "–";
        }
        long whole = (long)Math.Ceiling(seconds);
        return whole >= 3600
            ? string.Create(CultureInfo.InvariantCulture, $"{whole / 3600}:{whole / 60 % 60:00}:{whole % 60:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{whole / 60}:{whole % 60:00}");
    }

    /// <summary>Erases the progress line (the rows stay).</summary>
    public void Clear()
    {
        lock (this._gate)
        {
            if (this._screen is not null && this._drawn)
            {
                this._screen.Write("\r\u001b[K");
                this._screen.Flush();
            }
            this._drawn = false;
            this._status = "";
        }
    }

    /// <summary>A writer whose every complete line becomes a <see cref="Row"/>.</summary>
    public TextWriter RowWriter() => new LineWriter(this.Row);

    /// <summary>A writer whose every complete line becomes a <see cref="Log"/> line (for the logs libraries write).</summary>
    public TextWriter LogWriter() => new LineWriter(this.Log);

    /// <summary>Erases the progress line.</summary>
    public void Dispose()
    {
        if (!this._disposed)
        {
            this.Clear();
            this._disposed = true;
        }
    }

    /// <summary>Redraws the progress line (the caller holds the gate).</summary>
    private void Draw()
    {
        if (this._screen is null || this._disposed)
        {
            return;
        }
        if (this._status.Length == 0)
        {
            if (this._drawn)
            {
                this._screen.Write("\r\u001b[K");
                this._drawn = false;
            }
            this._screen.Flush();
            return;
        }
        // The width now, not at the start: a terminal made narrower must not wrap the line (a wrapped line would stay).
        int room = Math.Max(10, TerminalWidth() - 1);
        string text = this._status.Length > room ? this._status[..(room - 1)] + "…" : this._status;
        this._screen.Write("\r" + TerminalText.Escape(text) + "\u001b[K");
        this._screen.Flush();
        this._drawn = true;
        this._lastDraw = Stopwatch.GetTimestamp();
    }

    /// <summary>Buffers characters and hands each complete line to the display as a row.</summary>
    private sealed class LineWriter(Action<string> write) : TextWriter
    {
        private readonly StringBuilder _line = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (this._line)
            {
                if (value == '\n')
                {
                    string line = this._line.ToString().TrimEnd('\r');
                    this._line.Clear();
                    write(line);
                }
                else
                {
                    this._line.Append(value);
                }
            }
        }

        public override void Write(string? value)
        {
            foreach (char c in value ?? "")
            {
                this.Write(c);
            }
        }

        public override void WriteLine(string? value)
        {
            lock (this._line)
            {
                this.Write(value);
                this.Write('\n');
            }
        }
    }
}
