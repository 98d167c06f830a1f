using HardmaxCore.Experiments.Runs;

namespace HardmaxCore.UnitTests.Training;

public sealed class SweepPlanTests
{
    private static readonly TrainingOptions Base = new() { DataPath = "/data/reviews.csv" };

    [Theory]
    [InlineData("0-4", new[] { 0, 1, 2, 3, 4 })]
    [InlineData("3", new[] { 3 })]
    [InlineData("0,2,5-7", new[] { 0, 2, 5, 6, 7 })]
    [InlineData(" 7 , 1-2 ", new[] { 7, 1, 2 })]
    public void SweepAxis_ParseIntegers_ListsAndRanges(string text, int[] expected)
        => Assert.Equal(expected, SweepAxis.ParseIntegers("seeds", text, 0));

    [Theory]
    [InlineData("4-1")]
    [InlineData("")]
    [InlineData("1,,2")]
    [InlineData("a")]
    [InlineData("-1")]
    [InlineData("1.5")]
    public void SweepAxis_ParseIntegers_RejectsBadLists(string text)
        => Assert.Throws<ArgumentException>(() => SweepAxis.ParseIntegers("seeds", text, 0));

    [Fact]
    public void SweepAxis_Parse_CanonicalValues()
    {
        Assert.Equal(["0.001", "0.0005"], SweepAxis.Parse("lr", "1e-3,5e-4").Values);
        Assert.Equal(["2", "4", "8", "16"], SweepAxis.Parse("dim", "2,4,8,16").Values);
        Assert.Equal(["2", "3", "4"], SweepAxis.Parse("dim", "2-4").Values);
        Assert.Equal(["paper", "standard"], SweepAxis.Parse("protocol", "Paper,standard").Values);
        Assert.Equal(["adam", "lazy-adam"], SweepAxis.Parse("optimizer", "adam,lazy-adam").Values);
        Assert.Throws<ArgumentException>(() => SweepAxis.Parse("lr", "1e-3,0.001")); // the same value twice
        Assert.Throws<ArgumentException>(() => SweepAxis.Parse("lr", "0,1e-3"));
        Assert.Throws<ArgumentException>(() => SweepAxis.Parse("val-fraction", "1"));
        Assert.Throws<ArgumentException>(() => SweepAxis.Parse("dim", "0,2"));
        Assert.Throws<ArgumentException>(() => SweepAxis.Parse("protocol", "paper,imdb"));
        Assert.Throws<ArgumentException>(() => SweepAxis.Parse("seed", "1"));
    }

    [Fact]
    public void SweepPlan_Create_NamesFromVaryingOptions_SeedsOutermost_StableOrder()
    {
        SweepPlan plan = SweepPlan.Create(
            Base with { Epochs = 30 },
            [SweepAxis.Parse("lr", "1e-3,5e-4"), SweepAxis.Parse("dim", "4,16"), SweepAxis.Parse("protocol", "paper")],
            [0, 1], "runs/s");
        Assert.Equal(8, plan.Runs.Count);
        Assert.Equal(["dim=4,lr=0.001", "dim=4,lr=0.0005", "dim=16,lr=0.001", "dim=16,lr=0.0005"], plan.Configurations);
        Assert.Equal(Enumerable.Range(0, 8), plan.Runs.Select(r => r.Index));
        Assert.Equal([0, 0, 0, 0, 1, 1, 1, 1], plan.Runs.Select(r => r.Seed));
        SweepRun run = plan.Runs[6];
        Assert.Equal(Path.Combine("runs/s", "dim=16,lr=0.001", "seed-1"), run.Folder);
        Assert.Equal(Base with { Epochs = 30, Dimension = 16, LearningRate = 0.001, Seed = 1, Protocol = EvaluationProtocol.Paper }, run.Options);
        Assert.Equal(plan.Runs.Count, plan.Runs.Select(r => r.Folder).Distinct().Count());
    }

    [Fact]
    public void SweepPlan_Create_NothingVaries_IsDefault()
    {
        SweepPlan plan = SweepPlan.Create(Base, [SweepAxis.Parse("dim", "8")], [0, 1, 2], "r");
        Assert.Equal(["default"], plan.Configurations);
        Assert.All(plan.Runs, r => Assert.Equal(8, r.Options.Dimension));
    }

    [Fact]
    public void SweepPlan_Create_RejectsRepeatsAndEmpty()
    {
        Assert.Throws<ArgumentException>(() => SweepPlan.Create(Base, [], [], "r"));
        Assert.Throws<ArgumentException>(() => SweepPlan.Create(Base, [], [1, 1], "r"));
        Assert.Throws<ArgumentException>(() => SweepPlan.Create(Base, [SweepAxis.Parse("dim", "2"), SweepAxis.Parse("dim", "4")], [0], "r"));
    }

    [Theory]
    [InlineData("0/1", 0, 1)]
    [InlineData("3/4", 3, 4)]
    public void SweepShard_Parse_Valid(string text, int index, int count) => Assert.Equal(new SweepShard(index, count), SweepShard.Parse(text));

    [Theory]
    [InlineData("4/4")]
    [InlineData("1/0")]
    [InlineData("-1/4")]
    [InlineData("1")]
    [InlineData("a/b")]
    public void SweepShard_Parse_Invalid(string text) => Assert.Throws<ArgumentException>(() => SweepShard.Parse(text));

    [Fact]
    public void SampleStatistics_Of_KnownValues()
    {
        SampleStatistics s = SampleStatistics.Of([1.0, 2.0, 3.0, 4.0]);
        Assert.Equal(4, s.Count);
        Assert.Equal(2.5, s.Mean);
        Assert.Equal(Math.Sqrt(5.0 / 3.0), s.StandardDeviation, 15);
        Assert.Equal((1.0, 4.0), (s.Minimum, s.Maximum));
        Assert.True(double.IsNaN(SampleStatistics.Of([0.8]).StandardDeviation));
        Assert.Equal(0, SampleStatistics.Of([]).Count);
    }
}
