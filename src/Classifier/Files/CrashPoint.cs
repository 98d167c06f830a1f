using System.Globalization;

namespace HardmaxCore.Classifier;

/// <summary>
/// A test-only switch that makes the process die abruptly (SIGKILL to itself, as <c>kill -9</c> does) at one chosen
/// durable file step, so a test can stop a run at every such step in turn instead of at timed instants.
/// </summary>
/// <remarks>
/// The steps are counted from 0 in the order the process reaches them: for each <see cref="AtomicFile"/> write its
/// start, the temporary created, written, flushed to disk and renamed over the destination, and the folder flushed;
/// each log file opened for appending and each append flushed to it. With the environment variable
/// <see cref="Variable"/> set to <c>k</c> (read once, when the first step is reached) the process writes
/// <c>crash point k: &lt;step&gt; &lt;path&gt;</c> to stderr and kills itself at step <c>k</c>; a process that ends
/// without reaching <c>k</c> runs as usual. Unset (always, outside the tests) every step costs one comparison. This is
/// not a user option and is not documented in the README.
/// </remarks>
internal static class CrashPoint
{
    /// <summary>The environment variable that names the step to die at (a number ≥ 0).</summary>
    public const string Variable = "HARDMAX_CRASH_AT";

    /// <summary>The step to die at, or −1 when the switch is off.</summary>
    private static readonly long Target = ReadTarget();

    /// <summary>The steps reached so far.</summary>
    private static long _reached;

    /// <summary>Counts one durable file step; dies there when it is the one <see cref="Variable"/> names.</summary>
    /// <param name="step">What has just happened or is about to ("temporary created").</param>
    /// <param name="path">The file concerned.</param>
    public static void Pass(string step, string path)
    {
        if (Target < 0)
        {
            return;
        }
        long index = Interlocked.Increment(ref _reached) - 1;
        if (index != Target)
        {
            return;
        }
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"crash point {index}: {step} {path}"));
        Console.Error.Flush();
        if (!Posix.KillSelf())
        {
            Environment.FailFast($"crash point {index.ToString(CultureInfo.InvariantCulture)}: {step} {path}");
        }
        // SIGKILL cannot be caught; the process ends before this line.
        Thread.Sleep(Timeout.Infinite);
    }

    private static long ReadTarget()
        => long.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.None, CultureInfo.InvariantCulture, out long k) ? k : -1;
}
