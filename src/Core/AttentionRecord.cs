namespace HardmaxCore;

/// <summary>
/// The attention of one layer, row by row, as <see cref="PointLayer{T}.Step"/> used it: for each point i the columns j it
/// kept (ascending), their raw weights w_ij and the row total <c>Σ_j w_ij</c>, so that <c>P_ij = w_ij / total_i</c>
/// (what a backward pass needs).
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
/// <remarks>
/// Hardmax (SPEC §1.2): the columns are the attention set <c>C_i</c>, <c>w_ij = c_j</c> (the multiplicity of point j).
/// Softmax (SPEC §1.3): the columns are those with <c>(s_ij − m_i)/τ</c> at or above −88 (float) or −708 (double), the
/// others' weights being under the smallest normal number; <c>w_ij = c_j·exp((s_ij − m_i)/τ)</c>, <c>m_i = max_l s_il</c>.
/// The layer is <c>z_i⁺ = z_i + α/(1+α)·(Σ_j fma-accumulated w_ij (z_j − z_i)) / total_i</c>.
/// <code>
/// var record = new AttentionRecord&lt;float&gt;(capacity: 128);
/// layer.Step(points, multiplicity, next, alpha, Attention.Softmax, record);
/// for (int i = 0; i &lt; record.Rows; i++)
/// {
///     for (int e = 0; e &lt; record.Columns(i).Length; e++)
///     {
///         float p = record.Weights(i)[e] / record.Total(i);   // P_ij with j = record.Columns(i)[e]
///     }
/// }
/// </code>
/// </remarks>
public sealed class AttentionRecord<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int[] _rowStart;
    private readonly int[] _columns;
    private readonly T[] _weights;
    private readonly T[] _totals;
    private int _cursor;

    /// <summary>Creates a record for layers of up to <paramref name="capacity"/> points (it holds up to capacity² entries).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> &lt; 1.</exception>
    public AttentionRecord(int capacity)
    {
        if (capacity < 1)
        {
            Throw.ArgumentOutOfRange_Size(nameof(capacity), capacity);
        }
        this.Capacity = capacity;
        this._rowStart = new int[capacity + 1];
        this._columns = new int[(long)capacity * capacity];
        this._weights = new T[(long)capacity * capacity];
        this._totals = new T[capacity];
    }

    /// <summary>The largest number of points a layer recorded here may have.</summary>
    public int Capacity { get; }

    /// <summary>Rows recorded by the last layer (its number of points).</summary>
    public int Rows { get; private set; }

    /// <summary>The columns j kept in row i, ascending.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="i"/> is not a recorded row.</exception>
    public ReadOnlySpan<int> Columns(int i)
    {
        this.CheckRow(i);
        return this._columns.AsSpan(this._rowStart[i], this._rowStart[i + 1] - this._rowStart[i]);
    }

    /// <summary>The raw weights <c>w_ij</c> of row i, in the order of <see cref="Columns"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="i"/> is not a recorded row.</exception>
    public ReadOnlySpan<T> Weights(int i)
    {
        this.CheckRow(i);
        return this._weights.AsSpan(this._rowStart[i], this._rowStart[i + 1] - this._rowStart[i]);
    }

    /// <summary><c>Σ_j w_ij</c> of row i, summed in column order as the layer summed it.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="i"/> is not a recorded row.</exception>
    public T Total(int i)
    {
        this.CheckRow(i);
        return this._totals[i];
    }

    /// <summary>Starts recording a layer of <paramref name="rows"/> points (rows are then appended in order 0, 1, …).</summary>
    internal void Begin(int rows)
    {
        this.Rows = rows;
        this._cursor = 0;
        this._rowStart[0] = 0;
    }

    /// <summary>Appends row i (the next one): its kept columns, their raw weights and their total.</summary>
    internal void Append(int i, ReadOnlySpan<int> columns, ReadOnlySpan<T> weights, T total)
    {
        int start = this._cursor;
        columns.CopyTo(this._columns.AsSpan(start));
        weights.CopyTo(this._weights.AsSpan(start));
        this._cursor = start + columns.Length;
        this._rowStart[i + 1] = this._cursor;
        this._totals[i] = total;
    }

    private void CheckRow(int i)
    {
        if ((uint)i >= (uint)this.Rows)
        {
            Throw.ArgumentOutOfRange_Row(nameof(i), i, this.Rows);
        }
    }
}
