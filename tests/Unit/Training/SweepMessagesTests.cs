using HardmaxCore.Experiments.Runs;
using HardmaxCore.UnitTests.Cli;

namespace HardmaxCore.UnitTests.Training;

/// <summary>
/// The sweep speaks in properties, never in flags (issue 18): <see cref="SweepAxis"/> and <see cref="SweepPlan"/> name the
/// <see cref="TrainingOptions"/> property an axis sets (<c>TrainingOptions.Dimension lists 4 twice</c>), and
/// <c>hardmax sweep</c> shows the flag the user typed (<c>--dim lists 4 twice</c>) through its one table, FlagNames.
/// </summary>
public sealed class SweepMessagesTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => this._folder.Dispose();

    [Theory]
    [InlineData("dim", "4,4", "TrainingOptions.Dimension lists 4 twice")]
    [InlineData("dim", "4-2", "TrainingOptions.Dimension: the range '4-2' runs backwards")]
    [InlineData("dim", "x", "TrainingOptions.Dimension expects whole numbers and ranges")]
    [InlineData("dim", "0", "TrainingOptions.Dimension takes values ≥ 1 (found 0)")]
    [InlineData("dim", "70000", "TrainingOptions.Dimension expects a whole number from 1 to 65,536 (found '70000')")]
    [InlineData("min-count", "0", "TrainingOptions.MinCount takes values ≥ 1 (found 0)")]
    [InlineData("lr", "0", "TrainingOptions.LearningRate expects numbers > 0")]
    [InlineData("val-fraction", "1", "TrainingOptions.ValidationFraction expects numbers in (0, 1)")]
    [InlineData("protocol", "paper,imdb", "TrainingOptions.Protocol does not take 'imdb'")]
    [InlineData("mask-padding", "maybe", "TrainingOptions.MaskPadding does not take 'maybe'")]
    public void SweepAxis_BadList_NamesTheProperty_NotAFlag(string axis, string text, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => SweepAxis.Parse(axis, text));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("--", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SweepAxis_Property_NamesEveryAxisByAPropertyOfTrainingOptions()
    {
        string[] properties = typeof(TrainingOptions).GetProperties().Select(p => $"{nameof(TrainingOptions)}.{p.Name}").ToArray();
        Assert.All(SweepAxis.Names, name => Assert.Contains(SweepAxis.Property(name), properties));
        Assert.Equal(SweepAxis.Names.Count, SweepAxis.Names.Select(SweepAxis.Property).Distinct().Count());
    }

    [Fact]
    public void SweepPlan_BadSeedsOrAxes_NameTheProperty()
    {
        var seeds = Assert.Throws<ArgumentException>(() => SweepAxis.ParseSeeds("5-3"));
        Assert.StartsWith("SweepPlan.Seeds: the range '5-3' runs backwards", seeds.Message, StringComparison.Ordinal);
        var options = new TrainingOptions { DataPath = "x.csv" };
        var twice = Assert.Throws<ArgumentException>(() => SweepPlan.Create(options, [SweepAxis.Parse("dim", "2"), SweepAxis.Parse("dim", "4")], [0], "s"));
        Assert.StartsWith("TrainingOptions.Dimension is given twice", twice.Message, StringComparison.Ordinal);
        var empty = Assert.Throws<ArgumentException>(() => SweepPlan.Create(options, [new SweepAxis("lr", [])], [0], "s"));
        Assert.StartsWith("TrainingOptions.LearningRate has no values", empty.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--dim", "4,4", "--dim lists 4 twice ('4,4')")]
    [InlineData("--seeds", "5-3", "--seeds: the range '5-3' runs backwards; write it as 3-5.")]
    [InlineData("--protocol", "paper,imdb", "--protocol does not take 'imdb' (in 'paper,imdb').")]
    [InlineData("--lr", "0", "--lr expects numbers > 0")]
    [InlineData("--min-count", "0", "--min-count takes values ≥ 1 (found 0).")]
    [InlineData("--batch", "2000000", "--batch expects a whole number from 1 to 1,048,576 (found '2000000').")]
    public void SweepCommand_BadList_ShowsTheFlag(string flag, string value, string expected)
    {
        string data = SyntheticReviews.WriteCsv(this._folder.Path, 100);
        string root = Path.Combine(this._folder.Path, "sweep");
        CliResult result = CliHarness.Run("sweep", "--data", data, "--out", root, flag, value);
        Assert.Equal(2, result.ExitCode);
        string line = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"hardmax sweep: error: {expected}", line, StringComparison.Ordinal);
        Assert.DoesNotContain("TrainingOptions", line, StringComparison.Ordinal);
        Assert.DoesNotContain("SweepPlan", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(root));
    }
}
