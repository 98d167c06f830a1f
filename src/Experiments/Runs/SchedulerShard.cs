using System.Globalization;

namespace HardmaxCore.Experiments.Runs;

/// <summary>
/// The shard <c>i/N</c> of a sweep, given as text: either explicitly (<c>3/10</c>, <see cref="SweepShard.Parse"/>) or taken
/// from the environment of the scheduler task that runs it (<c>auto</c>, <c>auto/N</c>): a Slurm array task or a pod of a
/// Kubernetes Indexed Job.
/// </summary>
/// <remarks>
/// <para><c>auto</c>: i = <c>SLURM_ARRAY_TASK_ID</c> and N = <c>SLURM_ARRAY_TASK_COUNT</c>. N is taken from the array only
/// when its ids are exactly 0 … N−1 (<c>SLURM_ARRAY_TASK_MIN</c> = 0 and <c>SLURM_ARRAY_TASK_MAX</c> = N−1): an array that
/// reruns some shards (<c>--array=3,7</c> of a 10-shard sweep) has 2 tasks, not 10 shards, and is refused rather than
/// mis-sharded.</para>
/// <para><c>auto/N</c>: i from the environment, N given. A Kubernetes Indexed Job tells its pods their index
/// (<c>JOB_COMPLETION_INDEX</c>) but not the number of completions, so it needs this form; so does a Slurm array that
/// reruns some shards.</para>
/// <code>
/// (SweepShard shard, string? source) = SchedulerShard.Parse("auto", Environment.GetEnvironmentVariable);
/// // in task 1 of sbatch --array=0-1: shard = 1/2, source = "SLURM_ARRAY_TASK_ID=1 of SLURM_ARRAY_TASK_COUNT=2, job 7_1"
/// </code>
/// </remarks>
internal static class SchedulerShard
{
    /// <summary>The text that takes the shard from the environment.</summary>
    public const string Auto = "auto";

    /// <summary>Slurm: the array task id (i).</summary>
    public const string SlurmTaskId = "SLURM_ARRAY_TASK_ID";

    /// <summary>Slurm: the number of tasks in the array (N when the ids are 0 … N−1).</summary>
    public const string SlurmTaskCount = "SLURM_ARRAY_TASK_COUNT";

    /// <summary>Slurm: the smallest task id of the array.</summary>
    public const string SlurmTaskMin = "SLURM_ARRAY_TASK_MIN";

    /// <summary>Slurm: the largest task id of the array.</summary>
    public const string SlurmTaskMax = "SLURM_ARRAY_TASK_MAX";

    /// <summary>Kubernetes Indexed Job: the pod's completion index (i).</summary>
    public const string KubernetesIndex = "JOB_COMPLETION_INDEX";

