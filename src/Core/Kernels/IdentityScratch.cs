using CommunityToolkit.HighPerformance.Buffers;

namespace HardmaxCore.Kernels;

/// <summary>
/// The scratch memory of one thread of <see cref="IdentityAttention{T}"/>: the scores of one block of rows and, per row of
/// the block, the kept members and their weights; per row of the panel, the maximum, the accumulator and the total of the
/// weights. O(n) per thread, made once and reused for every layer.
/// </summary>
internal sealed class IdentityScratch<T> : IDisposable
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly MemoryOwner<T> _scores;
    private readonly MemoryOwner<int> _members;
    private readonly MemoryOwner<T> _weights;
    private readonly MemoryOwner<T> _sums;
    private readonly MemoryOwner<T> _maxima;
    private readonly MemoryOwner<T> _totals;

    /// <summary>Creates the buffers for n points (n padded to <paramref name="nPad"/>) in dimension d.</summary>
    public IdentityScratch(int n, int nPad, int d)
    {
        this.N = n;
        this.NPad = nPad;
        this.D = d;
        this._scores = MemoryOwner<T>.Allocate(ScoreKernel.RowBlock * nPad, AllocationMode.Clear);
        this._members = MemoryOwner<int>.Allocate(ScoreKernel.RowBlock * n);
        this._weights = MemoryOwner<T>.Allocate(ScoreKernel.RowBlock * nPad);
        this._sums = MemoryOwner<T>.Allocate(IdentityAttentionKernel.PanelRows * d);
        this._maxima = MemoryOwner<T>.Allocate(IdentityAttentionKernel.PanelRows);
        this._totals = MemoryOwner<T>.Allocate(IdentityAttentionKernel.PanelRows);
    }

    /// <summary>Bytes of scratch one thread needs for n points (padded to <paramref name="nPad"/>) in dimension d.</summary>
    public static long Bytes(int n, int nPad, int d)
        => ((long)ScoreKernel.RowBlock * (2L * nPad * System.Runtime.CompilerServices.Unsafe.SizeOf<T>() + (long)n * sizeof(int)))
            + ((long)IdentityAttentionKernel.PanelRows * (d + 2) * System.Runtime.CompilerServices.Unsafe.SizeOf<T>());

    /// <summary>Points.</summary>
    public int N { get; }

    /// <summary>n rounded up to a whole number of 512-bit vectors.</summary>
    public int NPad { get; }

    /// <summary>Dimension of a point.</summary>
    public int D { get; }

    /// <summary>The scores of a block of rows, <see cref="ScoreKernel.RowBlock"/> × NPad.</summary>
    public Span<T> Scores => this._scores.Span;

    /// <summary>The largest move of the rows this thread updated in the current layer.</summary>
    public T Change { get; set; }

    /// <summary>The largest <c>‖x_i‖_∞</c> of the rows this thread updated in the current layer.</summary>
    public T Size { get; set; }

    /// <summary>The kept members of row r of the block (indices into the current tile).</summary>
    public Span<int> Members(int r) => this._members.Span.Slice(r * this.N, this.N);

    /// <summary>The weights of the kept members of row r of the block.</summary>
    public Span<T> Weights(int r) => this._weights.Span.Slice(r * this.NPad, this.NPad);

    /// <summary>The accumulator of row r of the panel, length d (the rows' accumulators are contiguous).</summary>
    public Span<T> Sum(int r) => this._sums.Span.Slice(r * this.D, this.D);

    /// <summary>The maximum score of each row of the panel.</summary>
    public Span<T> Maxima => this._maxima.Span;

    /// <summary>The total weight of each row of the panel.</summary>
    public Span<T> Totals => this._totals.Span;

    /// <inheritdoc/>
    public void Dispose()
    {
        this._scores.Dispose();
        this._members.Dispose();
        this._weights.Dispose();
        this._sums.Dispose();
        this._maxima.Dispose();
        this._totals.Dispose();
    }
}
