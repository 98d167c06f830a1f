namespace HardmaxCore;

/// <summary>Looking inside one configuration: attention sets, leaders, strict leaders, traces.</summary>
public sealed partial class Dynamics<T>
{
    /// <summary>The attention set <c>C_i(Z)</c> of every token of one configuration (SPEC §1.2, §1.4), each ascending.</summary>
    /// <exception cref="ArgumentException"><paramref name="configuration"/> is not n × d, or holds a NaN or infinite value.</exception>
    public int[][] AttentionSets(ReadOnlySpan<T> configuration)
    {
        this.ValidateSingle(configuration);
        return this.AttentionSetsOne(configuration, this.WorkspaceFor(0));
    }

    /// <summary>
    /// The distinct leaders of one configuration (SPEC §1.5): tokens i with <c>i ∈ C_i(Z)</c>, identical tokens counted
    /// once (the first index of each group), ascending.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="configuration"/> is not n × d, or holds a NaN or infinite value.</exception>
    public int[] Leaders(ReadOnlySpan<T> configuration)
    {
        this.ValidateSingle(configuration);
        return LeaderSets(configuration, this.AttentionSetsOne(configuration, this.WorkspaceFor(0)), this.Dimension).Leaders;
    }

    /// <summary>The distinct strict leaders: leaders whose attention set holds only copies of themselves (SPEC §1.5).</summary>
    /// <exception cref="ArgumentException"><paramref name="configuration"/> is not n × d, or holds a NaN or infinite value.</exception>
    public int[] StrictLeaders(ReadOnlySpan<T> configuration)
    {
        this.ValidateSingle(configuration);
        return LeaderSets(configuration, this.AttentionSetsOne(configuration, this.WorkspaceFor(0)), this.Dimension).StrictLeaders;
    }

    /// <summary>Runs <paramref name="steps"/> layers on one configuration and records every layer with its attention sets and leaders.</summary>
    /// <exception cref="ArgumentException"><paramref name="configuration"/> is not n × d, or holds a NaN or infinite value.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> &lt; 0.</exception>
    public Trajectory<T> Trace(ReadOnlySpan<T> configuration, int steps, Attention attention = Attention.Hardmax)
    {
        this.ValidateSingle(configuration);
        if (steps < 0)
        {
            Throw.ArgumentOutOfRange_Steps(nameof(steps), steps);
        }
        Kernels.Workspace<T> workspace = this.WorkspaceFor(0);
        var layers = new T[steps + 1][];
        var sets = new int[steps + 1][][];
        var leaders = new int[steps + 1][];
        var strict = new int[steps + 1][];
        T[] current = configuration.ToArray();
        for (int k = 0; k <= steps; k++)
        {
            layers[k] = (T[])current.Clone();
            sets[k] = this.AttentionSetsOne(current, workspace);
            (leaders[k], strict[k]) = LeaderSets(current, sets[k], this.Dimension);
            if (k < steps)
            {
                this.StepOne(current, attention, workspace);
            }
        }
        return new Trajectory<T>(layers, sets, leaders, strict);
    }

    /// <summary>Leaders (<c>i ∈ C_i</c>) and strict leaders (moreover every member equals z_i), first copy of each group only.</summary>
    private static (int[] Leaders, int[] StrictLeaders) LeaderSets(ReadOnlySpan<T> z, int[][] attentionSets, int d)
    {
        var leaders = new List<int>();
        var strict = new List<int>();
        for (int i = 0; i < attentionSets.Length; i++)
        {
            ReadOnlySpan<T> zi = z.Slice(i * d, d);
            if (Array.IndexOf(attentionSets[i], i) < 0 || !IsFirstCopy(z, i, d))
            {
                continue;
            }
            leaders.Add(i);
            bool isStrict = true;
            foreach (int j in attentionSets[i])
            {
                isStrict &= z.Slice(j * d, d).SequenceEqual(zi);
            }
            if (isStrict)
            {
                strict.Add(i);
            }
        }
        return (leaders.ToArray(), strict.ToArray());
    }

    /// <summary>Whether no earlier token equals z_i.</summary>
    private static bool IsFirstCopy(ReadOnlySpan<T> z, int i, int d)
    {
        ReadOnlySpan<T> zi = z.Slice(i * d, d);
        for (int j = 0; j < i; j++)
        {
            if (z.Slice(j * d, d).SequenceEqual(zi))
            {
                return false;
            }
        }
        return true;
    }

    private void ValidateSingle(ReadOnlySpan<T> configuration)
    {
        if (configuration.Length != this.ConfigurationLength)
        {
            Throw.Argument_DestinationLength(nameof(configuration), configuration.Length, this.ConfigurationLength);
        }
        this.ValidateBatch(configuration, nameof(configuration));
    }
}
