using HardmaxCore.Experiments.Runs;

namespace HardmaxCore.UnitTests.Training;

/// <summary>
/// <c>--shard auto</c> and <c>auto/N</c> (issue 23): the shard from a Slurm array task's or a Kubernetes Indexed Job pod's
/// environment, and a clear refusal whenever the environment cannot say which shard this is.
/// </summary>
public sealed class SchedulerShardTests
{
    /// <summary>What <c>sbatch --array=0-3</c> sets in task 2 (job 41 of the array 40).</summary>
    private static readonly Dictionary<string, string> SlurmTask2Of4 = new()
    {
        ["SLURM_ARRAY_TASK_ID"] = "2",
        ["SLURM_ARRAY_TASK_COUNT"] = "4",
        ["SLURM_ARRAY_TASK_MIN"] = "0",
        ["SLURM_ARRAY_TASK_MAX"] = "3",
        ["SLURM_ARRAY_TASK_STEP"] = "1",
        ["SLURM_ARRAY_JOB_ID"] = "40",
        ["SLURM_JOB_ID"] = "43",
    };

    private static Func<string, string?> Environment(Dictionary<string, string> variables)
        => name => variables.TryGetValue(name, out string? value) ? value : null;

    private static Dictionary<string, string> With(Dictionary<string, string> variables, params (string Name, string? Value)[] changes)
    {
        var copy = new Dictionary<string, string>(variables);
        foreach ((string name, string? value) in changes)
        {
            if (value is null)
            {
                copy.Remove(name);
            }
            else
            {
                copy[name] = value;
            }
        }
        return copy;
    }

    [Fact]
    public void SchedulerShard_Parse_SlurmAuto_TakesIndexAndCountFromTheArray()
    {
        (SweepShard shard, string? source) = SchedulerShard.Parse("auto", Environment(SlurmTask2Of4));
        Assert.Equal(new SweepShard(2, 4), shard);
        Assert.Equal("SLURM_ARRAY_TASK_ID=2 of SLURM_ARRAY_TASK_COUNT=4, job 40_2", source);
    }

    [Fact]
    public void SchedulerShard_Parse_SlurmAuto_SaysWhenTheTaskWasRequeued()
    {
        (_, string? source) = SchedulerShard.Parse("auto", Environment(With(SlurmTask2Of4, ("SLURM_RESTART_COUNT", "1"))));
        Assert.EndsWith(", restart 1", source, StringComparison.Ordinal);
    }

