using CommunityToolkit.HighPerformance.Buffers;

namespace HardmaxCore.Kernels;

/// <summary>
/// The scratch memory of one thread of <see cref="IdentityAttention{T}"/>: per row of the panel, the shift, the maximum,
/// the accumulator and the total of the weights. O(d) per thread, made once and reused for every layer.
/// </summary>
internal sealed class IdentityScratch<T> : IDisposable
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly MemoryOwner<T> _shifts;
    private readonly MemoryOwner<T> _sums;
    private readonly MemoryOwner<T> _maxima;
    private readonly MemoryOwner<T> _totals;
    private readonly MemoryOwner<T> _blockQueries;

    /// <summary>Creates the buffers for n points (n padded to <paramref name="nPad"/>) in dimension d.</summary>
    public IdentityScratch(int n, int nPad, int d)
    {
        this.N = n;
        this.NPad = nPad;
        this.D = d;
        this._shifts = MemoryOwner<T>.Allocate(IdentityAttentionKernel.PanelRows);
        this._sums = MemoryOwner<T>.Allocate(IdentityAttentionKernel.PanelRows * IdentityAttentionKernel.Chains * d);
        this._maxima = MemoryOwner<T>.Allocate(IdentityAttentionKernel.PanelRows);
        this._totals = MemoryOwner<T>.Allocate((IdentityAttentionKernel.PanelRows + 1) * IdentityAttentionKernel.TotalLanes);
        this._blockQueries = MemoryOwner<T>.Allocate(IdentityAttentionKernel.Block * (d + 1));
    }

    /// <summary>Bytes of scratch one thread needs for n points (padded to <paramref name="nPad"/>) in dimension d.</summary>
    public static long Bytes(int n, int nPad, int d)
        => (((long)IdentityAttentionKernel.PanelRows * ((IdentityAttentionKernel.Chains * d) + 2)) + ((IdentityAttentionKernel.PanelRows + 1) * IdentityAttentionKernel.TotalLanes)
            + ((long)IdentityAttentionKernel.Block * (d + 1)))
            * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();

    /// <summary>Points.</summary>
    public int N { get; }

    /// <summary>n rounded up to a whole number of 512-bit vectors.</summary>
    public int NPad { get; }

    /// <summary>Dimension of a point.</summary>
    public int D { get; }

    /// <summary>The shift c_i subtracted from each row's scores (the row's own score, or its maximum).</summary>
    public Span<T> Shifts => this._shifts.Span;

    /// <summary>The largest move of the rows this thread updated in the current layer.</summary>
    public T Change { get; set; }

    /// <summary>The largest <c>‖x_i‖_∞</c> of the rows this thread updated in the current layer.</summary>
    public T Size { get; set; }

    /// <summary>The accumulators of row r of the panel, length 4d: chains 0 to 3 (column j in chain j mod 4; the rows' accumulators are contiguous).</summary>
    public Span<T> Sum(int r) => this._sums.Span.Slice(r * IdentityAttentionKernel.Chains * this.D, IdentityAttentionKernel.Chains * this.D);

    /// <summary>The maximum score of each row of the panel.</summary>
    public Span<T> Maxima => this._maxima.Span;

    /// <summary>
    /// The partial totals of the weights of each row of the panel, <see cref="IdentityAttentionKernel.TotalLanes"/> per row
    /// (partial l of row r at 16r + l: the columns j ≡ l mod 16), then a sink of as many for the repeated rows of a short group.
    /// </summary>
    public Span<T> Totals => this._totals.Span;

    /// <summary>
    /// The queries of the block of rows being scored, interleaved: coordinate k of the block's row r at
    /// <c><see cref="IdentityAttentionKernel.Block"/>·k + r</c> (room for d + 1 coordinates), so the score loop reads all of
    /// them from one address.
    /// </summary>
    public Span<T> BlockQueries => this._blockQueries.Span;

    /// <inheritdoc/>
    public void Dispose()
    {
        this._shifts.Dispose();
        this._sums.Dispose();
        this._maxima.Dispose();
        this._totals.Dispose();
        this._blockQueries.Dispose();
    }
}
