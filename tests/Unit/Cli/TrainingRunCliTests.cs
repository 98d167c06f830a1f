using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using HardmaxCore.Train.Commands;
using HardmaxCore.UnitTests.TestSupport;

namespace HardmaxCore.UnitTests.Cli;

/// <summary>One small real training run (d = 2, 2 epochs, 400 reviews), shared by the tests that need a trained run.</summary>
public sealed class SmallRunFixture : IDisposable
{
    /// <summary>Trains the run when the data is present.</summary>
    public SmallRunFixture()
    {
        if (RequiresImdbDataFactAttribute.DataPath is not string data)
        {
            return;
        }
        this.Folder = Path.Combine(this.Temp.Path, "run");
        this.Train = CliHarness.Run("train", "--data", data, "--dim", "2", "--epochs", "2", "--limit", "400", "--threads", "1", "--out", this.Folder);
    }

    /// <summary>Where the runs live.</summary>
    public TempDirectory Temp { get; } = new();

    /// <summary>The run folder.</summary>
    public string Folder { get; } = "";

    /// <summary>What train printed.</summary>
    public CliResult? Train { get; }

    /// <inheritdoc/>
    public void Dispose() => this.Temp.Dispose();
}

/// <summary>Issue 11 with the real data: provenance, resume refusals, split overlap, the terminal table.</summary>
public sealed class TrainingRunCliTests(SmallRunFixture run) : IClassFixture<SmallRunFixture>
{
    [RequiresImdbDataFact]
    public void Train_Piped_WritesTheWideTable_AndSaysEveryFileItWrote()
    {
        Assert.Equal(0, run.Train!.ExitCode);
        string[] lines = run.Train.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(EpochTable.Create(hardmax: true, width: null).Header, lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains($"wrote {Path.Combine(run.Folder, "model.bin")}", run.Train.Error, StringComparison.Ordinal);
        Assert.Contains("metrics.json", run.Train.Error, StringComparison.Ordinal);
        Assert.Contains("checkpoint.bin", run.Train.Error, StringComparison.Ordinal);
    }

    [RequiresImdbDataFact]
    public void Metrics_AndModelHeader_CarryProvenance_AndAnAbsoluteDataPath()
    {
        string data = RequiresImdbDataFactAttribute.DataPath!;
        string sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(data)));
        JsonNode metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(run.Folder, "metrics.json")))!;
        CommandLinePassTests.AssertProvenance(JsonDocument.Parse(metrics["provenance"]!.ToJsonString()).RootElement);
        Assert.Equal(sha, metrics["provenance"]!["dataSha256"]!.GetValue<string>());
        Assert.True(Path.IsPathFullyQualified(metrics["settings"]!["dataPath"]!.GetValue<string>()));
        (_, JsonObject header, _) = ClassifierModel.Load(Path.Combine(run.Folder, "model.bin"));
        CommandLinePassTests.AssertProvenance(JsonDocument.Parse(header["provenance"]!.ToJsonString()).RootElement);
        Assert.Equal(sha, header["provenance"]!["dataSha256"]!.GetValue<string>());
    }

    [RequiresImdbDataFact]
    public void Resume_WithAnotherDim_IsRefusedNamingTheStoredValue()
    {
        CliResult result = CliHarness.Run("train", "--resume", run.Folder, "--dim", "4", "--epochs", "3");
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("--dim 4 (the run has 2)", result.Error, StringComparison.Ordinal);
    }

    [RequiresImdbDataFact]
    public void Resume_WithEpochsAlreadyDone_IsRefused()
    {
        CliResult result = CliHarness.Run("train", "--resume", run.Folder, "--epochs", "2");
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("has already done 2 epochs", result.Error, StringComparison.Ordinal);
        CliResult finished = CliHarness.Run("train", "--resume", run.Folder);
        Assert.Equal(ExitCodes.BadInput, finished.ExitCode);
        Assert.Contains("finished its 2 epochs", finished.Error, StringComparison.Ordinal);
    }

    [RequiresImdbDataFact]
    public void Evaluate_AnotherSeed_IsRefusedWithoutAllowOverlap_AndPrintsTheSplit()
    {
        string model = Path.Combine(run.Folder, "model.bin");
        CliResult refused = CliHarness.Run("evaluate", "--model", model, "--seed", "3");
        Assert.Equal(ExitCodes.BadInput, refused.ExitCode);
        Assert.Contains("--allow-overlap", refused.Error, StringComparison.Ordinal);

        CliResult own = CliHarness.Run("evaluate", "--model", model, "--json");
        Assert.Equal(0, own.ExitCode);
        using JsonDocument json = own.Json();
        JsonElement root = json.RootElement;
        Assert.Equal("paper", root.GetProperty("protocol").GetString());
        Assert.Equal(0, root.GetProperty("seed").GetInt32());
        JsonElement sizes = root.GetProperty("splitSizes");
        // The checkpoint/model records --limit 400, so the same 400 reviews are split again.
        Assert.Equal(400, sizes.GetProperty("limit").GetInt32());
        Assert.Equal(400, sizes.GetProperty("train").GetInt32() + sizes.GetProperty("validation").GetInt32() + sizes.GetProperty("test").GetInt32());
        Assert.True(sizes.GetProperty("asTrained").GetBoolean());
        foreach (string attention in new[] { "softmax", "hardmax" })
        {
            double auc = root.GetProperty(attention).GetProperty("rocAuc").GetDouble();
            double f1 = root.GetProperty(attention).GetProperty("f1Positive").GetDouble();
            Assert.InRange(auc, 0, 1);
            Assert.InRange(f1, 0, 1);
        }
        CommandLinePassTests.AssertProvenance(root.GetProperty("provenance"));

        CliResult text = CliHarness.Run("evaluate", "--model", model, "--seed", "3", "--allow-overlap");
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("split: paper protocol, seed 3", text.Output, StringComparison.Ordinal);
        Assert.Contains("NOT the model's training split", text.Output, StringComparison.Ordinal);

        // The checkpoint records the options too (its --limit included).
        CliResult checkpoint = CliHarness.Run("evaluate", "--model", Path.Combine(run.Folder, "checkpoint.bin"), "--json");
        Assert.Equal(0, checkpoint.ExitCode);
        using JsonDocument fromCheckpoint = checkpoint.Json();
        Assert.Equal(400, fromCheckpoint.RootElement.GetProperty("splitSizes").GetProperty("limit").GetInt32());
    }

    [RequiresImdbDataFact]
    public void LeaderWords_NothingToShow_SaysWhatToLower_AndWritesNothing()
    {
        string chart = Path.Combine(run.Temp.Path, "lw.png");
        CliResult result = CliHarness.Run("leader-words", "--model", run.Folder, "--confidence", "1", "--out", chart);
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("--confidence", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(chart));
    }

    /// <summary>
    /// Under a real terminal (a tmux pane of the given width) both epoch rows survive the live progress line: each
    /// appears exactly once, whole, starting at column 0.
    /// </summary>
    [RequiresImdbDataTheory]
    [InlineData(80)]
    [InlineData(120)]
    public void Train_InATerminal_KeepsEveryEpochRow(int columns)
    {
        if (!File.Exists("/usr/bin/tmux") && !File.Exists("/usr/local/bin/tmux"))
        {
            return; // no terminal multiplexer here: nothing to check
        }
        string data = RequiresImdbDataFactAttribute.DataPath!;
        string folder = Path.Combine(run.Temp.Path, $"tty{columns}");
        string done = Path.Combine(run.Temp.Path, $"tty{columns}.done");
        string tool = Path.Combine(AppContext.BaseDirectory, "hardmax.dll");
        string socket = $"h11-{Guid.NewGuid():N}";
        string command = $"dotnet '{tool}' train --data '{data}' --dim 2 --epochs 2 --limit 300 --threads 1 --out '{folder}'; touch '{done}'; sleep 600";
        Tmux(socket, "new-session", "-d", "-x", columns.ToString(System.Globalization.CultureInfo.InvariantCulture), "-y", "40", "-s", "t", command);
        try
        {
            var clock = Stopwatch.StartNew();
            while (!File.Exists(done) && clock.Elapsed < TimeSpan.FromMinutes(5))
            {
                Thread.Sleep(500);
            }
            Assert.True(File.Exists(done), "training under tmux did not finish in 5 minutes");
            string screen = Tmux(socket, "capture-pane", "-p", "-t", "t", "-S", "-200");
            string[] lines = screen.Split('\n');
            foreach (int epoch in new[] { 1, 2 })
            {
                string[] rows = lines.Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, $@"^\s{{4}}{epoch}(\s+[0-9.]+){{9}}\s*$")).ToArray();
                Assert.True(rows.Length == 1, $"epoch {epoch}: {rows.Length} whole rows at {columns} columns; screen:\n{screen}");
            }
            Assert.Contains(lines, l => l.StartsWith("epoch ", StringComparison.Ordinal));
        }
        finally
        {
            Tmux(socket, "kill-server");
        }
    }

    private static string Tmux(string socket, params string[] args) => LiveDisplayTerminalTests.Tmux(socket, args);

}
