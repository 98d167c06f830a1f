using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Perfolizer.Horology;

namespace HardmaxCore.Benchmarks;

/// <summary>
/// A short job (one launch, one warm-up, three 250 ms iterations) so <c>--filter '*'</c> finishes in minutes, and a
/// per-second column. Benchmarks set <c>OperationsPerInvoke</c> to the configurations (or reviews) of a call, so Mean
/// reads per configuration and the column reads configurations (reviews) per second.
/// </summary>
public class BenchConfig : ManualConfig
{
    /// <summary>The short job and a "configs/s" column.</summary>
    public BenchConfig()
        : this("configs/s")
    {
    }

    /// <summary>The short job (iterations of <paramref name="iterationMilliseconds"/>) and a per-second column named <paramref name="unit"/>.</summary>
    protected BenchConfig(string unit, int iterationMilliseconds = 250)
    {
        this.AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(3)
            .WithIterationTime(TimeInterval.FromMilliseconds(iterationMilliseconds))
            .WithId("Short"));
        this.AddColumn(new PerSecondColumn(unit));
        this.SummaryStyle = BenchmarkDotNet.Reports.SummaryStyle.Default.WithRatioStyle(RatioStyle.Trend);
    }
}

/// <summary>Operations per second, <c>10⁹ / Mean[ns]</c>, where an operation is one configuration (or review).</summary>
internal sealed class PerSecondColumn(string unit) : IColumn
{
    public string Id => nameof(PerSecondColumn) + unit;

    public string ColumnName => unit;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => $"Operations per second, 1e9 / Mean[ns] ({unit})";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => this.GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        BenchmarkReport? report = summary[benchmarkCase];
        double? mean = report?.ResultStatistics?.Mean;
        return mean is > 0 ? (1e9 / mean.Value).ToString("N1", System.Globalization.CultureInfo.InvariantCulture) : "NA";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
