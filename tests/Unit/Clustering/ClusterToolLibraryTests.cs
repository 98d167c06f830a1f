using System.Text.RegularExpressions;
using HardmaxCore.Clustering;
using HardmaxCore.UnitTests.Cli;

namespace HardmaxCore.UnitTests.Clustering;

/// <summary><c>hardmax cluster</c> and the clustering library agree: the tool is bindings over the library's defaults.</summary>
public sealed partial class ClusterToolLibraryTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => this._directory.Dispose();

    [Fact]
    public void Cluster_Heads_TrainsTheHeadsOfNewPrototypeHeadsOptions_BitForBit()
    {
        // The same points (a CSV), the same H and the default seed: the tool, left to its defaults, and
        // PrototypeHeads.Fit(points, new PrototypeHeadsOptions { Heads = 3 }) must give the same θ bit for bit.
        PointCloud cloud = GaussianMixture.WithSeparation(3, 2, 6, seed: 1).Sample(500, seed: 2);
        string csv = Path.Combine(this._directory.Path, "points.csv");
        File.WriteAllBytes(csv, PointCloud.ToCsv(cloud.Points, cloud.ColumnNames));
        string saved = Path.Combine(this._directory.Path, "model.json");

        CliResult result = CliHarness.Run("cluster", "--input", csv, "--method", "heads", "--clusters", "3", "--scale", "none",
            "--save", saved, "--out", Path.Combine(this._directory.Path, "result.json"));

        Assert.True(result.ExitCode == 0, result.Error);
        PrototypeHeadsModel library = PrototypeHeads.Fit(PointCloud.ReadCsv(csv), new PrototypeHeadsOptions { Heads = 3 });
        PrototypeHeadsModel tool = PrototypeHeadsModel.Load(saved);
        CliHarness.AssertBitwiseEqual(library.Heads, tool.Heads);
        Assert.Equal(library.Lambda, tool.Lambda);
        Assert.Equal(library.Bias, tool.Bias);
    }

    [Fact]
    public void Cluster_Help_ListsEveryOptionOnce()
    {
        CliResult result = CliHarness.Run("cluster", "--help");

        Assert.Equal(0, result.ExitCode);
        // Every option row starts with its names ("-i, --input <points.csv>"), then two spaces and the description.
        var names = new List<string>();
        foreach (string line in result.Output.Split('\n'))
        {
            string row = line.TrimStart();
            if (!row.StartsWith('-'))
            {
                continue;
            }
            string head = row.Split("  ", 2)[0];
            names.AddRange(OptionName().Matches(head).Select(m => m.Value));
        }
        Assert.Contains("--scale", names);
        Assert.Contains("--dpi", names);
        string[] repeated = [.. names.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key)];
        Assert.True(repeated.Length == 0, $"cluster --help lists {string.Join(", ", repeated)} more than once:\n{result.Output}");
    }

    [Fact]
    public void Cluster_ScaleIsTheFeatureScaling_AndDpiStillSetsTheResolution()
    {
        string plot = Path.Combine(this._directory.Path, "clusters.png");

        CliResult result = CliHarness.Run("cluster", "--gmm", "2,2,200,8", "--method", "kmeans", "--clusters", "2", "--scale", "standard",
            "--dpi", "50", "--plot", plot, "--out", Path.Combine(this._directory.Path, "result.json"));

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("scaling:", result.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(plot));
    }

    [GeneratedRegex(@"--?[A-Za-z][A-Za-z0-9-]*")]
    private static partial Regex OptionName();
}
