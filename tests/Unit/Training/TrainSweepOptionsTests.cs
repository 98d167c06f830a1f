using System.CommandLine;
using HardmaxCore.Experiments.Runs;
using HardmaxCore.Train.Commands;
using HardmaxCore.UnitTests.Cli;

namespace HardmaxCore.UnitTests.Training;

/// <summary>
/// <c>train</c> and <c>sweep</c> take the same options (issue 18): one definition (<see cref="TrainingFlags"/>), every option of
/// <c>train</c> accepted by <c>sweep</c>, each run-shaping one as a list.
/// </summary>
public sealed class TrainSweepOptionsTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => this._folder.Dispose();

    [Fact]
    public void SweepCommand_AcceptsEveryOptionOfTrain()
    {
        Command train = TrainCommand.Create();
        Command sweep = SweepCommand.Create();
        // What only a single run has: a sweep resumes each unfinished run itself and never replaces a run.
        string[] singleRunOnly = ["--resume", "--force"];
        HashSet<string> accepted = sweep.Options.SelectMany(o => o.Aliases.Prepend(o.Name)).ToHashSet(StringComparer.Ordinal);
        string[] names = train.Options
            .Where(o => o.Name is not "--help" and not "--version" && !singleRunOnly.Contains(o.Name))
            .SelectMany(o => o.Aliases.Prepend(o.Name))
            .ToArray();
        Assert.True(names.Length >= 20, string.Join(" ", names));
        Assert.All(names, name => Assert.True(accepted.Contains(name), $"sweep does not accept train's {name}"));
    }

    [Fact]
    public void TrainingFlags_EverySweepAxis_IsAnOptionOfTrain_AndAListInSweep()
    {
        var flags = new TrainingFlags();
        Assert.Equal(SweepAxis.Names, flags.Shaping.Select(f => f.Axis));
        Command train = TrainCommand.Create();
        string data = SyntheticReviews.WriteCsv(this._folder.Path, 100);
        foreach (TrainingFlag flag in flags.Shaping)
        {
            string[] values = flag.Example.Split(',');
            // train takes one value of it …
            ParseResult single = train.Parse(["--out", Path.Combine(this._folder.Path, "t"), flag.Option.Name, values[^1]]);
            Assert.True(single.Errors.Count == 0, $"train {flag.Option.Name} {values[^1]}: {string.Join("; ", single.Errors.Select(e => e.Message))}");
            // … and sweep a list, one configuration per value.
            string root = Path.Combine(this._folder.Path, flag.Axis);
            CliResult plan = CliHarness.Run("sweep", "--data", data, "--out", root, flag.Option.Name, flag.Example, "--seeds", "0-1", "--print-plan");
            Assert.True(plan.ExitCode == 0, $"sweep {flag.Option.Name} {flag.Example}: {plan.Error}");
            Assert.StartsWith($"# {2 * values.Length} runs = 2 seed(s) × {values.Length} configuration(s)", plan.Output, StringComparison.Ordinal);
            Assert.Contains($"{flag.Axis}={SweepAxis.Parse(flag.Axis, flag.Example).Values[^1]}", plan.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void SweepCommand_Config_StartsEveryRunFromTheFile()
    {
        string data = SyntheticReviews.WriteCsv(this._folder.Path, 100);
        string run = Path.Combine(this._folder.Path, "run");
        CliResult train = CliHarness.Run("train", "--data", data, "--out", run, "--dim", "2", "--layers", "1", "--tokens", "8", "--epochs", "1", "--limit", "60", "--clip-norm", "2.5");
        Assert.True(train.ExitCode == 0, train.Error);
        string root = Path.Combine(this._folder.Path, "sweep");
        CliResult sweep = CliHarness.Run("sweep", "--config", Path.Combine(run, "config.json"), "--out", root, "--seed", "3", "--lr", "0.01", "--threads", "1");
        Assert.True(sweep.ExitCode == 0, sweep.Error);
        TrainingOptions options = RunFolderFiles.LoadConfig(Path.Combine(root, "default", "seed-3", "config.json"));
        Assert.Equal((2, 1, 8, 1, 60, 2.5, 0.01, 3), (options.Dimension, options.Layers, options.Tokens, options.Epochs, options.Limit, options.ClipNorm, options.LearningRate, options.Seed));
        Assert.Equal(Path.GetFullPath(data), Path.GetFullPath(options.DataPath!));
    }

    [Fact]
    public void TrainCommand_Resume_RefusesAnotherOptimizerOrAlpha()
    {
        // Every run-shaping option is compared on resume (--optimizer and --alpha-init were silently ignored).
        string data = SyntheticReviews.WriteCsv(this._folder.Path, 100);
        string run = Path.Combine(this._folder.Path, "run");
        CliResult train = CliHarness.Run("train", "--data", data, "--out", run, "--dim", "2", "--layers", "1", "--tokens", "8", "--epochs", "1", "--limit", "60");
        Assert.True(train.ExitCode == 0, train.Error);
        CliResult resume = CliHarness.Run("train", "--resume", run, "--epochs", "2", "--optimizer", "lazy-adam", "--alpha-init", "0.5");
        Assert.Equal(2, resume.ExitCode);
        Assert.Contains("--optimizer lazy-adam (the run has adam)", resume.Error, StringComparison.Ordinal);
        Assert.Contains("--alpha-init 0.5 (the run has uniform)", resume.Error, StringComparison.Ordinal);
    }
}
