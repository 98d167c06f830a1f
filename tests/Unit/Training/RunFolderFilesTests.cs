using System.Globalization;
using System.Text.Json;
using HardmaxCore.UnitTests.Cli;

namespace HardmaxCore.UnitTests.Training;

/// <summary>config.json and <c>train --config</c>, metrics.csv and the model card of a finished run (issue 20, points 5, 6, 8).</summary>
public sealed class RunFolderFilesTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => this._folder.Dispose();

    [Theory]
    [InlineData("hardmax")]
    [InlineData("attention")]
    public void TrainConfig_ReproducesTheRunBitForBit_AndCommandLineOverrides(string architecture)
    {
        string data = SyntheticReviews.WriteCsv(this._folder.Path, 240);
        string first = Path.Combine(this._folder.Path, "first");
        string[] shape = architecture == "hardmax" ? ["--layers", "2", "--mask-padding", "--alpha-init", "0.3"] : ["--architecture", "attention"];
        CliResult train = CliHarness.Run([.. new[] { "train", "--data", data, "--dim", "3", "--tokens", "16", "--epochs", "3", "--batch", "16", "--lr", "0.02", "--seed", "5", "--out", first }, .. shape]);
        Assert.True(train.ExitCode == 0, train.Error);
        string config = Path.Combine(first, "config.json");
        using (JsonDocument json = JsonDocument.Parse(File.ReadAllText(config)))
        {
            Assert.Equal(5, json.RootElement.GetProperty("seed").GetInt32());
            Assert.Equal(architecture, json.RootElement.GetProperty("architecture").GetString());
            Assert.Equal(3, json.RootElement.GetProperty("epochs").GetInt32());
            Assert.True(json.RootElement.TryGetProperty("clipNorm", out _), "defaults are written out");
        }

        string second = Path.Combine(this._folder.Path, "second");
        CliResult again = CliHarness.Run("train", "--config", config, "--out", second, "--threads", "1");
        Assert.True(again.ExitCode == 0, again.Error);
        float[][] a = ModelFile.Load(Path.Combine(first, "model.bin"), "model").Arrays;
        float[][] b = ModelFile.Load(Path.Combine(second, "model.bin"), "model").Arrays;
        Assert.Equal(a.Length, b.Length);
        for (int x = 0; x < a.Length; x++)
        {
            CliHarness.AssertBitwiseEqual(a[x], b[x]);
        }
        Assert.Equal(File.ReadAllText(config), File.ReadAllText(Path.Combine(second, "config.json")));

        string third = Path.Combine(this._folder.Path, "third");
        CliResult overridden = CliHarness.Run("train", "--config", config, "--epochs", "1", "--out", third);
        Assert.True(overridden.ExitCode == 0, overridden.Error);
        TrainingOptions options = RunFolderFiles.LoadConfig(Path.Combine(third, "config.json"));
        Assert.Equal(1, options.Epochs);
        Assert.Equal(5, options.Seed);
        Assert.Equal(3, options.Dimension);
    }

    [Fact]
    public void TrainConfig_NotAConfig_OneLineAndExitTwo()
    {
        string bad = Path.Combine(this._folder.Path, "bad.json");
        File.WriteAllText(bad, "{\"dimension\": \"sixteen\"}");
        CliResult result = CliHarness.Run("train", "--config", bad, "--out", Path.Combine(this._folder.Path, "out"));
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("bad.json", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void FinishedRun_HasMetricsCsvWithStepAndEpochRows_AndAModelCard()
    {
        string data = SyntheticReviews.WriteCsv(this._folder.Path, 240);
        string run = Path.Combine(this._folder.Path, "run");
        CliResult train = CliHarness.Run("train", "--data", data, "--dim", "3", "--layers", "2", "--tokens", "16", "--epochs", "2", "--batch", "16", "--lr", "0.02", "--out", run);
        Assert.True(train.ExitCode == 0, train.Error);
        string[] lines = File.ReadAllLines(Path.Combine(run, "metrics.csv"));
        Assert.Equal(RunFolderFiles.CsvHeader, lines[0]);
        int columns = lines[0].Split(',').Length;
        Assert.All(lines, line => Assert.Equal(columns, line.Split(',').Length));
        string[][] steps = lines.Skip(1).Where(l => l.StartsWith("step,", StringComparison.Ordinal)).Select(l => l.Split(',')).ToArray();
        string[][] epochs = lines.Skip(1).Where(l => l.StartsWith("epoch,", StringComparison.Ordinal)).Select(l => l.Split(',')).ToArray();
        // 240 reviews, paper protocol: 168 train − 17 validation = 151 training reviews, 10 batches of 16.
        Assert.Equal(2, epochs.Length);
        Assert.Equal(20, steps.Length);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => i.ToString(CultureInfo.InvariantCulture)), steps.Select(s => s[3]));
        using JsonDocument metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "metrics.json")));
        JsonElement first = metrics.RootElement.GetProperty("epochs")[0];
        // The epoch's training loss is the mean of its batches' losses weighted by batch size: check it from the step rows.
        double[] losses = steps.Where(s => s[1] == "1").Select(s => double.Parse(s[4], CultureInfo.InvariantCulture)).ToArray();
        int trainCount = metrics.RootElement.GetProperty("data").GetProperty("train").GetInt32();
        double weighted = losses.Select((loss, b) => loss * Math.Min(16, trainCount - b * 16)).Sum() / trainCount;
        Assert.Equal(first.GetProperty("trainLoss").GetDouble(), weighted, 9);
        Assert.Equal(first.GetProperty("validationLoss").GetDouble(), double.Parse(epochs[0][9], CultureInfo.InvariantCulture), 12);
        Assert.Equal(first.GetProperty("alpha").GetDouble(), double.Parse(epochs[0][7], CultureInfo.InvariantCulture), 12);

        string card = File.ReadAllText(Path.Combine(run, "README.md"));
        Assert.StartsWith("---\n", card, StringComparison.Ordinal);
        foreach (string section in new[] { "## Model details", "## Training data", "SHA-256", "## Evaluation", "95 % interval", "## Intended use and limits", "Pokémon", "Selected epoch" })
        {
            Assert.Contains(section, card, StringComparison.Ordinal);
        }
    }
}
