using System.Text.Json;
using HardmaxCore.Clustering;
using HardmaxCore.UnitTests.Cli;

namespace HardmaxCore.UnitTests.Clustering;

/// <summary><c>hardmax cluster</c> end to end: exit codes, the JSON report's fields, the CSV files, bad input.</summary>
public sealed class ClusterCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => this._directory.Dispose();

    [Fact]
    public void Cluster_Gmm_AllMethods_WritesEveryField()
    {
        CliResult result = CliHarness.Run("cluster", "--gmm", "3,2,300,8,5", "--steps", "300", "--layers", "20");

        Assert.Equal(0, result.ExitCode);
        using JsonDocument json = result.Json();
        JsonElement data = json.RootElement.GetProperty("data");
        Assert.Equal(300, data.GetProperty("points").GetInt32());
        Assert.Equal(3, data.GetProperty("trueCenters").GetArrayLength());
        JsonElement[] methods = [.. json.RootElement.GetProperty("methods").EnumerateArray()];
        Assert.Equal(["quantize", "heads", "kmeans"], methods.Select(m => m.GetProperty("method").GetString()));
        CommandLinePassTests.AssertProvenance(json.RootElement.GetProperty("provenance"));
        foreach (JsonElement m in methods)
        {
            int clusters = m.GetProperty("clusters").GetInt32();
            Assert.Equal(clusters, m.GetProperty("centers").GetArrayLength());
            Assert.All(m.GetProperty("centers").EnumerateArray(), row => Assert.Equal(2, row.GetArrayLength()));
            JsonElement metrics = m.GetProperty("metrics");
            foreach (string name in new[] { "ari", "nmi", "accuracy", "centroidError", "distortion", "seconds" })
            {
                Assert.Equal(JsonValueKind.Number, metrics.GetProperty(name).ValueKind);
            }
            // 8σ apart: every method finds the three components.
            Assert.Equal(3, clusters);
            Assert.True(metrics.GetProperty("ari").GetDouble() > 0.99);
        }
        Assert.Equal(20, methods[0].GetProperty("layers").GetInt32());
        Assert.Equal(JsonValueKind.False, methods[0].GetProperty("converged").ValueKind);
        Assert.True(methods[1].GetProperty("risk").GetArrayLength() > 2);
        Assert.Contains("quantize", result.Error, StringComparison.Ordinal);
        Assert.Contains("ARI", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Cluster_CsvInput_WritesAssignmentsOutputsAndReport()
    {
        PointCloud cloud = GaussianMixture.WithSeparation(2, 3, 8, seed: 2).Sample(120, seed: 3);
        string input = Path.Combine(this._directory.Path, "in.csv");
        File.WriteAllBytes(input, PointCloud.ToCsv(cloud.Points, ["u", "v", "w"], cloud.Labels));
        string report = Path.Combine(this._directory.Path, "r.json");
        string assignments = Path.Combine(this._directory.Path, "a.csv");
        string outputs = Path.Combine(this._directory.Path, "o.csv");
        string plot = Path.Combine(this._directory.Path, "p.svg");

        CliResult result = CliHarness.Run("cluster", "--input", input, "--method", "all", "--steps", "200", "--precision", "double",
            "--out", report, "--assignments", assignments, "--outputs", outputs, "--plot", plot);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Output);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(report));
        Assert.Equal(["u", "v", "w"], json.RootElement.GetProperty("data").GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        string[] lines = File.ReadAllLines(assignments);
        Assert.Equal("index,quantize,heads,kmeans,label", lines[0]);
        Assert.Equal(121, lines.Length);
        Assert.StartsWith("7,", lines[8], StringComparison.Ordinal);
        PointCloud flattened = PointCloud.ReadCsv(outputs);
        Assert.Equal(["u", "v", "w"], flattened.ColumnNames);
        Assert.Equal(120, flattened.Count);
        Assert.Null(flattened.Labels);
        // Outputs are convex combinations of the inputs (SPEC §6.1 (iii)): inside the per-coordinate range of the cloud.
        for (int c = 0; c < 3; c++)
        {
            double low = Enumerable.Range(0, 120).Min(i => cloud.Points[i * 3 + c]);
            double high = Enumerable.Range(0, 120).Max(i => cloud.Points[i * 3 + c]);
            Assert.All(Enumerable.Range(0, 120), i => Assert.InRange(flattened.Points[i * 3 + c], low - 1e-12, high + 1e-12));
        }
        Assert.StartsWith("<?xml", File.ReadAllText(plot), StringComparison.Ordinal);
    }

    [Fact]
    public void Cluster_CsvWithoutLabels_WritesNullScores_AndPng()
    {
        string input = this._directory.File("nolabel.csv", "x,y\n0,0\n0.1,0\n5,5\n5.1,5\n");
        string plot = Path.Combine(this._directory.Path, "p.png");

        CliResult result = CliHarness.Run("cluster", "--input", input, "--method", "kmeans", "--plot", plot);

        Assert.Equal(0, result.ExitCode);
        using JsonDocument json = result.Json();
        JsonElement metrics = json.RootElement.GetProperty("methods")[0].GetProperty("metrics");
        Assert.Equal(JsonValueKind.Null, metrics.GetProperty("ari").ValueKind);
        Assert.Equal(JsonValueKind.Null, metrics.GetProperty("centroidError").ValueKind);
        Assert.Equal(0.0025, metrics.GetProperty("distortion").GetDouble(), 12);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, File.ReadAllBytes(plot)[..4]);
    }

    public static TheoryData<string[], string> BadArguments => new()
    {
        { ["--gmm", "3,2,x,4"], "--gmm '3,2,x,4'" },
        { ["--gmm", "3,2"], "2 fields" },
        { ["--gmm", "3,2,100,0"], "separation > 0" },
        { ["--gmm", "3,2,100,4,z"], "the seed 'z' is not an integer" },
        { ["--gmm", "2,1000,1000000,4"], "exceed the memory budget" },
        { ["--gmm", "5,2,3,4"], "K = 5 components need at least as many points" },
        { ["--gmm", "2,2,100,4", "--beta", "0"], "--beta expects auto or a finite number > 0 (found '0')" },
        { ["--gmm", "2,2,100,4", "--beta", "-1"], "--beta expects auto or a finite number > 0" },
        { ["--gmm", "2,2,100,4", "--beta", "NaN"], "--beta expects auto or a finite number > 0" },
        { ["--gmm", "2,2,100,4", "--heads", "0"], "--clusters expects auto or a whole number ≥ 1 (found '0')" },
        { ["--gmm", "2,2,100,4", "--k", "x"], "--clusters expects auto or a whole number ≥ 1 (found 'x')" },
        { ["--gmm", "2,2,100,4", "--scale", "minmax"], "minmax" },
        { ["--gmm", "2,2,100,4", "--beta-path-plot", "p.png"], "--beta-path-plot draws the β path" },
        { ["--gmm", "2,2,100,4", "--model", "m.json"], "--gmm does not apply with --model" },
        { ["--model", "m.json"], "--model assigns the points of --input" },
        { ["--gmm", "2,2,100,4", "--lambda", "0"], "--lambda expects a finite number > 0" },
        { ["--gmm", "2,2,100,4", "--layers", "3", "--until-converged"], "--layers and --until-converged exclude each other" },
        { ["--gmm", "2,2,100,4", "--layers", "3", "--tol", "1e-3"], "--max-layers and --tol apply only when running until converged" },
        { ["--gmm", "2,2,100,4", "--method", "kmeans", "--outputs", "o.csv"], "--outputs writes the quantizer's outputs" },
        { ["--gmm", "2,2,10,4", "--heads", "11"], "more clusters than the 10 points" },
        { [], "give the points with --input" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void Cluster_BadArguments_ExitTwoWithOneLine(string[] arguments, string expected)
    {
        CliResult result = CliHarness.Run(["cluster", .. arguments]);

        AssertOneLineError(result, expected);
    }

    [Theory]
    [InlineData("ragged", "x,y\n1,2\n3\n", "line 3 has 1 cells")]
    [InlineData("non-numeric", "x,y\n1,2\nfoo,3\n", "column 'x': 'foo' is not a number")]
    [InlineData("nan", "x,y\n1,nan\n", "is not finite")]
    [InlineData("empty", "", "is empty")]
    public void Cluster_BadCsv_ExitTwoWithOneLine(string name, string text, string expected)
    {
        string path = this._directory.File($"{name}.csv", text);

        AssertOneLineError(CliHarness.Run("cluster", "--input", path), expected);
    }

    [Fact]
    public void Cluster_InputAndGmm_ExitTwo()
    {
        string path = this._directory.File("p.csv", "x\n1\n");
        AssertOneLineError(CliHarness.Run("cluster", "--input", path, "--gmm", "2,2,10,4"), "--input and --gmm exclude each other");
        AssertOneLineError(CliHarness.Run("cluster", "--input", Path.Combine(this._directory.Path, "absent.csv")), "does not exist");
    }

    private static void AssertOneLineError(CliResult result, string expected)
    {
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Output);
        string line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("hardmax cluster: error:", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }
}
