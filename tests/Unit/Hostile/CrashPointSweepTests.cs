using System.Diagnostics;
using System.Text.Json.Nodes;
using HardmaxCore.UnitTests.Cli;
using HardmaxCore.UnitTests.Training;

namespace HardmaxCore.UnitTests.Hostile;

/// <summary>
/// Issue 22, 6: <c>kill -9</c> at any instant of a run leaves a folder that <c>--resume</c> or a plain rerun continues.
/// The instants are not timed: the tool runs with the test-only switch <c>HARDMAX_CRASH_AT=k</c> (CrashPoint), which
/// SIGKILLs it at its k-th durable file step (each atomic write's start, temporary created, written, flushed, renamed,
/// folder flushed; each log append), for k = 0, 1, 2, … until a run ends without reaching k. So every step is hit once,
/// on any machine and under any load.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CrashPointSweepTests : IDisposable
{
    /// <summary>More steps than a one-epoch run of two batches has: a sweep that reaches it never ended.</summary>
    private const int MaximumSteps = 400;

    private readonly TempDirectory _folder = new();

    public void Dispose() => this._folder.Dispose();

    private string P(string name) => Path.Combine(this._folder.Path, name);

    [Fact]
    public void Train_KilledAtEveryDurableFileStep_ContinuesToTheUninterruptedRun()
    {
        (IReadOnlyList<string> steps, IReadOnlySet<string> kinds) = this.Sweep(untilCheckpoint: false);
        // The sweep met each state a kill can leave: nothing to continue from, a checkpoint, a finished run.
        Assert.True(kinds.SetEquals(["rerun", "resumed", "finished"]), $"the kills left only {string.Join(", ", kinds)}: {string.Join("; ", steps)}");
    }

    [Fact]
    public void Train_KilledAtEveryDurableFileStepBeforeTheFirstCheckpoint_RestartsWithTheSameCommand()
    {
        (IReadOnlyList<string> steps, IReadOnlySet<string> kinds) = this.Sweep(untilCheckpoint: true);
        Assert.True(kinds.SetEquals(["rerun"]), $"the kills left {string.Join(", ", kinds)}: {string.Join("; ", steps)}");
        // The model.bin of the first epoch is written, renamed and flushed before the first checkpoint.bin.
        Assert.Contains(steps, step => step.Contains("renamed", StringComparison.Ordinal) && step.EndsWith("/model.bin", StringComparison.Ordinal));
    }

    /// <summary>
    /// Kills the tool at step k = 0, 1, 2, … and continues each folder as the README promises, checking it ends as the
    /// uninterrupted run; stops when a run ends without reaching k, or (<paramref name="untilCheckpoint"/>) at the first
    /// kill that leaves a checkpoint.bin. Returns the steps killed at and the kinds of continuation met.
    /// </summary>
    private (IReadOnlyList<string> Steps, IReadOnlySet<string> Kinds) Sweep(bool untilCheckpoint)
    {
        string data = SyntheticReviews.WriteCsv(this._folder.Path, 400);
        string[] command = ["train", "--data", data, .. Options];
        // The uninterrupted run, in this process: the same code and one thread, so the same bits as the tool's process.
        string whole = this.P("whole");
        CliResult reference = CliHarness.Run([.. command, "--out", whole]);
        Assert.True(reference.ExitCode == 0, reference.Error);
        var steps = new List<string>();
        var kinds = new HashSet<string>();
        for (int k = 0; ; k++)
        {
            Assert.True(k < MaximumSteps, $"{MaximumSteps} steps and the run never ended: {string.Join("; ", steps.TakeLast(5))}");
            string run = this.P($"k{k}");
            (int code, string error) = TrainUntilCrash([.. command, "--out", run], k);
            if (code == 0)
            {
                Assert.False(untilCheckpoint, $"the run ended without a kill leaving a checkpoint.bin: {string.Join("; ", steps)}");
                Assert.DoesNotContain("crash point", error, StringComparison.Ordinal);
                // At least the model, the checkpoint and the metrics are written, six steps each.
                Assert.True(k >= 18, $"the run ended after only {k} durable steps: {string.Join("; ", steps)}");
                AssertSameRun(whole, run, "the run that was not killed");
                return (steps, kinds);
            }
            string step = error.Split('\n').FirstOrDefault(line => line.StartsWith($"crash point {k}:", StringComparison.Ordinal))
                ?? throw new Xunit.Sdk.XunitException($"k = {k}: the tool exited with {code} without reaching its crash point: {error}");
            steps.Add(step);
            // What the README promises: a folder with a checkpoint.bin resumes, any other restarts with the same command;
            // one whose metrics.json says finished has nothing left to do and must already be the whole run.
            string continued = Finished(run) ? "finished" : File.Exists(Path.Combine(run, "checkpoint.bin")) ? "resumed" : "rerun";
            if (untilCheckpoint && continued != "rerun")
            {
                return (steps, kinds);
            }
            kinds.Add(continued);
            if (continued != "finished")
            {
                CliResult next = continued == "resumed" ? CliHarness.Run("train", "--resume", run) : CliHarness.Run([.. command, "--out", run]);
                Assert.True(next.ExitCode == 0, $"killed at {step}; {(continued == "resumed" ? "--resume" : "the same command again")} exited {next.ExitCode}: {next.Error}");
            }
            AssertSameRun(whole, run, $"killed at {step}, then {continued}");
            Directory.Delete(run, recursive: true);
        }
    }

    /// <summary>Whether the run folder's metrics.json says the run finished.</summary>
    private static bool Finished(string run)
    {
        string path = Path.Combine(run, "metrics.json");
        return File.Exists(path) && JsonNode.Parse(File.ReadAllText(path))?["finished"]?.GetValue<bool>() == true;
    }

    /// <summary>A one-epoch run of two batches on the tests' synthetic reviews.</summary>
    private static readonly string[] Options =
        ["--limit", "40", "--dim", "2", "--layers", "1", "--tokens", "16", "--epochs", "1", "--batch", "16", "--threads", "1"];

    /// <summary>
    /// The folder <paramref name="run"/> holds what the uninterrupted run's folder holds (same file names, no temporary), a
    /// finished metrics.json, and a model.bin and checkpoint.bin whose arrays equal the uninterrupted run's bit for bit.
    /// </summary>
    private static void AssertSameRun(string whole, string run, string what)
    {
        string[] names = Names(run);
        Assert.True(!names.Any(n => n.EndsWith(".tmp", StringComparison.Ordinal)), $"{what}: a temporary is left: {string.Join(", ", names)}");
        Assert.True(Names(whole).SequenceEqual(names), $"{what}: the folder holds {string.Join(", ", names)}; the uninterrupted run's holds {string.Join(", ", Names(whole))}");
        JsonNode metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "metrics.json")))!;
        Assert.True(metrics["finished"]!.GetValue<bool>(), $"{what}: metrics.json does not say finished");
        Assert.Equal(JsonNode.Parse(File.ReadAllText(Path.Combine(whole, "metrics.json")))!["selectedEpoch"]!.GetValue<int>(), metrics["selectedEpoch"]!.GetValue<int>());
        foreach (string file in new[] { "model.bin", "checkpoint.bin" })
        {
            float[][] expected = HardmaxCore.Classifier.ModelFile.Load(Path.Combine(whole, file), file).Arrays;
            float[][] actual = HardmaxCore.Classifier.ModelFile.Load(Path.Combine(run, file), file).Arrays;
            Assert.True(expected.Length == actual.Length, $"{what}: {file} holds {actual.Length} arrays, the uninterrupted run's {expected.Length}");
            for (int a = 0; a < expected.Length; a++)
            {
                Assert.True(expected[a].AsSpan().SequenceEqual(actual[a]), $"{what}: array {a} of {file} differs from the uninterrupted run's");
            }
        }
    }

    /// <summary>The names in a folder, hidden files included, sorted.</summary>
    private static string[] Names(string folder)
        => [.. Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    /// <summary>Runs the tool in its own process with <c>HARDMAX_CRASH_AT=k</c>; returns its exit code and stderr.</summary>
    private static (int Code, string Error) TrainUntilCrash(string[] args, int k)
    {
        var start = new ProcessStartInfo("dotnet", ["exec", Path.Combine(AppContext.BaseDirectory, "hardmax.dll"), .. args])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.Environment["HARDMAX_CRASH_AT"] = k.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        _ = output.Result;
        return (process.ExitCode, error);
    }
}
