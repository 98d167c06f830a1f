using System.Text.Json;
using HardmaxCore.UnitTests.Cli;
using HardmaxCore.UnitTests.Training;

namespace HardmaxCore.UnitTests.Baseline;

public sealed class AttentionCommandTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => this._folder.Dispose();

    [Fact]
    public void AttentionModel_TrainPredictEvaluateExplainLeaderWords_Work_AndLeadersRefuses()
    {
        string data = SyntheticReviews.WriteCsv(this._folder.Path, 300);
        string run = Path.Combine(this._folder.Path, "run");
        CliResult train = CliHarness.Run("train", "--architecture", "attention", "--data", data, "--dim", "4", "--tokens", "16",
            "--epochs", "3", "--batch", "16", "--lr", "0.02", "--out", run);
        Assert.True(train.ExitCode == 0, train.Error);
        using (JsonDocument metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "metrics.json"))))
        {
            Assert.Equal("attention", metrics.RootElement.GetProperty("settings").GetProperty("architecture").GetString());
        }

        CliResult evaluate = CliHarness.Run("evaluate", "--model", run, "--json");
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        using (JsonDocument result = evaluate.Json())
        {
            Assert.Equal("attention", result.RootElement.GetProperty("architecture").GetString());
            Assert.Equal(90, result.RootElement.GetProperty("reviews").GetInt32());
        }

        CliResult predict = CliHarness.Run("predict", "--model", run, "--json", "great wonderful film");
        Assert.True(predict.ExitCode == 0, predict.Error);
        using (JsonDocument line = JsonDocument.Parse(predict.Output.Trim()))
        {
            double total = line.RootElement.GetProperty("attended").EnumerateArray().Sum(w => w.GetProperty("attention").GetDouble());
            // Three distinct words, all among the top five: their attention is all of it, up to float rounding (3 × 2⁻²⁴).
            Assert.InRange(total, 1 - 1e-6, 1 + 1e-6);
        }

        string html = Path.Combine(this._folder.Path, "review.html");
        CliResult explain = CliHarness.Run("explain", "--model", run, "A <b>great</b> film", "--out", html);
        Assert.True(explain.ExitCode == 0, explain.Error);
        string page = File.ReadAllText(html);
        Assert.Contains("attention", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>great</b>", page, StringComparison.Ordinal);

        string png = Path.Combine(this._folder.Path, "words.png");
        CliResult words = CliHarness.Run("leader-words", "--model", run, "--confidence", "0.5", "--out", png);
        Assert.True(words.ExitCode == 0, words.Error);
        Assert.True(new FileInfo(png).Length > 0);

        CliResult leaders = CliHarness.Run("leaders", "--model", run);
        Assert.Equal(2, leaders.ExitCode);
        Assert.Contains("self-attention model", leaders.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_AttentionWithHardmaxOnlyOption_IsRefused()
    {
        CliResult result = CliHarness.Run("train", "--architecture", "attention", "--layers", "3", "--out", Path.Combine(this._folder.Path, "x"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--layers", result.Error, StringComparison.Ordinal);
    }
}
