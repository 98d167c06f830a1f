using System.Runtime.Intrinsics;
using CommunityToolkit.HighPerformance.Buffers;

namespace HardmaxCore.Kernels;

/// <summary>
/// Scratch memory for one configuration at a time, made once per thread and reused for every layer, so a
/// layer allocates nothing. Buffers are pooled; the padding of <see cref="Transposed"/> is cleared once and never written.
/// </summary>
/// <remarks>
/// <c>Transposed</c> holds Zᵀ as d rows of <c>NPad</c> columns: column j is token j, columns n..NPad−1 are zero.
/// <code>
///            j = 0 .. n−1        n .. NPad−1
///   k = 0   [ z_0,0 … z_n−1,0 | 0 … 0 ]
///   k = d−1 [ z_0,d−1 …       | 0 … 0 ]
/// </code>
/// </remarks>
internal sealed class Workspace<T> : IDisposable
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly MemoryOwner<T> _old;
    private readonly MemoryOwner<T> _queries;
    private readonly MemoryOwner<T> _transposed;
    private readonly MemoryOwner<T> _scores;
    private readonly MemoryOwner<T> _weights;
    private readonly MemoryOwner<T> _sum;
    private readonly MemoryOwner<int> _members;

    /// <summary>Creates the buffers for configurations of <paramref name="n"/> tokens in dimension <paramref name="d"/>.</summary>
    public Workspace(int n, int d, bool needsQueries)
    {
        this.N = n;
        this.D = d;
        // Padded to a whole number of the widest vector, so every kernel width runs without a scalar tail.
        int lanes = Vector512<T>.Count;
        this.NPad = (n + lanes - 1) / lanes * lanes;
        this._old = MemoryOwner<T>.Allocate(n * d);
        this._queries = MemoryOwner<T>.Allocate(needsQueries ? n * d : 0);
        this._transposed = MemoryOwner<T>.Allocate(d * this.NPad, AllocationMode.Clear);
        this._scores = MemoryOwner<T>.Allocate(ScoreKernel.RowBlock * this.NPad, AllocationMode.Clear);
        this._weights = MemoryOwner<T>.Allocate(this.NPad, AllocationMode.Clear);
        this._sum = MemoryOwner<T>.Allocate(d);
        this._members = MemoryOwner<int>.Allocate(n);
    }

    /// <summary>Tokens per configuration.</summary>
    public int N { get; }

    /// <summary>Dimension of a token.</summary>
    public int D { get; }

    /// <summary>n rounded up to a whole number of 512-bit vectors.</summary>
    public int NPad { get; }

    /// <summary>The configuration at the start of the layer, row-major n × d.</summary>
    public Span<T> Old => this._old.Span;

    /// <summary><c>A z_i</c> for every token, row-major n × d (empty when A = I).</summary>
    public Span<T> Queries => this._queries.Span;

    /// <summary>Zᵀ, d × NPad with zero padding.</summary>
    public Span<T> Transposed => this._transposed.Span;

    /// <summary>Scores of a block of rows, <see cref="ScoreKernel.RowBlock"/> × NPad.</summary>
    public Span<T> Scores => this._scores.Span;

    /// <summary>Softmax weights of one row.</summary>
    public Span<T> Weights => this._weights.Span;

    /// <summary>An accumulator of length d.</summary>
    public Span<T> Sum => this._sum.Span;

    /// <summary>The members of one attention set.</summary>
    public Span<int> Members => this._members.Span;

    /// <inheritdoc/>
    public void Dispose()
    {
        this._old.Dispose();
        this._queries.Dispose();
        this._transposed.Dispose();
        this._scores.Dispose();
        this._weights.Dispose();
        this._sum.Dispose();
        this._members.Dispose();
    }
}
