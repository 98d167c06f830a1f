using System.Text.Json;

namespace HardmaxCore.UnitTests.Cli;

/// <summary><c>hardmax bench --cluster</c>: the JSON contract, the text, and option validation. No assertion depends on timings.</summary>
public sealed class BenchClusterCliTests
{
    /// <summary>Figures of every size row that are positive whenever anything was measured.</summary>
    private static readonly string[] PositiveRowFields =
    [
        "singleSecondsPerLayer", "singlePointsPerSecond", "singlePairsPerSecond", "singleGflops",
        "allSecondsPerLayer", "allPointsPerSecond", "allPairsPerSecond", "allGflops", "allOverSingle", "allGflopsOverBatchKernel",
        "kmeansSecondsPerFit", "kmeansPointsPerSecond",
    ];

    /// <summary>
    /// Without --sizes the README's default sizes are measured (System.CommandLine gives an absent array option as an
    /// empty array, not null, and the command once refused it with "Give at least one cloud size n."). d = 1 keeps the
    /// n = 100,000 layers to a fraction of a second.
    /// </summary>
    [Fact]
    public void BenchCluster_WithoutSizes_MeasuresTheDefaultSizes()
    {
        CliResult result = CliHarness.Run("bench", "--cluster", "--dim", "1", "--seconds", "0.3", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using JsonDocument json = result.Json();
        Assert.Equal([1_000, 10_000, 100_000], json.RootElement.GetProperty("sizes").EnumerateArray().Select(row => row.GetProperty("n").GetInt32()));
    }

    [Fact]
    public void BenchCluster_Json_SmallSizes_PrintsOneObjectWithPositiveFigures()
    {
        CliResult result = CliHarness.Run("bench", "--cluster", "--sizes", "200,400", "--seconds", "1", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using JsonDocument json = result.Json();
        JsonElement root = json.RootElement;
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        AssertFinite(root);
        Assert.Equal("cluster", root.GetProperty("mode").GetString());
        Assert.Equal(16, root.GetProperty("d").GetInt32());
        Assert.Equal(1, root.GetProperty("beta").GetDouble());
        Assert.Equal("gaussian", root.GetProperty("kernel").GetString());
        Assert.Equal("float", root.GetProperty("precision").GetString());
        Assert.Equal(Environment.ProcessorCount, root.GetProperty("threads").GetInt32());
        Assert.True(root.GetProperty("batchKernelGflops").GetDouble() > 0);

        JsonElement[] sizes = [.. root.GetProperty("sizes").EnumerateArray()];
        Assert.Equal([200, 400], sizes.Select(row => row.GetProperty("n").GetInt32()));
        foreach (JsonElement row in sizes)
        {
            int n = row.GetProperty("n").GetInt32();
            Assert.Equal(4.0 * n * n * 16, row.GetProperty("flopsPerLayer").GetDouble());
            foreach (string field in PositiveRowFields)
            {
                Assert.True(row.GetProperty(field).GetDouble() > 0, $"n = {n}: {field}");
            }
            foreach (string field in new[] { "singleLayers", "allLayers", "kmeansFits", "kmeansIterations", "allThreads" })
            {
                Assert.True(row.GetProperty(field).GetInt32() >= 1, $"n = {n}: {field}");
            }
            // Bytes per layer: a count, or null when no warm layer was measured.
            foreach (string field in new[] { "bytesAllocatedPerLayerSingle", "bytesAllocatedPerLayer" })
            {
                JsonElement bytes = row.GetProperty(field);
                Assert.True(bytes.ValueKind == JsonValueKind.Null || bytes.GetDouble() >= 0, $"n = {n}: {field}");
            }
            // points/s is n per second-per-layer (both rounded to four digits).
            double points = row.GetProperty("allPointsPerSecond").GetDouble();
            Assert.Equal(1, points * row.GetProperty("allSecondsPerLayer").GetDouble() / n, 2);
        }

        JsonElement batch = root.GetProperty("batchKernel");
        Assert.Equal(128, batch.GetProperty("n").GetInt32());
        Assert.Equal(8, batch.GetProperty("layers").GetInt32());
        Assert.True(batch.GetProperty("coreSingleGflops").GetDouble() > 0);
        Assert.True(batch.GetProperty("coreAllGflops").GetDouble() > 0);
        JsonElement heads = root.GetProperty("heads");
        Assert.True(heads.GetProperty("steps").GetInt64() > 0);
        Assert.True(heads.GetProperty("stepsPerSecond").GetDouble() > 0);
        Assert.Equal(JsonValueKind.Object, root.GetProperty("provenance").ValueKind);
    }

    [Fact]
    public void BenchCluster_Json_Choices_AreReported()
    {
        CliResult result = CliHarness.Run(
            "bench", "--cluster", "--sizes", "50", "--dim", "3", "--beta", "0.5", "--kernel", "dot", "--threads", "1", "--seconds", "0.3", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using JsonDocument json = result.Json();
        JsonElement root = json.RootElement;
        Assert.Equal(3, root.GetProperty("d").GetInt32());
        Assert.Equal(0.5, root.GetProperty("beta").GetDouble());
        Assert.Equal("dot", root.GetProperty("kernel").GetString());
        Assert.Equal(1, root.GetProperty("threads").GetInt32());
        JsonElement row = Assert.Single(root.GetProperty("sizes").EnumerateArray());
        Assert.Equal(50, row.GetProperty("n").GetInt32());
        Assert.Equal(1, row.GetProperty("allThreads").GetInt32());
        Assert.Equal(4.0 * 50 * 50 * 3, row.GetProperty("flopsPerLayer").GetDouble());
        Assert.Equal(3, root.GetProperty("batchKernel").GetProperty("d").GetInt32());
    }

    [Fact]
    public void BenchCluster_Text_PrintsTheTablesAndTheComparison()
    {
        CliResult result = CliHarness.Run("bench", "--cluster", "--sizes", "100", "--seconds", "0.3");

        Assert.True(result.ExitCode == 0, result.Error);
        foreach (string expected in new[] { "identity attention", "s/layer", "GFLOP/s", "points/s", "batch score kernel", "steps/s", "k-means", "s/fit" })
        {
            Assert.Contains(expected, result.Output, StringComparison.Ordinal);
        }
        Assert.Matches(@"│\s*100 │", result.Output); // a row for n = 100 in each table
    }

    [Theory]
    [InlineData("--train", null)]
    [InlineData("--batch", "8")]
    [InlineData("--layers", "2")]
    [InlineData("--n", "16")]
    [InlineData("--softmax", null)]
    [InlineData("--precision", "double")]
    [InlineData("--inputs", "reviews")]
    [InlineData("--architecture", "attention")]
    public void BenchCluster_WithAnIncompatibleOption_ExitsTwoWithOneLine(string option, string? value)
    {
        string[] args = ["bench", "--cluster", "--sizes", "10", "--seconds", "0.01", option];
        CliResult result = CliHarness.Run(value is null ? args : [.. args, value]);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("--cluster", result.Error, StringComparison.Ordinal);
        Assert.Contains("drop", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    [Theory]
    [InlineData("--sizes", "1000")]
    [InlineData("--beta", "2")]
    [InlineData("--kernel", "dot")]
    [InlineData("--threads", "1")]
    public void BenchClusterOption_WithoutCluster_ExitsTwoWithOneLine(string option, string value)
    {
        CliResult result = CliHarness.Run("bench", option, value, "--n", "2", "--d", "1", "--layers", "1", "--batch", "1", "--seconds", "0.01");

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains($"{option} applies only with --cluster", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("3")]
    [InlineData("-1000")]
    [InlineData("2000000")]
    [InlineData("1000,abc")]
    [InlineData("1000,,2000")]
    [InlineData("1e5")]
    [InlineData("")]
    public void BenchCluster_BadSizes_ExitsTwoWithOneLine(string sizes)
    {
        CliResult result = CliHarness.Run("bench", "--cluster", $"--sizes={sizes}", "--seconds", "0.01");

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("--sizes", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public void BenchCluster_CloudTooLargeForTheDimension_ExitsTwoWithOneLine()
    {
        CliResult result = CliHarness.Run("bench", "--cluster", "--sizes", "1000000", "--dim", "1024", "--seconds", "0.01");

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("lower --sizes or --dim", result.Error, StringComparison.Ordinal);
    }

    /// <summary>Every number in the document is finite (JSON has no NaN; the parser would have refused one, this checks the doubles).</summary>
    private static void AssertFinite(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    AssertFinite(property.Value);
                }
                break;
            case JsonValueKind.Array:
                foreach (JsonElement item in element.EnumerateArray())
                {
                    AssertFinite(item);
                }
                break;
            case JsonValueKind.Number:
                Assert.True(double.IsFinite(element.GetDouble()), element.GetRawText());
                break;
        }
    }
}
