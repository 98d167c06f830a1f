using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using HardmaxCore.Train.Commands;
using HardmaxCore.UnitTests.Training;

namespace HardmaxCore.UnitTests.Cli;

/// <summary>
/// Issue 21: the live display of <c>train</c> in a real terminal (tmux) over a long run: every epoch row is on the
/// screen or in the scrollback exactly once, no progress bar remains, nothing is cropped, at 80 × 24 and 120 × 40.
/// </summary>
/// <remarks>
/// Needs tmux (Debian: <c>apt-get install tmux</c>; .ci/run installs it); skipped with a message when it is absent.
/// The data set is synthetic and tiny (3,000 short reviews, d = 2, n = 16), so each of the 45 epochs takes a fraction
/// of a second: rows arrive faster than the display redraws, the case where an earlier display piled up bars.
/// </remarks>
public sealed class LiveDisplayTerminalTests
{
    private const int Epochs = 45;

    [RequiresTmuxTheory]
    [InlineData(80, 24)]
    [InlineData(120, 40)]
    public void Train_FortyFiveEpochsInTmux_EveryRowOnceAndNoBarLeft(int columns, int rows)
    {
        using var temp = new TempDirectory();
        string data = SyntheticReviews.WriteCsv(temp.Path, 3000);
        string folder = Path.Combine(temp.Path, "run");
        string done = Path.Combine(temp.Path, "done");
        string tool = Path.Combine(AppContext.BaseDirectory, "hardmax.dll");
        string socket = $"h21-{Guid.NewGuid():N}";
        string command = string.Create(CultureInfo.InvariantCulture,
            $"dotnet '{tool}' train --data '{data}' --dim 2 --tokens 16 --batch 16 --epochs {Epochs} --threads 1 --out '{folder}'; echo \"exit $?\" > '{done}'; sleep 600");
        Tmux(socket, "-f", "/dev/null", "new-session", "-d", "-x", columns.ToString(CultureInfo.InvariantCulture), "-y", rows.ToString(CultureInfo.InvariantCulture), "-s", "t", command);
        try
        {
            var clock = Stopwatch.StartNew();
            // While it trains, the visible screen never holds more than one progress line (an earlier display kept a
            // finished bar per epoch, 22 of them at once in this test, until they pushed the table off the screen).
            int most = 0;
            string crowded = "";
            while (!File.Exists(done) && clock.Elapsed < TimeSpan.FromMinutes(5))
            {
                string visible = Tmux(socket, "capture-pane", "-p", "-t", "t");
                int bars = visible.Split('\n').Count(l => l.Contains('%') || l.Contains('━'));
                if (bars > most)
                {
                    (most, crowded) = (bars, visible);
                }
                Thread.Sleep(150);
            }
            Assert.True(most <= 1, $"{most} progress lines on the screen at once at {columns} × {rows}:\n{crowded}");
            Assert.True(File.Exists(done), "training under tmux did not finish in 5 minutes");
            Thread.Sleep(300);
            Assert.Equal("exit 0", File.ReadAllText(done).Trim());
            // The whole history: scrollback and screen, wrapped lines as they are on the screen (not joined).
            string screen = Tmux(socket, "capture-pane", "-p", "-t", "t", "-S", "-", "-E", "-");
            string[] lines = screen.Split('\n');
            for (int epoch = 1; epoch <= Epochs; epoch++)
            {
                int count = lines.Count(l => Regex.IsMatch(l, $@"^\s*{epoch}(\s+(–|[0-9.]+)){{9}}\s*$"));
                Assert.True(count == 1, $"epoch {epoch}: {count} rows at {columns} × {rows}; screen:\n{screen}");
            }
            Assert.Single(lines, l => l.TrimStart().StartsWith("epoch ", StringComparison.Ordinal) && !l.Contains(':', StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Contains('━') || l.Contains('%') || l.Contains("evaluating", StringComparison.Ordinal) || l.Contains('…'));
            Assert.All(lines, l => Assert.True(l.Length <= columns, $"a line wider than the terminal: '{l}'"));
            Assert.Contains(lines, l => l.StartsWith("selected epoch", StringComparison.Ordinal));
        }
        finally
        {
            Tmux(socket, "kill-server");
        }
    }

    [Fact]
    public void Train_Piped_WritesWholeRowsWithoutEscapes()
    {
        using var temp = new TempDirectory();
        string data = SyntheticReviews.WriteCsv(temp.Path, 300);
        CliResult result = CliHarness.Run("train", "--data", data, "--dim", "2", "--tokens", "8", "--batch", "16", "--epochs", "3", "--threads", "1", "--out", Path.Combine(temp.Path, "run"));
        Assert.Equal(0, result.ExitCode);
        foreach (string text in new[] { result.Output, result.Error })
        {
            Assert.DoesNotContain('\u001b', text);
            Assert.DoesNotContain('\r', text);
            Assert.DoesNotContain("%", text, StringComparison.Ordinal);
        }
        string[] lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(EpochTable.Create(hardmax: true, width: null).Header, lines[0]);
        Assert.Equal(4, lines.Length);
        // Sub-second epochs show their time (not "0").
        Assert.All(lines.Skip(1), l => Assert.Matches(@"\s0\.\d\d\s+\d+$", l));
    }

    [Theory]
    [InlineData(80)]
    [InlineData(60)]
    public void EpochTable_NarrowTerminal_FitsWithALegend(int width)
    {
        EpochTable table = EpochTable.Create(hardmax: true, width);
        var metrics = new EpochMetrics
        {
            Epoch = 12, TrainLoss = 0.6931, TrainAccuracy = 0.5, ValidationAccuracy = 0.51, TestAccuracy = 0.52, TestAccuracyHardmax = double.NaN,
            TestAgreement = 1, Alpha = 0.0625, Seconds = 0.42, TrainReviewsPerSecond = 12345,
        };
        string row = table.Row(metrics);
        Assert.True(table.Header.Length < width, table.Header);
        Assert.True(row.Length < width, row);
        Assert.Contains("t.hard", table.Header, StringComparison.Ordinal);
        Assert.Contains("–", row, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", row, StringComparison.Ordinal);
        Assert.Contains(table.Legend, l => l.Contains("t.hard = test accuracy with hardmax layers", StringComparison.Ordinal));
        Assert.All(table.Legend, l => Assert.True(l.Length < width, l));
        Assert.Empty(EpochTable.Create(hardmax: true, width: 200).Legend);
    }

    internal static string Tmux(string socket, params string[] args)
    {
        var start = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-L");
        start.ArgumentList.Add(socket);
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }
        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}

/// <summary>A theory that runs only where tmux is installed, skipped with a message otherwise.</summary>
public sealed class RequiresTmuxTheoryAttribute : TheoryAttribute
{
    /// <summary>Skips the test when tmux is absent.</summary>
    public RequiresTmuxTheoryAttribute()
    {
        if (!Available)
        {
            Skip = "tmux is not installed (apt-get install tmux); the terminal tests need it";
        }
    }

    /// <summary>Whether tmux is on the PATH.</summary>
    public static bool Available { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Any(folder => File.Exists(Path.Combine(folder, "tmux")));
}
