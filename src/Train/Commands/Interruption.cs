using System.Runtime.InteropServices;

namespace HardmaxCore.Train.Commands;

/// <summary>
/// What Ctrl+C (SIGINT) and SIGTERM do while a command runs: every command gets one (<see cref="CommandRunner.Execute"/>),
/// and at any moment it is in one of two phases.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><b>Immediate</b> (the default, for commands that take no token): the progress line is erased, one line says
/// what was saved (by default: the files the command recorded with <see cref="Saved"/>, or nothing), the phase's
/// clean-up runs and the process exits with 130 (SIGINT) or 143 (SIGTERM). A set of outputs is written <see cref="Deferred"/>: a signal then takes
/// effect after the last rename, so the line names the whole set.</item>
/// <item><b>Cooperative</b> (training, from the loading of its data on): the signal cancels <see cref="Token"/>; the
/// loading stops within a few hundred reviews with nothing saved, training saves a checkpoint at the current batch; the
/// command says which in one line (<see cref="Report"/>) and returns <see cref="ExitCode"/>.</item>
/// </list>
/// Only the command that runs in the process's own console reacts: in-process test runs leave signals alone.
/// </remarks>
internal sealed class Interruption : IDisposable
{
    /// <summary>Exit code after Ctrl+C (128 + SIGINT).</summary>
    public const int Interrupted = 130;

    /// <summary>Exit code after SIGTERM (128 + 15), what schedulers and <c>kill</c> send.</summary>
    public const int Terminated = 143;

    private readonly object _gate = new();
    private readonly CancellationTokenSource _cancel = new();
    private readonly TextWriter _error;
    private readonly string _command;
    private readonly PosixSignalRegistration? _sigint;
    private readonly PosixSignalRegistration? _sigterm;
    private readonly List<string> _saved = [];
    private bool _cooperative;
    private bool _deferred;
    private Func<string>? _describe;
    private Action? _cleanup;
    private int _exitCode;

    private Interruption(string command, TextWriter error, bool listen)
    {
        this._command = command;
        this._error = error;
        if (listen && !OperatingSystem.IsWindows() && !OperatingSystem.IsBrowser())
        {
            this._sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, this.OnSignal);
            this._sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, this.OnSignal);
        }
    }

    /// <summary>Before any command: signals are left alone.</summary>
    private static readonly Interruption None = new("", TextWriter.Null, listen: false);

    /// <summary>The command's on this call chain (commands run in-process in parallel in tests, each with its own).</summary>
    private static readonly AsyncLocal<Interruption?> Installed = new();

    /// <summary>The interruption of the command running on this call chain.</summary>
    public static Interruption Current => Installed.Value ?? None;

    /// <summary>Cancelled by a signal in the cooperative phase.</summary>
    public CancellationToken Token => this._cancel.Token;

    /// <summary>130 after SIGINT, 143 after SIGTERM, 0 before any signal.</summary>
    public int ExitCode => this._exitCode;

    /// <summary>Whether a signal arrived.</summary>
    public bool Requested => this._exitCode != 0;

    /// <summary>The progress line to erase before the message (set by the command once it has one).</summary>
    public LiveDisplay? Display { get; set; }

    /// <summary>
    /// Installs the handler of one command; <paramref name="listen"/> is false when the command does not write to the
    /// process's console (in-process tests), so that a signal meant for the test host is not taken.
    /// </summary>
    public static Interruption Install(string command, TextWriter error, bool listen)
    {
        var interruption = new Interruption(command, error, listen);
        Installed.Value = interruption;
        return interruption;
    }

    /// <summary>From now on a signal cancels <see cref="Token"/>; the command says what it saved.</summary>
    public void Cooperative()
    {
        lock (this._gate)
        {
            this._cooperative = true;
        }
    }

    /// <summary>
    /// Records that the command has written <paramref name="path"/>: in the immediate phase, unless the phase describes
    /// what was saved itself, the line after a signal names the files written so far instead of "nothing was saved".
    /// </summary>
    public void Saved(string path)
    {
        lock (this._gate)
        {
            this._saved.Add(path);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> (writing a set of outputs) with signals held: one that arrives meanwhile takes effect
    /// when the work is done, so the line it prints names every file of the set or none, never a set half renamed.
    /// </summary>
    public void Deferred(Action work)
    {
        lock (this._gate)
        {
            this._deferred = true;
        }
        try
        {
            work();
        }
        finally
        {
            bool pending;
            lock (this._gate)
            {
                this._deferred = false;
                pending = this._exitCode != 0 && !this._cooperative;
            }
            if (pending)
            {
                this.Stop();
            }
        }
    }

    /// <summary>
    /// From now on a signal erases the progress line, prints <c>interrupted: </c> and <paramref name="describe"/>'s text,
    /// runs <paramref name="cleanup"/> and exits.
    /// </summary>
    public void Immediate(Func<string> describe, Action? cleanup = null)
    {
        lock (this._gate)
        {
            this._cooperative = false;
            this._describe = describe;
            this._cleanup = cleanup;
        }
    }

    /// <summary>
    /// In the cooperative phase, when the command stopped on <see cref="Token"/>: erases the progress line, prints the one
    /// line <c>interrupted: </c><paramref name="message"/> (what was saved) and returns <see cref="ExitCode"/>.
    /// </summary>
    public int Report(string message)
    {
        this.Display?.Clear();
        this._error.WriteLine($"{CommandRunner.ToolName} {this._command}: {this.Word}: {TerminalText.Escape(message)}.");
        this._error.Flush();
        return this._exitCode;
    }

    /// <summary>The word for the signal that arrived: <c>interrupted</c> or <c>terminated</c>.</summary>
    public string Word => this._exitCode == Terminated ? "terminated" : "interrupted";

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        lock (this._gate)
        {
            if (this._exitCode == 0)
            {
                this._exitCode = context.Signal == PosixSignal.SIGTERM ? Terminated : Interrupted;
            }
            if (this._cooperative)
            {
                this._cancel.Cancel();
                return;
            }
            if (this._deferred)
            {
                return; // Deferred stops when its work is done.
            }
            this.Stop();
        }
    }

    /// <summary>What was saved, by default: the files recorded by <see cref="Saved"/>, or nothing.</summary>
    private string DescribeSaved()
        => this._saved.Count == 0 ? "nothing was saved" : $"saved {string.Join(", ", this._saved)}; nothing else was";

    /// <summary>The immediate phase's end: erase the progress line, clean up, print one line, exit.</summary>
    private void Stop()
    {
        lock (this._gate)
        {
            this.Display?.Dispose();
            Func<string> describe = this._describe ?? this.DescribeSaved;
            string message;
            try
            {
                this._cleanup?.Invoke();
                message = describe();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                message = $"{describe()} (clean-up failed: {e.Message})";
            }
            this._error.WriteLine($"{CommandRunner.ToolName} {this._command}: {this.Word}: {TerminalText.Escape(message)}.");
            this._error.Flush();
            Environment.Exit(this._exitCode);
        }
    }

    /// <summary>Stops listening (the token stays valid: a run may still hold it).</summary>
    public void Dispose()
    {
        this._sigint?.Dispose();
        this._sigterm?.Dispose();
        if (ReferenceEquals(Installed.Value, this))
        {
            Installed.Value = null;
        }
    }
}
