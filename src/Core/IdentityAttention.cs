using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using HardmaxCore.Kernels;

namespace HardmaxCore;

/// <summary>
/// Identity attention on one point cloud (SPEC §6.1): key, query and value the identity, inverse temperature β, no
/// residual, <c>x_i⁺ = Σ_j softmax_j(β·k(x_i, x_j)) · x_j</c> for every i at once, with <c>k(x, y) = ⟨x, y⟩</c> (dot, [MBM])
/// or <c>⟨x, y⟩ − ‖y‖²/2</c> (gaussian: Gaussian blurring mean shift). Iterated, it quantizes the cloud in context.
/// </summary>
/// <typeparam name="T"><see cref="float"/> for speed, <see cref="double"/> to check against the Reference.</typeparam>
/// <remarks>
/// <para>It is the softmax layer of SPEC §1.3 with τ = 1/β and α/(1+α) = 1, computed by a fused kernel
/// (<c>IdentityAttentionKernel</c>): scores as FMA chains in ascending k; weights <c>exp((s_ij − c_i)·β)</c> from the Core's
/// float (or double) exponential, with the shift c_i the row's own score (or its maximum, when the own score is more than
/// 16/β below it); weights under the smallest normal number dropped; and the update
/// <c>x_i + Σ_j w_j (x_j − x_i) / Σ_j w_j</c>, summed in two chains (even and odd columns) joined at the end.</para>
/// <para>Memory is O(n·d): scores are made for a block of four rows and a strip of 256 columns at a time (never an n × n
/// matrix), turned into weights and summed while they are in L1, never stored or recomputed; the columns are cut into tiles
/// of 4096 so that what a core works on stays in its cache. Panels of 64 rows are spread over cores, each thread with its
/// own scratch; a row's arithmetic does not depend on the thread, the panel or the tile, so the result has the same bits for
/// any <see cref="IdentityAttentionOptions.MaxDegreeOfParallelism"/> and any <see cref="IdentityAttentionOptions.Variant"/>.
/// A layer costs about 4n²d flops. An instance is not safe for concurrent calls.</para>
/// <code>
/// using var layer = new IdentityAttention&lt;float&gt;(points: n, dimension: d, IdentityAttentionOptions.Default with { Beta = 4 });
/// IdentityAttentionResult run = layer.Run(x, layers: 50, tolerance: 1e-6);   // x: n·d floats, updated in place
/// int[] cluster = PointGrouping.Group&lt;float&gt;(x, d, radius: 1e-4, out int clusters);
/// </code>
/// </remarks>
public sealed class IdentityAttention<T> : IDisposable
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _beta;
    private readonly int _threads;
    private readonly int _nPad;
    private readonly int _scoreDimension;
    private readonly AlignedBuffer<T> _points;
    private readonly AlignedBuffer<T> _queries;
    private readonly AlignedBuffer<T> _transposed;
    private IdentityScratch<T>?[] _scratch;

    /// <summary>The next row block not yet taken in the current layer.</summary>
    private int _nextBlock;

    /// <summary>Validates the options and prepares the layer for clouds of n points in dimension d.</summary>
    /// <param name="points">n, the number of points (≥ 1).</param>
    /// <param name="dimension">d, the dimension of a point (≥ 1).</param>
    /// <param name="options">β, kernel, parallelism and kernel width.</param>
    /// <exception cref="ArgumentOutOfRangeException">n or d &lt; 1; β ≤ 0, NaN or infinite, or 1/β not a normal number of T.</exception>
    /// <exception cref="ArgumentException">n·d too large for one array, or the scratch memory more than is available.</exception>
    public IdentityAttention(int points, int dimension, IdentityAttentionOptions options)
    {
        if (points < 1)
        {
            Throw.ArgumentOutOfRange_Size(nameof(points), points);
        }
        if (dimension < 1)
        {
            Throw.ArgumentOutOfRange_Size(nameof(dimension), dimension);
        }
        if (!(options.Beta > 0) || !double.IsFinite(options.Beta))
        {
            Throw.ArgumentOutOfRange_Beta(options.Beta);
        }
        T temperature = T.CreateTruncating(1 / options.Beta);
        if (!T.IsNormal(temperature) || !T.IsNormal(T.CreateTruncating(options.Beta)))
        {
            Throw.ArgumentOutOfRange_BetaPrecision(options.Beta, PrecisionName);
        }
        int lanes = Vector512<T>.Count;
        long nPad = ((long)points + lanes - 1) / lanes * lanes;
        int scoreDimension = options.Kernel == IdentityKernel.Gaussian ? dimension + 1 : dimension;
        long values = (long)points * dimension;
        if (values > int.MaxValue)
        {
            Throw.Argument_TooLarge($"A cloud of {points} points in dimension {dimension}", values);
        }
        if (nPad * scoreDimension > int.MaxValue)
        {
            Throw.Argument_TooLarge($"The transposed keys of {points} points in dimension {dimension}", nPad * scoreDimension);
        }
        int threads = options.MaxDegreeOfParallelism > 0 ? options.MaxDegreeOfParallelism : Environment.ProcessorCount;
        int panelRows = IdentityAttentionKernel.PanelRowsFor<T>(points, dimension, scoreDimension);
        threads = (int)Math.Min(threads, (points + panelRows - 1) / panelRows);
        long size = Unsafe.SizeOf<T>();
        long bytes = (values + nPad * scoreDimension + (scoreDimension > dimension ? (long)points * scoreDimension : 0)) * size
            + threads * IdentityScratch<T>.Bytes(points, (int)nPad, dimension);
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (bytes > available / 2)
        {
            Throw.Argument_OutOfMemory($"Identity attention on {points} points in dimension {dimension} with {threads} threads", bytes, available / 2);
        }

        this.Points = points;
        this.Dimension = dimension;
        this.Options = options;
        this.Variant = KernelFactory.Resolve(options.Variant);
        this._beta = T.CreateTruncating(options.Beta);
        this._threads = threads;
        this._nPad = (int)nPad;
        this._scoreDimension = scoreDimension;
        // On 64-byte boundaries: with d = 16 floats every point, and every vector of keys, is then one cache line.
        this._points = new AlignedBuffer<T>((int)values);
        this._queries = new AlignedBuffer<T>(scoreDimension > dimension ? points * scoreDimension : 0);
        // The padding columns n..NPad−1 stay zero: the score kernel masks them out of the maxima and FindAtLeast skips them.
        this._transposed = new AlignedBuffer<T>((int)nPad * scoreDimension);
        this._scratch = new IdentityScratch<T>?[threads];
        this.Tile = IdentityAttentionKernel.TileFor<T>(points);
        this.PanelRows = panelRows;
    }

    /// <summary>n, the number of points.</summary>
    public int Points { get; }

    /// <summary>d, the dimension of a point.</summary>
    public int Dimension { get; }

    /// <summary>The options this instance was created with.</summary>
    public IdentityAttentionOptions Options { get; }

    /// <summary>The kernel width in use (never <see cref="KernelVariant.Auto"/>).</summary>
    public KernelVariant Variant { get; }

    /// <summary>
    /// Columns per tile (<see cref="IdentityAttentionKernel.TileFor{T}"/>: <see cref="IdentityAttentionKernel.TileColumns"/>).
    /// The bits do not depend on it; tests set it small to prove that.
    /// </summary>
    internal int Tile { get; set; }

    /// <summary>
    /// Rows per panel, 1 to <see cref="IdentityAttentionKernel.PanelRows"/> (<see cref="IdentityAttentionKernel.PanelRowsFor{T}"/>).
    /// The bits do not depend on it; tests set it to prove that.
    /// </summary>
    internal int PanelRows { get; set; }

    /// <summary>The threads one layer is spread over (at most one per panel of rows).</summary>
    public int Threads => this._threads;

    /// <summary>"float" or "double", for messages.</summary>
    private static string PrecisionName => typeof(T) == typeof(float) ? "float" : typeof(T) == typeof(double) ? "double" : typeof(T).Name;

    /// <summary>One layer, in place: <c>x_i⁺ = Σ_j softmax_j(β·k(x_i, x_j)) x_j</c> for every i at once (SPEC §6.1).</summary>
    /// <param name="x">The cloud, row-major n × d; receives the next layer.</param>
    /// <returns>The largest move, <c>max_i ‖x_i⁺ − x_i‖_∞</c>.</returns>
    /// <remarks>same as: <c>ReferenceIdentityAttention.Step(x, n, d, β, gaussian)</c>, in the precision T.</remarks>
    /// <exception cref="ArgumentException">x is not n·d values, holds a NaN or an infinity, or a point whose ‖x‖² overflows the scores.</exception>
    public T Step(Span<T> x)
    {
        this.Validate(x, nameof(x));
        return this.Layer(x).Change;
    }

    /// <summary>
    /// Runs <paramref name="layers"/> layers in place, or, when <paramref name="tolerance"/> &gt; 0, stops after the first layer
    /// whose largest move is ≤ <c>tol·(1 + max_i ‖x_i‖_∞)</c> (SPEC §1.5; the norm of the layer's input).
    /// </summary>
    /// <param name="x">The cloud, row-major n × d, updated in place.</param>
    /// <param name="layers">L, the number of layers, or the cap when stopping at convergence (≥ 0).</param>
    /// <param name="tolerance">tol ≥ 0; 0 runs exactly L layers (then <see cref="IdentityAttentionResult.Converged"/> is false).</param>
    /// <param name="progress">Called after each layer with the number of layers done.</param>
    /// <exception cref="ArgumentException">x is not n·d values, holds a NaN or an infinity, or a point whose ‖x‖² overflows the scores.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="layers"/> &lt; 0, or <paramref name="tolerance"/> negative or not finite.</exception>
    public IdentityAttentionResult Run(Span<T> x, int layers, double tolerance = 0, Action<int>? progress = null)
    {
        this.Validate(x, nameof(x));
        if (layers < 0)
        {
            Throw.ArgumentOutOfRange_Steps(nameof(layers), layers);
        }
        if (!(tolerance >= 0) || !double.IsFinite(tolerance))
        {
            Throw.ArgumentOutOfRange_Tolerance(tolerance);
        }
        T tol = T.CreateTruncating(tolerance);
        LayerChange<T> last = default;
        int k = 0;
        bool converged = false;
        while (k < layers)
        {
            // Layers after the first need no validation: each point is a convex combination of the previous ones.
            last = this.Layer(x);
            k++;
            progress?.Invoke(k);
            if (tolerance > 0 && last.IsWithin(tol))
            {
                converged = true;
                break;
            }
        }
        return new IdentityAttentionResult(k, converged, double.CreateTruncating(last.Change));
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (IdentityScratch<T>? scratch in this._scratch)
        {
            scratch?.Dispose();
        }
        this._scratch = [];
        this._points.Dispose();
        this._queries.Dispose();
        this._transposed.Dispose();
    }

    /// <summary>Checks a cloud: n·d values, every one finite, every ‖x_i‖² (and so every score) finite with room to spare.</summary>
    private void Validate(ReadOnlySpan<T> x, string name)
    {
        ObjectDisposedException.ThrowIf(this._scratch.Length == 0, this);
        int d = this.Dimension;
        if (x.Length != this.Points * d)
        {
            Throw.Argument_Shape(name, x.Length, this.Points, d);
        }
        if (!T.IsFinite(TensorPrimitives.Sum(x)))
        {
            for (int index = 0; index < x.Length; index++)
            {
                if (!T.IsFinite(x[index]))
                {
                    Throw.Argument_NotFinite(name, index, this.Points, d, double.CreateTruncating(x[index]));
                }
            }
        }
        // |s_ij| ≤ ‖x_i‖‖x_j‖ + ‖x_j‖²/2 ≤ 1.5·max‖x‖² (Cauchy–Schwarz, every partial FMA sum included): below MaxValue/4 they are finite.
        T limit = T.CreateTruncating((typeof(T) == typeof(float) ? float.MaxValue : double.MaxValue) / 4);
        for (int i = 0; i < this.Points; i++)
        {
            T squared = SquaredNorm(x.Slice(i * d, d));
            if (!(squared <= limit))
            {
                Throw.Argument_NormOverflow(name, i, double.CreateTruncating(squared), PrecisionName);
            }
        }
    }

    /// <summary><c>‖x‖²</c> as the score kernel computes <c>⟨x, x⟩</c>: one FMA chain in ascending k.</summary>
    private static T SquaredNorm(ReadOnlySpan<T> x)
    {
        T sum = T.Zero;
        foreach (T value in x)
        {
            sum = T.FusedMultiplyAdd(value, value, sum);
        }
        return sum;
    }

    /// <summary>One layer on a validated cloud: copies it, forms the keys, and spreads the row blocks over the threads.</summary>
    private unsafe LayerChange<T> Layer(Span<T> x)
    {
        int n = this.Points;
        int d = this.Dimension;
        Span<T> points = this._points.Span;
        x.CopyTo(points);
        this.PrepareKeys(points);
        int blocks = (n + this.PanelRows - 1) / this.PanelRows;
        int threads = this._threads;
        this._nextBlock = 0;
        fixed (T* destination = x)
        {
            nint address = (nint)destination;
            if (threads == 1)
            {
                this.TakeBlocks(0, address, blocks, blocks);
            }
            else
            {
                this.TakeBlocksInParallel(threads, address, blocks);
            }
        }
        T change = T.Zero;
        T size = T.Zero;
        for (int t = 0; t < threads; t++)
        {
            IdentityScratch<T>? scratch = this._scratch[t];
            if (scratch is not null)
            {
                change = T.Max(change, scratch.Change);
                size = T.Max(size, scratch.Size);
            }
        }
        return new LayerChange<T>(change, size);
    }

    /// <summary>Xᵀ into the shared keys; for gaussian also the bias row −‖x_j‖²/2 and the queries (x_i, 1).</summary>
    /// <remarks>same as: <c>key[k, j] = x[j, k]</c>; <c>key[d, j] = −‖x_j‖²/2</c>, <c>q_i = (x_i, 1)</c>.</remarks>
    private void PrepareKeys(ReadOnlySpan<T> points)
    {
        int n = this.Points;
        int d = this.Dimension;
        int nPad = this._nPad;
        Span<T> transposed = this._transposed.Span;
        for (int k = 0; k < d; k++)
        {
            Span<T> row = transposed.Slice(k * nPad, n);
            for (int j = 0; j < n; j++)
            {
                row[j] = points[j * d + k];
            }
        }
        if (this._scoreDimension == d)
        {
            return;
        }
        Span<T> bias = transposed.Slice(d * nPad, n);
        Span<T> queries = this._queries.Span;
        T minusHalf = T.CreateTruncating(-0.5);
        for (int j = 0; j < n; j++)
        {
            ReadOnlySpan<T> xj = points.Slice(j * d, d);
            bias[j] = minusHalf * SquaredNorm(xj);
            xj.CopyTo(queries.Slice(j * (d + 1), d));
            queries[j * (d + 1) + d] = T.One;
        }
    }

    /// <summary>
    /// The row panels over <paramref name="threads"/> threads, one panel at a time, so that they finish together (within one
    /// panel: under 1% of a layer once there are 100 panels) even when a core is busy with something else; taking a panel
    /// costs one interlocked addition against its 64·n or 256·n pairs. (A method of its own: the lambda's closure is then allocated
    /// only here, not on every layer of a one-thread run.)
    /// </summary>
    private void TakeBlocksInParallel(int threads, nint destination, int blocks)
    {
        const int chunk = 1;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t => this.TakeBlocks(t, destination, blocks, chunk));
    }

    /// <summary>Takes chunks of row panels until none are left, running them with the scratch of thread <paramref name="t"/>.</summary>
    private unsafe void TakeBlocks(int t, nint destination, int blocks, int chunk)
    {
        IdentityScratch<T> scratch = this._scratch[t] ??= new IdentityScratch<T>(this.Points, this._nPad, this.Dimension);
        int n = this.Points;
        var next = new Span<T>((T*)destination, n * this.Dimension);
        T change = T.Zero;
        T size = T.Zero;
        while (true)
        {
            int start = Interlocked.Add(ref this._nextBlock, chunk) - chunk;
            if (start >= blocks)
            {
                break;
            }
            int end = Math.Min(blocks, start + chunk);
            for (int b = start; b < end; b++)
            {
                int i0 = b * this.PanelRows;
                LayerChange<T> block = this.Panel(next, i0, Math.Min(this.PanelRows, n - i0), scratch);
                change = T.Max(change, block.Change);
                size = T.Max(size, block.Size);
            }
        }
        scratch.Change = change;
        scratch.Size = size;
    }

    /// <summary>One panel of rows with the chosen kernel width.</summary>
    private LayerChange<T> Panel(Span<T> next, int i0, int rows, IdentityScratch<T> scratch)
    {
        ReadOnlySpan<T> points = this._points.Span;
        ReadOnlySpan<T> queries = this._scoreDimension == this.Dimension ? points : this._queries.Span;
        ReadOnlySpan<T> keys = this._transposed.Span;
        int d = this.Dimension;
        return this.Variant switch
        {
            KernelVariant.Scalar => IdentityAttentionKernel.Panel<T, ScalarSimd<T>, T>(
                points, queries, keys, d, this._scoreDimension, this._nPad, this.Points, this._beta, next, i0, rows, this.Tile, scratch),
            KernelVariant.Vector256 => IdentityAttentionKernel.Panel<T, Vector256Simd<T>, Vector256<T>>(
                points, queries, keys, d, this._scoreDimension, this._nPad, this.Points, this._beta, next, i0, rows, this.Tile, scratch),
            _ => IdentityAttentionKernel.Panel<T, Vector512Simd<T>, Vector512<T>>(
                points, queries, keys, d, this._scoreDimension, this._nPad, this.Points, this._beta, next, i0, rows, this.Tile, scratch),
        };
    }
}