    [Fact]
    public void SchedulerShard_Parse_SlurmAutoWithCount_RerunsSomeShards()
    {
        // sbatch --array=3,7 of a 10-shard sweep: 2 tasks, ids 3 and 7; N must be given.
        Dictionary<string, string> task7 = With(SlurmTask2Of4,
            ("SLURM_ARRAY_TASK_ID", "7"), ("SLURM_ARRAY_TASK_COUNT", "2"), ("SLURM_ARRAY_TASK_MIN", "3"), ("SLURM_ARRAY_TASK_MAX", "7"));
        ArgumentException refused = Assert.Throws<ArgumentException>(() => SchedulerShard.Parse("auto", Environment(task7)));
        Assert.Contains("not 0 … 1", refused.Message, StringComparison.Ordinal);
        Assert.Contains("auto/N", refused.Message, StringComparison.Ordinal);

        (SweepShard shard, string? source) = SchedulerShard.Parse("auto/10", Environment(task7));
        Assert.Equal(new SweepShard(7, 10), shard);
        Assert.StartsWith("SLURM_ARRAY_TASK_ID=7, N = 10 given", source, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1", "0", "1")]   // ids 1 … 1: min is not 0
    [InlineData("3", "1", "3")]   // ids 1 … 3
    [InlineData("3", "0", "4")]   // a step: --array=0-4:2 has 3 tasks, ids 0, 2, 4
    public void SchedulerShard_Parse_SlurmAuto_RefusesArraysWhoseIdsAreNotZeroToCountMinusOne(string count, string min, string max)
    {
        Dictionary<string, string> task = With(SlurmTask2Of4,
            ("SLURM_ARRAY_TASK_ID", min), ("SLURM_ARRAY_TASK_COUNT", count), ("SLURM_ARRAY_TASK_MIN", min), ("SLURM_ARRAY_TASK_MAX", max));
        Assert.Throws<ArgumentException>(() => SchedulerShard.Parse("auto", Environment(task)));
    }

    [Fact]
    public void SchedulerShard_Parse_KubernetesIndexedJob_NeedsTheCount()
    {
        var pod = new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = "3" };
        (SweepShard shard, string? source) = SchedulerShard.Parse("auto/10", Environment(pod));
        Assert.Equal(new SweepShard(3, 10), shard);
        Assert.Equal("JOB_COMPLETION_INDEX=3, N = 10 given", source);

        ArgumentException refused = Assert.Throws<ArgumentException>(() => SchedulerShard.Parse("auto", Environment(pod)));
        Assert.Contains("JOB_COMPLETION_INDEX=3", refused.Message, StringComparison.Ordinal);
        Assert.Contains("auto/N", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SchedulerShard_Parse_NoScheduler_SaysWhichVariablesItLookedFor()
    {
        ArgumentException refused = Assert.Throws<ArgumentException>(() => SchedulerShard.Parse("auto", _ => null));
        Assert.Contains("SLURM_ARRAY_TASK_ID", refused.Message, StringComparison.Ordinal);
        Assert.Contains("JOB_COMPLETION_INDEX", refused.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => SchedulerShard.Parse("auto/4", _ => null));
        Assert.Throws<ArgumentException>(() => SchedulerShard.Parse("auto", Environment(new() { ["SLURM_ARRAY_TASK_ID"] = " " })));
    }

    [Theory]
    [InlineData("auto/0")]
    [InlineData("auto/-1")]
    [InlineData("auto/x")]
    [InlineData("auto/2/3")]
    [InlineData("auto/")]
    public void SchedulerShard_Parse_RefusesABadCount(string text)
        => Assert.Throws<ArgumentException>(() => SchedulerShard.Parse(text, Environment(SlurmTask2Of4)));

    [Theory]
    [InlineData("SLURM_ARRAY_TASK_ID", "-1")]
    [InlineData("SLURM_ARRAY_TASK_ID", "two")]
    [InlineData("SLURM_ARRAY_TASK_ID", "4")]        // outside 0 … 3
    [InlineData("SLURM_ARRAY_TASK_COUNT", "4x")]
    [InlineData("SLURM_ARRAY_TASK_COUNT", null)]    // an old Slurm without it: N must be given
    [InlineData("JOB_COMPLETION_INDEX", "2")]       // both schedulers: ambiguous
    public void SchedulerShard_Parse_RefusesAnEnvironmentItCannotTrust(string name, string? value)
        => Assert.Throws<ArgumentException>(() => SchedulerShard.Parse("auto", Environment(With(SlurmTask2Of4, (name, value)))));

    [Fact]
    public void SchedulerShard_Parse_IndexOutsideTheGivenCount_IsRefused()
    {
        var pod = new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = "10" };
        ArgumentException refused = Assert.Throws<ArgumentException>(() => SchedulerShard.Parse("auto/10", Environment(pod)));
        Assert.Contains("0 … 9", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1/4", 1, 4)]
    [InlineData("Auto", 2, 4)]
    [InlineData(" auto / 8 ", 2, 8)]
    public void SchedulerShard_Parse_ExplicitShardsAndSpellings(string text, int index, int count)
        => Assert.Equal(new SweepShard(index, count), SchedulerShard.Parse(text, Environment(SlurmTask2Of4)).Shard);

    [Fact]
    public void SchedulerShard_Parse_ExplicitShard_IgnoresTheEnvironment()
    {
        (SweepShard shard, string? source) = SchedulerShard.Parse("0/3", _ => throw new InvalidOperationException("read the environment"));
        Assert.Equal(new SweepShard(0, 3), shard);
        Assert.Null(source);
        Assert.Throws<ArgumentException>(() => SchedulerShard.Parse("autumn/3", Environment(SlurmTask2Of4)));
    }
}
