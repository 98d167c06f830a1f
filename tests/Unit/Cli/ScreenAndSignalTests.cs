using System.Diagnostics;
using System.Text.RegularExpressions;
using HardmaxCore.Train.Commands;
using HardmaxCore.Experiments.Interpretability;
using HardmaxCore.UnitTests.Interpretability;
using HardmaxCore.UnitTests.TestSupport;

namespace HardmaxCore.UnitTests.Cli;

/// <summary>Issue 21: command suggestions, Ctrl+C while the data loads, review pages, undefined values on screen.</summary>
public sealed class ScreenAndSignalTests(TinyModelFixture tiny) : IClassFixture<TinyModelFixture>
{
    [Theory]
    [InlineData("tarin", "train")]
    [InlineData("evalute", "evaluate")]
    [InlineData("clsuter", "cluster")]
    public void MistypedCommand_GetsTheNearestCommand(string typed, string meant)
    {
        CliResult result = CliHarness.Run(typed);
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains($"Did you mean '{meant}' for '{typed}'?", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ReviewHtml_RendersLineBreaks_NotLiteralTags()
    {
        Assert.Equal("good.\n\nbad &amp; worse", ReviewHtml.Gap("good.<br /><br />bad & worse"));
        string html = Path.Combine(tiny.Folder, $"{Guid.NewGuid():N}.html");
        CliResult result = CliHarness.Run("explain", "--model", tiny.Model, "--out", html, "superb film.<br /><br />A superb cast<BR>and plot");
        Assert.True(result.ExitCode == 0, result.Error);
        string page = File.ReadAllText(html);
        Assert.DoesNotContain("&lt;br", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(".\n\nA", page, StringComparison.Ordinal);
    }

    [Fact]
    public void ReviewHtml_ByIndex_NamesTheSplitAndIndex_WithTheArchiveEntryBeside()
    {
        string html = Path.Combine(tiny.Folder, $"{Guid.NewGuid():N}.html");
        CliResult result = CliHarness.Run("explain", "--model", tiny.Model, "--review", "3", "--out", html);
        Assert.True(result.ExitCode == 0, result.Error);
        string page = File.ReadAllText(html);
        // The split is named by its protocol and seed, as the model was trained (the tiny model: paper protocol, seed 0).
        Assert.Matches("<h1>Test review 3 of the paper protocol&#39;s split, seed 0 \\(true label: (positive|negative)\\) &#183; archive entry [^<]+</h1>", page);
    }

    [Fact]
    public void EpochTable_UndefinedValues_PrintAsDash()
    {
        var attention = new EpochMetrics { Epoch = 1, TrainLoss = 0.7, TrainAccuracy = 0.5, ValidationAccuracy = 0.5, TestAccuracy = 0.5, Seconds = 0.05, TrainReviewsPerSecond = 10 };
        string row = EpochTable.Create(hardmax: false, width: null).Row(attention);
        Assert.DoesNotContain("NaN", row, StringComparison.Ordinal);
        string hardmaxRow = EpochTable.Create(hardmax: true, width: null).Row(attention with { TestAccuracyHardmax = double.NaN, TestAgreement = double.NaN, Alpha = double.NaN });
        Assert.DoesNotContain("NaN", hardmaxRow, StringComparison.Ordinal);
        Assert.Equal(3, hardmaxRow.Count(c => c == '–'));
        Assert.Contains("0.05", row, StringComparison.Ordinal);
    }

    /// <summary>Ctrl+C (SIGINT) while a new run loads the real archive: one line, exit 130, and no folder left holding only a lock.</summary>
    [RequiresImdbDataFact]
    public void CtrlC_WhileTheDataLoads_SaysNothingWasSaved_AndRemovesTheFolder()
    {
        using var temp = new TempDirectory();
        string folder = Path.Combine(temp.Path, "run");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { Path.Combine(AppContext.BaseDirectory, "hardmax.dll"), "train", "--data", RequiresImdbDataFactAttribute.DataPath!, "--dim", "2", "--epochs", "1", "--threads", "1", "--out", folder })
        {
            start.ArgumentList.Add(a);
        }
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        while (!File.Exists(Path.Combine(folder, ".lock")) && clock.Elapsed < TimeSpan.FromMinutes(1))
        {
            Thread.Sleep(20);
        }
        Thread.Sleep(300);
        using (Process kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }
        Assert.True(process.WaitForExit(60_000), "train did not stop within a minute of SIGINT");
        string[] lines = error.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(130, process.ExitCode);
        Assert.Single(lines);
        Assert.Contains("interrupted: nothing was saved while the data was loading", lines[0], StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder), "the run folder the command created is still there");
    }

    /// <summary>Ctrl+C (SIGINT) in <c>sweep</c> reaches the running run at its current batch, as in <c>train</c>.</summary>
    [Fact]
    public void CtrlC_InSweep_CheckpointsTheRunMidEpoch()
    {
        using var temp = new TempDirectory();
        // Reviews padded to the default n = 128 with d = 16, K = 8 on one thread: an epoch of 7,000 reviews takes seconds.
        string data = HardmaxCore.UnitTests.Training.SyntheticReviews.WriteCsv(temp.Path, 10_000);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { Path.Combine(AppContext.BaseDirectory, "hardmax.dll"), "sweep", "--data", data, "--out", Path.Combine(temp.Path, "sweep"),
            "--epochs", "50", "--batch", "16", "--threads", "1" })
        {
            start.ArgumentList.Add(a);
        }
        using Process process = Process.Start(start)!;
        var error = new System.Text.StringBuilder();
        string? line;
        while ((line = process.StandardError.ReadLine()) is not null)
        {
            error.AppendLine(line);
            if (line.Contains(": started", StringComparison.Ordinal))
            {
                break;
            }
        }
        Thread.Sleep(300);
        using (Process kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }
        error.Append(process.StandardError.ReadToEnd());
        Assert.True(process.WaitForExit(60_000), "the sweep did not stop after SIGINT");
        string text = error.ToString();
        Assert.True(process.ExitCode == 130, $"exit code {process.ExitCode}: {text}");
        // Saved inside an epoch (batch > 0 of 438), not at the end of one.
        Match saved = Regex.Match(text, @"interrupted, checkpoint saved at epoch \d+, batch (\d+)");
        Assert.True(saved.Success, text);
        Assert.True(int.Parse(saved.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, text);
    }
}