    /// <summary>Whether <paramref name="text"/> asks for the shard from the environment (<c>auto</c> or <c>auto/N</c>).</summary>
    public static bool IsAuto(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string head = text.Split('/', 2)[0].Trim();
        return string.Equals(head, Auto, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The shard that <paramref name="text"/> names: <c>i/N</c> as <see cref="SweepShard.Parse"/> reads it, or <c>auto</c>,
    /// <c>auto/N</c> from <paramref name="environment"/>.
    /// </summary>
    /// <param name="text"><c>i/N</c>, <c>auto</c> or <c>auto/N</c>.</param>
    /// <param name="environment">Reads an environment variable, e.g. <see cref="Environment.GetEnvironmentVariable(string)"/>; null when unset.</param>
    /// <returns>The shard, and for <c>auto</c> the variables it came from (for the log; null for an explicit <c>i/N</c>).</returns>
    /// <exception cref="ArgumentException">
    /// Not of a form above; no scheduler variable is set (or both Slurm's and Kubernetes'); a variable is not a whole number;
    /// i outside 0 … N−1; <c>auto</c> without N in a Kubernetes pod, or in a Slurm array whose ids are not 0 … N−1.
    /// </exception>
    public static (SweepShard Shard, string? Source) Parse(string text, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(environment);
        if (!IsAuto(text))
        {
            return (SweepShard.Parse(text), null);
        }
        string[] parts = text.Split('/');
        int? given = null;
        if (parts.Length > 2 || (parts.Length == 2 && !TryCount(parts[1].Trim(), out int _)))
        {
            throw new ArgumentException($"the shard '{text}' must be auto or auto/N with N ≥ 1 shards.", nameof(text));
        }
        if (parts.Length == 2)
        {
            given = int.Parse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
        }

        string? slurm = Value(environment, SlurmTaskId);
        string? kubernetes = Value(environment, KubernetesIndex);
        if (slurm is not null && kubernetes is not null)
        {
            throw new ArgumentException(
                $"both {SlurmTaskId}={slurm} (a Slurm array task) and {KubernetesIndex}={kubernetes} (a Kubernetes Indexed Job) are set, so the shard is ambiguous; unset one, or give the shard as i/N.",
                nameof(text));
        }
        if (slurm is not null)
        {
            return FromSlurm(text, slurm, given, environment);
        }
        if (kubernetes is not null)
        {
            int index = Whole(KubernetesIndex, kubernetes, text);
            if (given is not int count)
            {
                throw new ArgumentException(
                    $"{KubernetesIndex}={kubernetes} gives this pod's index but a Kubernetes Indexed Job does not tell its pods the number of completions; give it as auto/N, N = the Job's completions.",
                    nameof(text));
            }
            return (Checked(index, count, KubernetesIndex, text), string.Create(CultureInfo.InvariantCulture, $"{KubernetesIndex}={index}, N = {count} given"));
        }
        throw new ArgumentException(
            $"the shard '{text}' is taken from the scheduler, but neither {SlurmTaskId} (a Slurm array task) nor {KubernetesIndex} (a Kubernetes Indexed Job) is set; outside a scheduler give the shard as i/N.",
            nameof(text));
    }

    private static (SweepShard Shard, string? Source) FromSlurm(string text, string slurm, int? given, Func<string, string?> environment)
    {
        int index = Whole(SlurmTaskId, slurm, text);
        string job = Value(environment, "SLURM_ARRAY_JOB_ID") is string arrayJob ? $", job {arrayJob}_{index}" : "";
        string restart = Value(environment, "SLURM_RESTART_COUNT") is string restarts && restarts != "0" ? $", restart {restarts}" : "";
        if (given is int explicitCount)
        {
            return (Checked(index, explicitCount, SlurmTaskId, text), string.Create(CultureInfo.InvariantCulture, $"{SlurmTaskId}={index}, N = {explicitCount} given{job}{restart}"));
        }
        string countText = Value(environment, SlurmTaskCount)
            ?? throw new ArgumentException(
                $"{SlurmTaskId}={slurm} is set but {SlurmTaskCount} is not (Slurm before 18.08?); give the number of shards as auto/N.", nameof(text));
        int count = Whole(SlurmTaskCount, countText, text);
        int? min = Value(environment, SlurmTaskMin) is string minText ? Whole(SlurmTaskMin, minText, text) : null;
        int? max = Value(environment, SlurmTaskMax) is string maxText ? Whole(SlurmTaskMax, maxText, text) : null;
        if (count < 1 || (min is int lowest && lowest != 0) || (max is int highest && highest != count - 1))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"the Slurm array has {count} task(s) with ids {min?.ToString(CultureInfo.InvariantCulture) ?? "?"} … {max?.ToString(CultureInfo.InvariantCulture) ?? "?"}, not 0 … {count - 1}, so its size is not the number of shards (an array that reruns some shards?); give the number of shards as auto/N."),
                nameof(text));
        }
        return (Checked(index, count, SlurmTaskId, text), string.Create(CultureInfo.InvariantCulture, $"{SlurmTaskId}={index} of {SlurmTaskCount}={count}{job}{restart}"));
    }

    private static SweepShard Checked(int index, int count, string variable, string text)
    {
        if (index >= count)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{variable}={index} is not a shard of {count}: shards are numbered 0 … {count - 1} (start the array or the completion indexes at 0, and give N = their number)."),
                nameof(text));
        }
        return new SweepShard(index, count);
    }

    private static string? Value(Func<string, string?> environment, string name)
        => environment(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static int Whole(string variable, string value, string text)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number))
        {
            throw new ArgumentException($"{variable}='{value}' is not a whole number ≥ 0, so the shard '{text}' cannot be taken from it.", nameof(text));
        }
        return number;
    }

    private static bool TryCount(string text, out int count)
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out count) && count >= 1;
}
