using System.Text.Json;
using HardmaxCore.Experiments.Benchmarking;
using HardmaxCore.UnitTests.Cli;

namespace HardmaxCore.UnitTests.Bench;

/// <summary><c>hardmax bench</c>: the JSON contract and option validation. No assertion depends on timings.</summary>
public sealed class BenchCommandTests
{
    private static readonly string[] DynamicsFields =
    [
        "n", "d", "layers", "batch", "referencePerSecond", "coreSinglePerSecond", "coreAllPerSecond", "coreAllGflops", "bytesAllocatedPerStep",
    ];

    [Fact]
    public void Bench_Json_TinySizes_PrintsOneObjectWithTheFields()
    {
        CliResult result = CliHarness.Run("bench", "--n", "5", "--d", "3", "--layers", "2", "--batch", "7", "--seconds", "0.2", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using JsonDocument json = result.Json();
        JsonElement root = json.RootElement;
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        foreach (string field in DynamicsFields)
        {
            Assert.True(root.TryGetProperty(field, out JsonElement value), $"missing {field}");
            Assert.Equal(JsonValueKind.Number, value.ValueKind);
        }
        Assert.Equal(5, root.GetProperty("n").GetInt32());
        Assert.Equal(3, root.GetProperty("d").GetInt32());
        Assert.Equal(2, root.GetProperty("layers").GetInt32());
        Assert.Equal(7, root.GetProperty("batch").GetInt32());
        Assert.True(root.GetProperty("referencePerSecond").GetDouble() > 0);
        Assert.True(root.GetProperty("coreSinglePerSecond").GetDouble() > 0);
        Assert.True(root.GetProperty("coreAllPerSecond").GetDouble() > 0);
        // The all-cores figure includes the thread pool's own bookkeeping; the calling thread's must be zero
        // (Dynamics/AllocationTests checks the same directly).
        Assert.Equal(0, root.GetProperty("bytesAllocatedPerStepSingle").GetDouble());
        Assert.Equal("hardmax", root.GetProperty("attention").GetString());
        Assert.Equal("float", root.GetProperty("precision").GetString());
    }

    [Fact]
    public void Bench_Json_SoftmaxDoubleReviews_ReportsTheChoices()
    {
        CliResult result = CliHarness.Run(
            "bench", "--n", "6", "--d", "2", "--layers", "1", "--batch", "3", "--seconds", "0.1", "--softmax", "--precision", "double", "--inputs", "reviews", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using JsonDocument json = result.Json();
        Assert.Equal("softmax", json.RootElement.GetProperty("attention").GetString());
        Assert.Equal("double", json.RootElement.GetProperty("precision").GetString());
        Assert.Equal("reviews", json.RootElement.GetProperty("inputs").GetString());
    }

    [Fact]
    public void Bench_Text_TinySizes_PrintsTheTable()
    {
        CliResult result = CliHarness.Run("bench", "--n", "4", "--d", "2", "--layers", "1", "--batch", "2", "--seconds", "0.1");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("Reference (double)", result.Output, StringComparison.Ordinal);
        Assert.Contains("Core, 1 thread", result.Output, StringComparison.Ordinal);
        Assert.Contains("GFLOP/s", result.Output, StringComparison.Ordinal);
        Assert.Contains("bytes allocated per step", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_Train_Json_TinyModel_ReportsReviewsPerSecond()
    {
        CliResult result = CliHarness.Run("bench", "--train", "--n", "8", "--d", "2", "--layers", "1", "--seconds", "0.2", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using JsonDocument json = result.Json();
        foreach (string field in new[] { "trainingReviewsPerSecond", "inferenceReviewsPerSecond", "hardmaxInferenceReviewsPerSecond", "peakWorkingSetBytes" })
        {
            Assert.True(json.RootElement.GetProperty(field).GetDouble() > 0, field);
        }
    }

    [Theory]
    [InlineData("--n", "0")]
    [InlineData("--d", "-1")]
    [InlineData("--layers", "0")]
    [InlineData("--batch", "0")]
    [InlineData("--batch", "many")]
    [InlineData("--seconds", "0")]
    [InlineData("--seconds", "-2")]
    [InlineData("--seconds", "nan")]
    [InlineData("--precision", "half")]
    [InlineData("--inputs", "poems")]
    public void Bench_BadOption_ExitsTwoWithOneLine(string option, string value)
    {
        // Tiny sizes, so a bad option that slipped through would still finish at once.
        string[] tiny = ["--n", "2", "--d", "1", "--layers", "1", "--batch", "1", "--seconds", "0.01"];
        int at = Array.IndexOf(tiny, option);
        string[] args = at < 0 ? ["bench", option, value, .. tiny] : ["bench", .. tiny[..at], option, value, .. tiny[(at + 2)..]];
        CliResult result = CliHarness.Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains($"'{value}'", result.Error, StringComparison.Ordinal); // the message quotes the value found
        Assert.Equal("", result.Output);
    }

    [Fact]
    public void Bench_BatchTooLarge_ExitsTwoWithOneLine()
    {
        CliResult result = CliHarness.Run("bench", "--n", "4096", "--d", "1024", "--batch", "4096");

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("lower --batch", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_TrainWithBatch_ExitsTwoWithOneLine()
    {
        CliResult result = CliHarness.Run("bench", "--train", "--batch", "8");

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("--train", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void SyntheticInputs_ReviewLike_EndsWithARunOfIdenticalPadding()
    {
        const int n = 128, d = 4;
        var batch = new float[20 * n * d];
        SyntheticInputs.ReviewLike<float>(batch, n, d, seed: 3);

        bool anyPadding = false;
        for (int b = 0; b < 20; b++)
        {
            ReadOnlySpan<float> last = batch.AsSpan((b * n + n - 1) * d, d);
            ReadOnlySpan<float> previous = batch.AsSpan((b * n + n - 2) * d, d);
            anyPadding |= last.SequenceEqual(previous);
        }
        Assert.True(anyPadding);
        Assert.True(batch.All(float.IsFinite));
    }

    [Fact]
    public void SyntheticInputs_Reviews_PadWithZeroAfterTheWords()
    {
        var reviews = SyntheticInputs.Reviews(50, 128, 1000, seed: 2);

        for (int r = 0; r < reviews.Count; r++)
        {
            ReadOnlySpan<int> row = reviews.Row(r);
            int words = reviews.TokenCounts[r];
            Assert.InRange(words, 1, 128);
            Assert.DoesNotContain(0, row[..words].ToArray());
            Assert.All(row[words..].ToArray(), id => Assert.Equal(0, id));
            Assert.All(row.ToArray(), id => Assert.InRange(id, 0, 999));
        }
    }
}
