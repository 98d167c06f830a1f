namespace HardmaxCore;

/// <summary>A recorded run of one configuration: every layer, with its attention sets and leaders (SPEC §1.2, §1.5).</summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class Trajectory<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    internal Trajectory(T[][] layers, int[][][] attentionSets, int[][] leaders, int[][] strictLeaders)
    {
        this.Layers = layers;
        this.AttentionSets = attentionSets;
        this.Leaders = leaders;
        this.StrictLeaders = strictLeaders;
    }

    /// <summary>K, the number of layers run.</summary>
    public int Steps => this.Layers.Count - 1;

    /// <summary>The configuration at layer k (row-major n × d), layer 0 (the input) first.</summary>
    public IReadOnlyList<T[]> Layers { get; }

    /// <summary><c>AttentionSets[k][i]</c> = <c>C_i(Z^k)</c>, ascending.</summary>
    public IReadOnlyList<int[][]> AttentionSets { get; }

    /// <summary>The distinct leaders of each layer (first index of each group of identical tokens, ascending).</summary>
    public IReadOnlyList<int[]> Leaders { get; }

    /// <summary>The distinct strict leaders of each layer.</summary>
    public IReadOnlyList<int[]> StrictLeaders { get; }
}
