using System.Text.Json;
using HardmaxCore.UnitTests.Cli;
using HardmaxCore.UnitTests.TestSupport;

namespace HardmaxCore.UnitTests.Training;

public sealed class ClassifierCommandTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => this._folder.Dispose();

    [Fact]
    public void TrainEvaluatePredict_OnSyntheticCsv_Work()
    {
        string data = SyntheticReviews.WriteCsv(this._folder.Path, 300);
        string run = Path.Combine(this._folder.Path, "run");
        CliResult train = CliHarness.Run("train", "--data", data, "--dim", "3", "--layers", "2", "--tokens", "16", "--epochs", "3",
            "--batch", "16", "--lr", "0.02", "--out", run);
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains("selected epoch", train.Error, StringComparison.Ordinal);
        using (JsonDocument metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "metrics.json"))))
        {
            JsonElement root = metrics.RootElement;
            Assert.Equal(3, root.GetProperty("epochs").GetArrayLength());
            JsonElement first = root.GetProperty("epochs")[0];
            foreach (string field in new[] { "epoch", "trainLoss", "trainAccuracy", "validationAccuracy", "testAccuracy", "testAccuracyHardmax", "alpha", "seconds", "trainReviewsPerSecond" })
            {
                Assert.True(first.TryGetProperty(field, out _), $"metrics.json epochs[0] lacks {field}");
            }
            Assert.True(root.GetProperty("selectedEpoch").GetInt32() is >= 1 and <= 3);
            Assert.Contains("best test epoch", root.GetProperty("bestTestEpoch").GetProperty("note").GetString(), StringComparison.Ordinal);
        }

        CliResult evaluate = CliHarness.Run("evaluate", "--model", run, "--json");
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        using (JsonDocument result = evaluate.Json())
        {
            double accuracy = result.RootElement.GetProperty("softmax").GetProperty("accuracy").GetDouble();
            Assert.InRange(accuracy, 0.0, 1.0);
            Assert.Equal(90, result.RootElement.GetProperty("reviews").GetInt32());
        }

        CliResult predict = CliHarness.Run("predict", "--model", run, "--json", "great wonderful film", "awful boring waste");
        Assert.True(predict.ExitCode == 0, predict.Error);
        string[] lines = predict.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using JsonDocument positive = JsonDocument.Parse(lines[0]);
        Assert.NotEqual(0, positive.RootElement.GetProperty("leaders").GetArrayLength());
    }

    [Theory]
    [InlineData("train", "--epochs", "1")]
    [InlineData("train", "--out", "OUT", "--data", "/nonexistent/reviews.csv")]
    [InlineData("train", "--out", "OUT", "--protocol", "sideways")]
    [InlineData("train", "--out", "OUT", "--dim", "0")]
    [InlineData("train", "--resume", "/nonexistent/run")]
    [InlineData("evaluate", "--model", "/nonexistent/model.bin")]
    [InlineData("predict", "--model", "/nonexistent/model.bin", "text")]
    public void ClassifierCommands_BadInput_OneLineAndExitTwo(params string[] args)
    {
        string[] resolved = args.Select(a => a == "OUT" ? Path.Combine(this._folder.Path, "out") : a).ToArray();
        CliResult result = CliHarness.Run(resolved);
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_WithoutText_SaysWhatToGive()
    {
        string data = SyntheticReviews.WriteCsv(this._folder.Path, 100);
        string run = Path.Combine(this._folder.Path, "run");
        Assert.Equal(0, CliHarness.Run("train", "--data", data, "--dim", "2", "--layers", "1", "--tokens", "8", "--epochs", "1", "--out", run).ExitCode);
        CliResult result = CliHarness.Run("predict", "--model", run);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--file", result.Error, StringComparison.Ordinal);
    }

    [RequiresImdbDataFact]
    public void Train_OnImdbSubset_IsWellAboveChance_AndHardmaxAgrees()
    {
        // 6,000 reviews of the shared archive (seeded subset, paper protocol), d = 4, 6 epochs: about half a minute.
        string run = Path.Combine(this._folder.Path, "imdb");
        CliResult train = CliHarness.Run("train", "--data", RequiresImdbDataFactAttribute.DataPath!, "--limit", "6000", "--dim", "4",
            "--epochs", "6", "--lr", "0.01", "--out", run);
        Assert.True(train.ExitCode == 0, train.Error);
        using JsonDocument metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "metrics.json")));
        JsonElement selected = metrics.RootElement.GetProperty("selected");
        double test = selected.GetProperty("testAccuracy").GetDouble();
        double hardmax = selected.GetProperty("testAccuracyHardmax").GetDouble();
        double agreement = selected.GetProperty("testAgreement").GetDouble();
        Assert.True(test >= 0.70, $"test accuracy {test}");
        Assert.True(hardmax >= 0.70, $"hardmax test accuracy {hardmax}");
        Assert.True(agreement >= 0.98, $"softmax/hardmax agreement {agreement}");
    }
}
