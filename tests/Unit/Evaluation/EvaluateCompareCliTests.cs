using System.Text.Json;
using HardmaxCore.UnitTests.Cli;
using HardmaxCore.UnitTests.Training;

namespace HardmaxCore.UnitTests.Evaluation;

/// <summary><c>evaluate --split all --predictions</c> and <c>compare</c> on tiny synthetic runs (issue 20, point 7).</summary>
public sealed class EvaluateCompareCliTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => this._folder.Dispose();

    private string Train(string name, string data, params string[] extra)
    {
        string run = Path.Combine(this._folder.Path, name);
        string[] layers = extra.Contains("attention") ? [] : ["--layers", "2"];
        CliResult train = CliHarness.Run([.. new[] { "train", "--data", data, "--dim", "3", "--tokens", "16", "--epochs", "2", "--batch", "16", "--lr", "0.02", "--out", run }, .. layers, .. extra]);
        Assert.True(train.ExitCode == 0, train.Error);
        return run;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Evaluate_SplitAll_ScoresEveryReviewOfAnExternalFile_AndWritesPredictions(bool attention)
    {
        string data = SyntheticReviews.WriteCsv(this._folder.Path, 200);
        string run = attention ? this.Train("run", data, "--architecture", "attention") : this.Train("run", data);
        string external = SyntheticReviews.WriteCsv(this._folder.Path, 37, seed: 8);
        string predictions = Path.Combine(this._folder.Path, "out.csv");
        CliResult result = CliHarness.Run("evaluate", "--model", run, "--data", external, "--split", "all", "--predictions", predictions, "--json");
        Assert.True(result.ExitCode == 0, result.Error);
        using JsonDocument json = result.Json();
        Assert.Equal(37, json.RootElement.GetProperty("reviews").GetInt32());
        JsonElement interval = json.RootElement.GetProperty("softmaxAccuracyInterval");
        double accuracy = json.RootElement.GetProperty("softmax").GetProperty("accuracy").GetDouble();
        Assert.InRange(accuracy, interval.GetProperty("low").GetDouble(), interval.GetProperty("high").GetDouble());
        string[] lines = File.ReadAllLines(predictions);
        Assert.Equal(38, lines.Length);
        Assert.StartsWith("id,label,probability,prediction", lines[0], StringComparison.Ordinal);
        int correct = 0;
        foreach (string line in lines.Skip(1))
        {
            string[] fields = line.Split(',');
            double probability = double.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(probability > 0.5 ? "1" : "0", fields[3]);
            correct += fields[1] == fields[3] ? 1 : 0;
        }
        Assert.Equal(accuracy, correct / 37.0, 12);
    }

    [Fact]
    public void Compare_HardmaxAgainstAttention_PrintsPValueAndDifferenceInterval()
    {
        string data = SyntheticReviews.WriteCsv(this._folder.Path, 300);
        string hardmax = this.Train("hardmax", data);
        string attention = this.Train("attention", data, "--architecture", "attention");
        CliResult result = CliHarness.Run("compare", hardmax, attention, "--json");
        Assert.True(result.ExitCode == 0, result.Error);
        using JsonDocument json = result.Json();
        JsonElement root = json.RootElement;
        Assert.Equal(90, root.GetProperty("reviews").GetInt32());
        double difference = root.GetProperty("differenceAMinusB").GetProperty("estimate").GetDouble();
        Assert.Equal(root.GetProperty("accuracyA").GetProperty("estimate").GetDouble() - root.GetProperty("accuracyB").GetProperty("estimate").GetDouble(), difference, 12);
        Assert.InRange(root.GetProperty("mcnemar").GetProperty("pValue").GetDouble(), 0, 1);

        CliResult text = CliHarness.Run("compare", hardmax, attention);
        Assert.True(text.ExitCode == 0, text.Error);
        Assert.Contains("McNemar", text.Output, StringComparison.Ordinal);
        Assert.Contains("p = ", text.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_DifferentSplits_RefusedWithoutAllowOverlap()
    {
        string data = SyntheticReviews.WriteCsv(this._folder.Path, 200);
        string a = this.Train("a", data);
        string b = this.Train("b", data, "--seed", "4");
        CliResult refused = CliHarness.Run("compare", a, b);
        Assert.Equal(2, refused.ExitCode);
        Assert.Single(refused.ErrorLines);
        Assert.Contains("seed 0 and 4", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, CliHarness.Run("compare", a, b, "--allow-overlap").ExitCode);
    }

    [Fact]
    public void Export_EmbeddingsOfAnAttentionModel_Work()
    {
        string data = SyntheticReviews.WriteCsv(this._folder.Path, 100);
        string run = this.Train("attention", data, "--architecture", "attention");
        string npy = Path.Combine(this._folder.Path, "emb.npy");
        CliResult result = CliHarness.Run("export", "--model", run, "--embeddings", npy);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.True(File.Exists(npy));
        CliResult nothing = CliHarness.Run("export", "--model", run);
        Assert.Equal(2, nothing.ExitCode);
        Assert.Contains("--onnx", nothing.Error, StringComparison.Ordinal);
    }
}
