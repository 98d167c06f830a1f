using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HardmaxCore.Classifier;
using HardmaxCore.Experiments.Runs;

namespace HardmaxCore.PropertyTests;

/// <summary>The shard arithmetic of <see cref="SweepPlan"/>: shards 0 … N−1 run every run of the plan exactly once.</summary>
public sealed class SweepProperties
{
    /// <summary>Plans of 1 to 6 seeds × 1 to 4 d × 1 to 3 learning rates, and 1 to 40 shards (more shards than runs included).</summary>
    public static Arbitrary<(int Seeds, int Dims, int Rates, int Shards)> Plans()
        => (from seeds in Gen.Choose(1, 6)
            from dims in Gen.Choose(1, 4)
            from rates in Gen.Choose(1, 3)
            from shards in Gen.Choose(1, 40)
            select (seeds, dims, rates, shards)).ToArbitrary();

    [Property(Arbitrary = new[] { typeof(SweepProperties) }, MaxTest = 300)]
    public bool SweepPlan_Shards_CoverEveryRunExactlyOnce_AndBalance((int Seeds, int Dims, int Rates, int Shards) c)
    {
        string dims = string.Join(",", Enumerable.Range(1, c.Dims).Select(d => 2 * d));
        string rates = string.Join(",", Enumerable.Range(1, c.Rates).Select(r => $"{r}e-4"));
        SweepPlan plan = SweepPlan.Create(
            new TrainingOptions { DataPath = "x" }, [SweepAxis.Parse("dim", dims), SweepAxis.Parse("lr", rates)],
            Enumerable.Range(0, c.Seeds).ToArray(), "root");
        int total = c.Seeds * c.Dims * c.Rates;
        var seen = new int[total];
        var sizes = new List<int>();
        for (int i = 0; i < c.Shards; i++)
        {
            IReadOnlyList<SweepRun> shard = plan.Shard(new SweepShard(i, c.Shards));
            sizes.Add(shard.Count);
            foreach (SweepRun run in shard)
            {
                seen[run.Index]++;
            }
        }
        // The plan itself is the same when built again (the assignment is deterministic across jobs).
        SweepPlan again = SweepPlan.Create(
            new TrainingOptions { DataPath = "x" }, [SweepAxis.Parse("lr", rates), SweepAxis.Parse("dim", dims)],
            Enumerable.Range(0, c.Seeds).ToArray(), "root");
        return plan.Runs.Count == total
            && seen.All(n => n == 1)
            && sizes.Max() - sizes.Min() <= 1
            && plan.Runs.Select(r => r.Folder).SequenceEqual(again.Runs.Select(r => r.Folder));
    }
}
