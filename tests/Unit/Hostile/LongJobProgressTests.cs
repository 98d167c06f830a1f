using System.Diagnostics;
using System.Globalization;
using System.Text;
using HardmaxCore.Train.Commands;
using HardmaxCore.Experiments.Simulation;
using HardmaxCore.UnitTests.Cli;

namespace HardmaxCore.UnitTests.Hostile;

/// <summary>
/// Issue 22, root cause 3: a long job the user accepted shows progress with the time left — on a terminal a progress
/// line (tmux), without one nothing but whole lines; simulate's layers, run in chunks for it, end bit for bit as one call.
/// </summary>
public sealed class LongJobProgressTests
{
    [Theory]
    [InlineData(0.0, "0:00")]
    [InlineData(59.2, "1:00")]
    [InlineData(61, "1:01")]
    [InlineData(3600, "1:00:00")]
    [InlineData(90_061, "25:01:01")]
    [InlineData(double.NaN, "–")]
    [InlineData(double.PositiveInfinity, "–")]
    public void Clock_MinutesSeconds_HoursFromAnHour_NotWrappedAtADay(double seconds, string expected)
        => Assert.Equal(expected, LiveDisplay.Clock(seconds));

    [Fact]
    public void Timed_WithoutATerminal_LogsAWholeLinePerTenthOnlyForALongJob()
    {
        var rows = new StringWriter();
        var log = new StringWriter();
        using (LiveDisplay display = LiveDisplay.Plain(rows, log))
        {
            long start = Stopwatch.GetTimestamp();
            for (int done = 0; done <= 1000; done++)
            {
                display.Timed("simulate: layers", done, 1000, start);
            }
        }
        Assert.Equal("", log.ToString());
        using (LiveDisplay display = LiveDisplay.Plain(rows, log))
        {
            long start = Stopwatch.GetTimestamp() - Stopwatch.Frequency; // a second ago
            for (int done = 0; done <= 1000; done++)
            {
                display.Timed("simulate: layers", done, 1000, start, upperBound: true, logWithout: true);
            }
        }
        string text = log.ToString();
        Assert.DoesNotContain('\r', text);
        Assert.DoesNotContain('\u001b', text);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Enumerable.Range(1, 10).Select(t => $"simulate: layers: {t * 10}%"), lines.Select(l => l[..l.IndexOf('%')] + "%"));
        Assert.Matches(@"^simulate: layers: 10%  100/1,000  0:0\d elapsed, ≤ 0:\d\d left$", lines[0]);
        Assert.Matches(@"^simulate: layers: 100%  1,000/1,000  0:0\d elapsed, 0:00 left$", lines[^1]);
        Assert.Equal("", rows.ToString());
    }

    /// <summary>simulate with progress runs its layers in chunks: the same configuration, steps, convergence and leaders, bit for bit, as one call.</summary>
    [Theory]
    [InlineData("square", 7, 1)]
    [InlineData("triangle", null, 1)]
    [InlineData("emerging", null, 3)]
    [InlineData("emerging", 40, 6)]
    public void Simulator_InChunks_EndsBitForBitAsOneCall(string example, int? steps, int chunk)
    {
        SimulationProblem problem = BuiltInExamples.Get(example);
        var settings = new SimulationSettings(steps, 1e-12, 500, Precision.Double, RecordTrajectory: false);
        SimulationResult<double> whole = Simulator.Run<double>(problem, settings);
        var reported = new List<int>();
        SimulationResult<double> chunked = Simulator.Run<double>(problem, settings, reported.Add, chunk);
        CliHarness.AssertBitwiseEqual(whole.Final, chunked.Final);
        Assert.Equal(whole.Steps, chunked.Steps);
        Assert.Equal(whole.Converged, chunked.Converged);
        Assert.Equal(whole.Leaders, chunked.Leaders);
        Assert.Equal(whole.Steps, reported[^1]);
        Assert.True(reported.SequenceEqual(reported.Order()), "progress went backwards");
        Assert.True(reported.Count >= Math.Min(2, whole.Steps), $"{reported.Count} reports for {whole.Steps} layers in chunks of {chunk}");
    }

    /// <summary>
    /// Issue 18: simulate records the trajectory in its one run (no replay). The recorded run ends bit for bit as the run
    /// without a trajectory (steps, convergence, configuration, leaders), in one call and in chunks, and the trajectory holds
    /// layer 0 (the input) to the final layer, each layer one Core layer from the one before.
    /// </summary>
    [Theory]
    [InlineData("square", 7, 0)]
    [InlineData("square", 0, 0)]
    [InlineData("square", 1, 0)]
    [InlineData("triangle", null, 0)]
    [InlineData("emerging", null, 3)]
    [InlineData("emerging", 40, 6)]
    [InlineData("emerging", 40, 1)]
    public void Simulator_RecordingTheTrajectory_IsTheSameRun(string example, int? steps, int chunk)
    {
        SimulationProblem problem = BuiltInExamples.Get(example);
        var plain = new SimulationSettings(steps, 1e-12, 500, Precision.Double, RecordTrajectory: false);
        SimulationResult<double> whole = Simulator.Run<double>(problem, plain);
        var reported = new List<int>();
        SimulationResult<double> recorded = Simulator.Run<double>(problem, plain with { RecordTrajectory = true }, chunk > 0 ? reported.Add : null, chunk);
        Assert.Null(whole.Trajectory);
        CliHarness.AssertBitwiseEqual(whole.Final, recorded.Final);
        Assert.Equal(whole.Steps, recorded.Steps);
        Assert.Equal(whole.Converged, recorded.Converged);
        Assert.Equal(whole.Leaders, recorded.Leaders);
        int size = problem.Tokens * problem.Dimension;
        double[] trajectory = recorded.Trajectory!;
        Assert.Equal((whole.Steps + 1) * size, trajectory.Length);
        CliHarness.AssertBitwiseEqual(problem.Values, trajectory[..size]);
        CliHarness.AssertBitwiseEqual(whole.Final, trajectory[^size..]);
        using var dynamics = new Dynamics<double>(problem.Tokens, problem.Dimension, DynamicsOptions.Default with { Alpha = problem.Alpha, KeyQuery = problem.KeyQuery, TieTolerance = problem.TieTolerance, MaxDegreeOfParallelism = 1 });
        for (int k = 1; k <= whole.Steps; k++)
        {
            double[] layer = trajectory[((k - 1) * size)..(k * size)];
            dynamics.Run(layer, 1);
            CliHarness.AssertBitwiseEqual(layer, trajectory[(k * size)..((k + 1) * size)]);
        }
        if (chunk > 0)
        {
            Assert.Equal(whole.Steps, reported[^1]);
            Assert.True(reported.SequenceEqual(reported.Order()), "progress went backwards");
        }
    }

    /// <summary>
    /// simulate and bench on a terminal (tmux): a progress line with the time left while they run, none left afterwards.
    /// (The display is live only when stdout is the terminal or a regular file, so stdout is not redirected here.)
    /// </summary>
    [RequiresTmuxTheory]
    [InlineData("simulate")]
    [InlineData("bench")]
    public void LongJob_InATerminal_ShowsTheTimeLeft_AndLeavesNoBar(string command)
    {
        using var temp = new TempDirectory();
        string tool = Path.Combine(AppContext.BaseDirectory, "hardmax.dll");
        string done = Path.Combine(temp.Path, "done");
        string arguments;
        if (command == "simulate")
        {
            // 4,000 tokens in R², 1,000 layers: n²·d = 3.2·10⁷ per layer, 3.2·10¹⁰ in all: about 6 s on one idle core
            // (2,000 tokens took under 2 s after the kernel got faster, too short for the progress line to be seen reliably).
            var json = new StringBuilder("{\"alpha\": 0.5, \"tokens\": [");
            var random = new Random(5);
            for (int i = 0; i < 4000; i++)
            {
                json.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $"[{random.NextDouble():R},{random.NextDouble():R}]");
            }
            File.WriteAllText(Path.Combine(temp.Path, "many.json"), json.Append("]}").ToString());
            arguments = $"simulate --input '{Path.Combine(temp.Path, "many.json")}' --steps 1000 --out '{Path.Combine(temp.Path, "out.json")}'";
        }
        else
        {
            arguments = "bench --tokens 16 --dim 4 --layers 2 --batch 64 --seconds 4";
        }
        string socket = $"h22-{Guid.NewGuid():N}";
        Tmux(socket, "-f", "/dev/null", "new-session", "-d", "-x", "100", "-y", "30", "-s", "t",
            $"dotnet '{tool}' {arguments}; echo \"exit $?\" > '{done}'; sleep 600");
        try
        {
            var clock = Stopwatch.StartNew();
            string seen = "";
            while (!File.Exists(done) && clock.Elapsed < TimeSpan.FromMinutes(5))
            {
                string visible = Tmux(socket, "capture-pane", "-p", "-t", "t");
                if (visible.Contains(" left", StringComparison.Ordinal))
                {
                    seen = visible;
                }
                Thread.Sleep(100);
            }
            Assert.True(File.Exists(done), $"{command} under tmux did not finish in 5 minutes");
            Thread.Sleep(300);
            string screen = Tmux(socket, "capture-pane", "-p", "-t", "t", "-S", "-", "-E", "-");
            Assert.True(File.ReadAllText(done).Trim() == "exit 0", screen);
            Assert.True(seen.Length > 0, $"no progress line with the time left was seen; the screen at the end:\n{screen}");
            Assert.Matches(command == "simulate" ? @"simulate: layers .*\d+%.* elapsed, \d+:\d\d left" : @"bench: the dynamics .*\d+%.* elapsed, (about \d+:\d\d left|finishing)", seen);
            Assert.DoesNotContain(screen.Split('\n'), l => l.Contains('━') || l.Contains(" left", StringComparison.Ordinal));
        }
        finally
        {
            Tmux(socket, "kill-server");
        }
    }

    private static string Tmux(string socket, params string[] arguments)
    {
        var start = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-L");
        start.ArgumentList.Add(socket);
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
