using System.Text.Json.Nodes;
using HardmaxCore.Experiments.Runs;
using HardmaxCore.UnitTests.Cli;

namespace HardmaxCore.UnitTests.Training;

/// <summary>Running a sweep: finished runs skipped, killed runs resumed to the same bits, foreign folders refused.</summary>
public sealed class SweepExecutorTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => this._folder.Dispose();

    private SweepPlan Plan(string root, int epochs, string lr = "0.02,0.01") => SweepPlan.Create(
        new TrainingOptions
        {
            DataPath = SyntheticReviews.WriteCsv(this._folder.Path, 240),
            Dimension = 3,
            Layers = 2,
            Tokens = 16,
            BatchSize = 16,
            Epochs = epochs,
        },
        [SweepAxis.Parse("lr", lr), SweepAxis.Parse("optimizer", "lazy-adam")],
        [0, 1],
        Path.Combine(this._folder.Path, root));

    private static float[][] Weights(string folder) => ClassifierModel.Load(Path.Combine(folder, TrainingCheckpoint.FileName), "checkpoint").Arrays;

    [Fact]
    public void SweepExecutor_SecondRun_SkipsFinishedRuns()
    {
        SweepPlan plan = this.Plan("s", epochs: 1);
        IReadOnlyList<SweepRunOutcome> first = SweepExecutor.Run(plan.Runs, parallel: 2, threads: 2, TextWriter.Null, CancellationToken.None);
        Assert.All(first, o => Assert.True(o.Finished && o.Error is null && o.Before == SweepRunStatus.Pending, o.Error));
        Assert.Equal(4, first.Count);
        Dictionary<string, DateTime> written = plan.Runs.ToDictionary(r => r.Folder, r => File.GetLastWriteTimeUtc(Path.Combine(r.Folder, TrainingRun.MetricsFileName)));
        var log = new StringWriter();
        IReadOnlyList<SweepRunOutcome> second = SweepExecutor.Run(plan.Runs, parallel: 1, threads: 2, log, CancellationToken.None);
        Assert.All(second, o => Assert.Equal(SweepRunStatus.Finished, o.Before));
        Assert.All(plan.Runs, r => Assert.Equal(written[r.Folder], File.GetLastWriteTimeUtc(Path.Combine(r.Folder, TrainingRun.MetricsFileName))));
        Assert.Equal(4, log.ToString().Split('\n').Count(l => l.Contains("skipped", StringComparison.Ordinal)));
    }

    [Fact]
    public void SweepExecutor_KilledRun_ResumesFromCheckpoint_ToTheSameBits()
    {
        SweepPlan straight = this.Plan("straight", epochs: 2, lr: "0.02");
        SweepExecutor.Run(straight.Runs, 1, 2, TextWriter.Null, CancellationToken.None);

        // Kill seed 1 mid-epoch 2, as a scheduler's SIGTERM would (TrainingRun saves at the current batch).
        SweepPlan killed = this.Plan("killed", epochs: 2, lr: "0.02");
        SweepRun victim = killed.Runs[1];
        using var cancel = new CancellationTokenSource();
        TrainingRun partial = TrainingRun.Start(victim.Folder, victim.Options, 1, TextWriter.Null);
        Assert.False(partial.Run(p => { if (p.Epoch == 2 && p.Batch == 4) { cancel.Cancel(); } }, null, cancel.Token));
        Assert.Equal(SweepRunStatus.Partial, SweepExecutor.Status(victim));
        Assert.Equal(SweepRunStatus.Pending, SweepExecutor.Status(killed.Runs[0]));

        IReadOnlyList<SweepRunOutcome> outcomes = SweepExecutor.Run(killed.Runs, 1, 2, TextWriter.Null, CancellationToken.None);
        Assert.Equal([SweepRunStatus.Pending, SweepRunStatus.Partial], outcomes.Select(o => o.Before));
        Assert.All(outcomes, o => Assert.True(o.Finished, o.Error));
        for (int r = 0; r < 2; r++)
        {
            float[][] expected = Weights(straight.Runs[r].Folder);
            float[][] actual = Weights(killed.Runs[r].Folder);
            for (int a = 0; a < expected.Length; a++)
            {
                CliHarness.AssertBitwiseEqual(expected[a], actual[a]);
            }
        }
        Assert.Contains("resuming", File.ReadAllText(Path.Combine(victim.Folder, SweepExecutor.LogFileName)), StringComparison.Ordinal);
    }

    [Fact]
    public void SweepExecutor_MoreEpochsPlanned_ResumesFinishedRun()
    {
        SweepPlan one = this.Plan("grow", epochs: 1, lr: "0.02");
        SweepExecutor.Run(one.Runs, 1, 2, TextWriter.Null, CancellationToken.None);
        SweepPlan two = this.Plan("grow", epochs: 2, lr: "0.02");
        Assert.All(two.Runs, r => Assert.Equal(SweepRunStatus.Partial, SweepExecutor.Status(r)));
        SweepExecutor.Run(two.Runs, 1, 2, TextWriter.Null, CancellationToken.None);
        Assert.All(two.Runs, r => Assert.Equal(SweepRunStatus.Finished, SweepExecutor.Status(r)));
        // Fewer epochs than a run already has: another run, refused.
        Assert.Throws<ExperimentException>(() => SweepExecutor.Status(one.Runs[0]));
    }

    [Fact]
    public void SweepExecutor_FolderOfAnotherPlan_IsRefused()
    {
        SweepPlan plan = this.Plan("mine", epochs: 1, lr: "0.02");
        SweepExecutor.Run(plan.Runs.Take(1).ToArray(), 1, 2, TextWriter.Null, CancellationToken.None);
        SweepPlan other = this.Plan("mine", epochs: 1, lr: "0.03");
        Assert.Throws<ExperimentException>(() => SweepExecutor.Status(other.Runs[0]));
        IReadOnlyList<SweepRunOutcome> outcomes = SweepExecutor.Run(other.Runs.Take(1).ToArray(), 1, 1, TextWriter.Null, CancellationToken.None);
        Assert.NotNull(outcomes[0].Error);
    }

    [Fact]
    public void SweepReport_MeanStdOverSeeds_BestChosenOnValidationOnly()
    {
        string root = Path.Combine(this._folder.Path, "report");
        // Configuration a: higher validation, lower test; b: the reverse. The best must be a.
        WriteMetrics(root, "dim=4,lr=0.001", 0, validation: 0.86, test: 0.80);
        WriteMetrics(root, "dim=4,lr=0.001", 1, validation: 0.88, test: 0.82);
        WriteMetrics(root, "dim=4,lr=0.0005", 0, validation: 0.84, test: 0.90);
        WriteMetrics(root, "dim=4,lr=0.0005", 1, validation: 0.85, test: 0.91);
        WriteMetrics(root, "dim=4,lr=0.0005", 2, validation: 0.99, test: 0.99, finished: false);
        SweepReport report = SweepReport.Load(root);
        Assert.Equal(4, report.Runs.Count);
        Assert.Single(report.Unfinished);
        Assert.Equal("dim=4,lr=0.001", report.Best!.Configuration);
        SweepConfigurationSummary a = report.Configurations.Single(c => c.Configuration == "dim=4,lr=0.001");
        Assert.Equal(0.81, a.TestAccuracy.Mean, 12);
        Assert.Equal(Math.Sqrt(2 * 0.01 * 0.01), a.TestAccuracy.StandardDeviation, 12);
        Assert.Equal((0.80, 0.82), (a.TestAccuracy.Minimum, a.TestAccuracy.Maximum));
        Assert.Equal([0, 1], a.Seeds);
        string markdown = report.ToMarkdown();
        Assert.Contains("| **dim=4,lr=0.001** | 4 | paper | 2 | 0.8700 ± 0.0141 | 0.8100 ± 0.0141 |", markdown, StringComparison.Ordinal);
        Assert.Contains("0.823", markdown, StringComparison.Ordinal);
        JsonObject json = report.ToJson();
        Assert.Equal("dim=4,lr=0.001", json["best"]!.GetValue<string>());

        CliResult cli = CliHarness.Run("sweep-report", root, "--plot", Path.Combine(this._folder.Path, "acc.png"));
        Assert.True(cli.ExitCode == 0, cli.Error);
        Assert.Contains("**dim=4,lr=0.001**", cli.Output, StringComparison.Ordinal);
        Assert.True(File.ReadAllBytes(Path.Combine(this._folder.Path, "acc.png")).AsSpan().StartsWith(HardmaxCore.Experiments.Plotting.FigureComposer.PngSignature));
    }

    [Fact]
    public void SweepReport_BestPerDimension_ChosenOnValidationWithinEachD()
    {
        string root = Path.Combine(this._folder.Path, "grid");
        // At d = 2 the larger rate wins on validation, at d = 4 the smaller (whose test is lower: test plays no part).
        WriteMetrics(root, "dim=2,lr=0.001", 0, validation: 0.80, test: 0.80, dimension: 2);
        WriteMetrics(root, "dim=2,lr=0.002", 0, validation: 0.85, test: 0.84, dimension: 2);
        WriteMetrics(root, "dim=4,lr=0.001", 0, validation: 0.84, test: 0.81);
        WriteMetrics(root, "dim=4,lr=0.002", 0, validation: 0.83, test: 0.86);
        SweepReport report = SweepReport.Load(root);

        Assert.Equal(["dim=2,lr=0.002", "dim=4,lr=0.001"], report.BestByDimension.Select(b => b.Configuration));
        Assert.Equal("dim=2,lr=0.002", report.Best!.Configuration);
        string markdown = report.ToMarkdown();
        Assert.Contains("| **dim=2,lr=0.002** | 2 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| **dim=4,lr=0.001** | 4 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| dim=4,lr=0.002 | 4 |", markdown, StringComparison.Ordinal);
        Assert.Contains("paper d = 4: dim=4,lr=0.001 (validation 0.8400, test 0.8100, 1 runs)", markdown, StringComparison.Ordinal);
        JsonArray best = report.ToJson()["bestByDimension"]!.AsArray();
        Assert.Equal(["dim=2,lr=0.002", "dim=4,lr=0.001"], best.Select(b => b!["configuration"]!.GetValue<string>()));
    }

    [Fact]
    public void SweepReport_AttentionRows_ShowUndefinedAsDash_AndJsonKeepsNull()
    {
        // Issue 21, point 4: the attention baseline has no hardmax layers and no α; its metrics.json holds null there
        // (read back as NaN). The table shows – in those columns, never NaN; the JSON keeps null.
        string root = Path.Combine(this._folder.Path, "undefined");
        WriteMetrics(root, "architecture=hardmax", 0, validation: 0.80, test: 0.78);
        WriteMetrics(root, "architecture=hardmax", 1, validation: 0.82, test: 0.80);
        WriteMetrics(root, "architecture=attention", 0, validation: 0.84, test: 0.83, attention: true);
        WriteMetrics(root, "architecture=attention", 1, validation: 0.86, test: 0.85, attention: true);
        SweepReport report = SweepReport.Load(root);

        string markdown = report.ToMarkdown();
        Assert.DoesNotContain("NaN", markdown, StringComparison.Ordinal);
        string row = markdown.Split('\n').Single(l => l.StartsWith("| **architecture=attention**", StringComparison.Ordinal));
        string[] cells = row.Split('|').Select(c => c.Trim()).ToArray();
        // | name | d | protocol | runs | validation | test | test min – max | test hardmax | agreement | epoch | α | seconds | reviews/s | [AFZ] |
        Assert.Equal("0.8500 ± 0.0141", cells[5]);
        Assert.Equal("0.8300 – 0.8500", cells[7]);
        Assert.Equal(["–", "–"], [cells[8], cells[9]]);
        Assert.Equal("–", cells[11]);
        Assert.Contains("| architecture=hardmax | 4 | paper | 2 | 0.8100 ± 0.0141 | 0.7900 ± 0.0141 | 0.7800 – 0.8000 | 0.7900 ± 0.0141 | 1.0000 ± 0.0000 |", markdown, StringComparison.Ordinal);

        JsonObject json = report.ToJson();
        JsonNode attention = json["configurations"]!.AsArray().Single(c => c!["configuration"]!.GetValue<string>() == "architecture=attention")!;
        Assert.Null(attention["testAccuracyHardmax"]!["mean"]);
        Assert.Null(attention["alpha"]!["mean"]);
        Assert.Equal(2, attention["testAccuracyHardmax"]!["n"]!.GetValue<int>());
        JsonNode run = json["runs"]!.AsArray().First(r => r!["configuration"]!.GetValue<string>() == "architecture=attention")!;
        Assert.True(run.AsObject().ContainsKey("testAccuracyHardmax"));
        Assert.Null(run["testAccuracyHardmax"]);
        Assert.Null(run["alpha"]);

        CliResult text = CliHarness.Run("sweep-report", root);
        Assert.True(text.ExitCode == 0, text.Error);
        Assert.DoesNotContain("NaN", text.Output, StringComparison.Ordinal);
        CliResult cli = CliHarness.Run("sweep-report", root, "--json");
        Assert.True(cli.ExitCode == 0, cli.Error);
        Assert.DoesNotContain("NaN", cli.Output, StringComparison.Ordinal);
        JsonNode parsed = JsonNode.Parse(cli.Output)!;
        Assert.Null(parsed["runs"]!.AsArray().First(r => r!["configuration"]!.GetValue<string>() == "architecture=attention")!["testAccuracyHardmax"]);
    }

    [Fact]
    public void SweepCommand_ArchitectureAxis_ComparesHardmaxAndAttentionOverSeeds()
    {
        // Issue 18, "Done when": sweep --architecture hardmax,attention --seeds …, then sweep-report with mean ± std.
        string data = SyntheticReviews.WriteCsv(this._folder.Path, 100);
        string root = Path.Combine(this._folder.Path, "architectures");
        CliResult run = CliHarness.Run("sweep", "--data", data, "--out", root, "--architecture", "hardmax,attention", "--dim", "2", "--tokens", "8",
            "--epochs", "1", "--seeds", "0-1", "--limit", "60", "--clip-norm", "4");
        Assert.True(run.ExitCode == 0, run.Error);
        foreach (string architecture in new[] { "hardmax", "attention" })
        {
            string folder = Path.Combine(root, $"architecture={architecture}", "seed-1");
            Assert.True(File.Exists(Path.Combine(folder, TrainingRun.MetricsFileName)), $"{folder}: {run.Error}");
            Assert.Equal(architecture == "attention" ? ClassifierArchitecture.Attention : ClassifierArchitecture.Hardmax,
                AttentionModel.ArchitectureOf(Path.Combine(folder, TrainingRun.ModelFileName)));
        }
        CliResult report = CliHarness.Run("sweep-report", root);
        Assert.True(report.ExitCode == 0, report.Error);
        Assert.Contains("architecture=hardmax", report.Output, StringComparison.Ordinal);
        Assert.Contains("architecture=attention", report.Output, StringComparison.Ordinal);
        Assert.Contains(" ± ", report.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", report.Output, StringComparison.Ordinal); // the attention rows' hardmax columns show –
    }

    [Fact]
    public void TrainCommand_TakesClipNorm_AndResumeRefusesAnotherOne()
    {
        // train accepts every option sweep varies (it refused --clip-norm).
        string data = SyntheticReviews.WriteCsv(this._folder.Path, 100);
        string folder = Path.Combine(this._folder.Path, "clip");
        CliResult train = CliHarness.Run("train", "--data", data, "--out", folder, "--dim", "2", "--layers", "1", "--tokens", "8", "--epochs", "1", "--limit", "60", "--clip-norm", "2.5");
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Equal(2.5, RunFolderFiles.LoadConfig(Path.Combine(folder, "config.json")).ClipNorm);
        CliResult resume = CliHarness.Run("train", "--resume", folder, "--epochs", "2", "--clip-norm", "3");
        Assert.Equal(2, resume.ExitCode);
        Assert.Contains("--clip-norm", resume.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void SweepCommand_PrintPlan_ListsTheShardAndStatus()
    {
        string data = SyntheticReviews.WriteCsv(this._folder.Path, 100);
        string root = Path.Combine(this._folder.Path, "cli");
        CliResult plan = CliHarness.Run("sweep", "--data", data, "--out", root, "--dim", "2,4", "--seeds", "0-2", "--shard", "1/2", "--print-plan");
        Assert.True(plan.ExitCode == 0, plan.Error);
        string[] rows = plan.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#') && !l.StartsWith("run", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3, rows.Length); // runs 1, 3, 5 of 6
        Assert.All(rows, r => Assert.Contains("\t1/2\t", r, StringComparison.Ordinal));
        Assert.All(rows, r => Assert.Contains("\tpending\t", r, StringComparison.Ordinal));

        CliResult run = CliHarness.Run("sweep", "--data", data, "--out", root, "--dim", "2", "--layers", "1", "--tokens", "8", "--epochs", "1", "--seeds", "0", "--limit", "60");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.True(File.Exists(Path.Combine(root, "default", "seed-0", TrainingRun.MetricsFileName)));
        CliResult bad = CliHarness.Run("sweep", "--data", data, "--out", root, "--shard", "2/2");
        Assert.Equal(2, bad.ExitCode);
    }

    private static void WriteMetrics(
        string root, string configuration, int seed, double validation, double test, bool finished = true, int dimension = 4, bool attention = false)
    {
        string folder = Path.Combine(root, configuration, $"seed-{seed}");
        Directory.CreateDirectory(folder);
        var settings = new TrainingOptions
        {
            DataPath = "x", Dimension = dimension, Epochs = 2, Seed = seed, Architecture = attention ? ClassifierArchitecture.Attention : ClassifierArchitecture.Hardmax,
        };
        var selected = new EpochMetrics { Epoch = 2, ValidationAccuracy = validation, TestAccuracy = test, TestAccuracyHardmax = test, TestAgreement = 1, Seconds = 10, TrainReviewsPerSecond = 1000 };
        if (attention)
        {
            // What the attention baseline records (TrainableModel): no hardmax layers, no α.
            selected = selected with { ValidationAccuracyHardmax = double.NaN, TestAccuracyHardmax = double.NaN, TestAgreement = double.NaN, Alpha = double.NaN };
        }
        var metrics = new JsonObject
        {
            ["settings"] = System.Text.Json.JsonSerializer.SerializeToNode(settings, TrainingJson.Options),
            ["finished"] = finished,
            ["epochs"] = System.Text.Json.JsonSerializer.SerializeToNode(new[] { selected with { Epoch = 1 }, selected }, TrainingJson.Options),
            ["selected"] = System.Text.Json.JsonSerializer.SerializeToNode(selected, TrainingJson.Options),
            ["peakWorkingSetBytes"] = 1_000_000L,
        };
        File.WriteAllText(Path.Combine(folder, TrainingRun.MetricsFileName), metrics.ToJsonString());
    }
}
