using HardmaxCore.Kernels;

namespace HardmaxCore;

/// <summary>
/// One hardmax or softmax layer on U distinct points with multiplicities (SPEC §1.4), the very kernel
/// <see cref="Dynamics{T}"/> runs after merging identical tokens, for callers that merge tokens themselves, change α
/// between calls, or need the attention weights (a backward pass, as the sentiment classifier's training does).
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
/// <remarks>
/// <para>For points <c>x_u</c> with multiplicities <c>c_u</c> (the configuration has <c>c_u</c> tokens equal to <c>x_u</c>),
/// one layer is <c>x_u⁺ = x_u + α/(1+α)·Σ_v w_uv (x_v − x_u) / Σ_v w_uv</c> with <c>w_uv = c_v</c> on the attention set
/// (hardmax, SPEC §1.2) or <c>w_uv = c_v·exp((s_uv − m_u)/τ)</c> (softmax, SPEC §1.3, terms under the smallest normal number
/// dropped). Given the points of a configuration in order of first appearance, each with its number of copies, the result
/// is bit for bit what <see cref="Dynamics{T}.Step"/> gives those tokens, with the same options and every kernel width.</para>
/// <para>One instance holds the scratch memory of one thread; it is not safe for concurrent calls. A layer allocates nothing.</para>
/// <code>
/// using var layer = new PointLayer&lt;float&gt;(capacity: 128, dimension: 16, DynamicsOptions.Default);
/// var record = new AttentionRecord&lt;float&gt;(capacity: 128);
/// LayerChange&lt;float&gt; change = layer.Step(points, multiplicity, next, alpha: 0.5, Attention.Softmax, record);
/// </code>
/// </remarks>
public sealed class PointLayer<T> : IDisposable
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly LayerRunner<T> _runner;
    private readonly Workspace<T> _workspace;
    private readonly T _tieTolerance;
    private readonly T _temperature;
    private readonly T[]? _keyQuery;
    private bool _disposed;

    /// <summary>Prepares layers on up to <paramref name="capacity"/> points of dimension <paramref name="dimension"/>.</summary>
    /// <param name="capacity">The most points a layer will have (≥ 1), e.g. n, the tokens per configuration.</param>
    /// <param name="dimension">d (≥ 1).</param>
    /// <param name="options">A, the tie tolerance, τ and the kernel width; α is given to each <see cref="Step"/> (training changes it);
    /// the parallelism is unused (one layer runs on the calling thread).</param>
    /// <exception cref="NotSupportedException">T is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    /// <exception cref="InvalidOperationException">The kernel is <see cref="KernelVariant.Auto"/> and <c>HARDMAX_KERNEL</c> names no kernel.</exception>
    /// <exception cref="ArgumentOutOfRangeException">capacity or d &lt; 1; τ ≤ 0 or not finite; tie tolerance &lt; 0 or not finite.</exception>
    /// <exception cref="ArgumentException">A is not d × d, not finite, not symmetric or not positive definite.</exception>
    public PointLayer(int capacity, int dimension, DynamicsOptions options)
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
        {
            Throw.NotSupported_Precision(typeof(T));
        }
        if (capacity < 1)
        {
            Throw.ArgumentOutOfRange_Size(nameof(capacity), capacity);
        }
        if (dimension < 1)
        {
            Throw.ArgumentOutOfRange_Size(nameof(dimension), dimension);
        }
        if (!(options.Temperature > 0) || !double.IsFinite(options.Temperature))
        {
            Throw.ArgumentOutOfRange_Temperature(options.Temperature);
        }
        if (!(options.TieTolerance >= 0) || !double.IsFinite(options.TieTolerance))
        {
            Throw.ArgumentOutOfRange_TieTolerance(options.TieTolerance);
        }
        this._keyQuery = KeyQueryMatrix<T>.Create(options.KeyQuery, dimension).Values;
        this._runner = KernelFactory.Create<T>(options.Variant);
        this._tieTolerance = T.CreateTruncating(options.TieTolerance);
        this._temperature = T.CreateTruncating(options.Temperature);
        this._workspace = new Workspace<T>(capacity, dimension, this._keyQuery is not null);
        this.Capacity = capacity;
        this.Dimension = dimension;
    }

    /// <summary>The most points a layer may have.</summary>
    public int Capacity { get; }

    /// <summary>d, the dimension of a point.</summary>
    public int Dimension { get; }

    /// <summary>The kernel width in use (never <see cref="KernelVariant.Auto"/>).</summary>
    public KernelVariant Variant => this._runner.Variant;

    /// <summary>
    /// One layer: <paramref name="next"/> = Step(<paramref name="points"/>), the U = <c>multiplicity.Length</c> points each weighted
    /// by its multiplicity; returns the layer's change (SPEC §1.5).
    /// </summary>
    /// <param name="points">U points, row-major, d each (only the first U·d values are read). Distinct points give the Core's bits;
    /// equal ones are allowed (they are simply not merged).</param>
    /// <param name="multiplicity">c_u &gt; 0 for each point: how many tokens it stands for (1 for plain points).</param>
    /// <param name="next">Receives the U points of the next layer (the first U·d values); must not overlap <paramref name="points"/>.</param>
    /// <param name="alpha">α ≥ 0 (0 leaves the points where they are); the step is <c>α/(1+α)</c> computed in double, then rounded to T,
    /// as <see cref="Dynamics{T}"/> does.</param>
    /// <param name="attention">Hardmax or softmax.</param>
    /// <param name="record">If given, receives each row's kept columns, raw weights and total.</param>
    /// <exception cref="ArgumentOutOfRangeException">U &gt; <see cref="Capacity"/>; α &lt; 0 or not finite.</exception>
    /// <exception cref="ArgumentException"><paramref name="points"/> or <paramref name="next"/> shorter than U·d; a record of smaller capacity.</exception>
    /// <exception cref="ObjectDisposedException">The layer was disposed.</exception>
    /// <remarks>The points are not checked for NaN or infinities (a training loop calls this millions of times); a NaN gives NaN rows.</remarks>
    public LayerChange<T> Step(
        ReadOnlySpan<T> points, ReadOnlySpan<T> multiplicity, Span<T> next, double alpha, Attention attention = Attention.Hardmax,
        AttentionRecord<T>? record = null)
    {
        ObjectDisposedException.ThrowIf(this._disposed, this);
        int count = multiplicity.Length;
        int length = count * this.Dimension;
        if (count > this.Capacity)
        {
            Throw.ArgumentOutOfRange_Count(nameof(multiplicity), count, this.Capacity);
        }
        if (points.Length < length)
        {
            Throw.Argument_DestinationLength(nameof(points), points.Length, length);
        }
        if (next.Length < length)
        {
            Throw.Argument_DestinationLength(nameof(next), next.Length, length);
        }
        if (!(alpha >= 0) || !double.IsFinite(alpha))
        {
            Throw.ArgumentOutOfRange_StepAlpha(alpha);
        }
        if (record is not null && record.Capacity < count)
        {
            Throw.Argument_DestinationLength(nameof(record), record.Capacity, count);
        }
        var parameters = new LayerParameters<T>(T.CreateTruncating(alpha / (1 + alpha)), this._tieTolerance, this._temperature, this._keyQuery);
        return this._runner.Layer(points[..length], next[..length], count, multiplicity, attention, parameters, this._workspace, true, record);
    }

    /// <summary>
    /// The leaders among the first <paramref name="count"/> points: u with <c>u ∈ C_u</c> (SPEC §1.5), from the same scores as
    /// <see cref="Step"/>, ascending. Points should be distinct (equal points are leaders or not together).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> &lt; 0 or &gt; <see cref="Capacity"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="points"/> shorter than count·d.</exception>
    /// <exception cref="ObjectDisposedException">The layer was disposed.</exception>
    public int[] Leaders(ReadOnlySpan<T> points, int count)
    {
        ObjectDisposedException.ThrowIf(this._disposed, this);
        if ((uint)count > (uint)this.Capacity)
        {
            Throw.ArgumentOutOfRange_Count(nameof(count), count, this.Capacity);
        }
        if (points.Length < count * this.Dimension)
        {
            Throw.Argument_DestinationLength(nameof(points), points.Length, (long)count * this.Dimension);
        }
        var parameters = new LayerParameters<T>(T.Zero, this._tieTolerance, this._temperature, this._keyQuery);
        Span<int> leaders = this._workspace.Members;
        int found = this._runner.Leaders(points[..(count * this.Dimension)], count, parameters, this._workspace, leaders);
        return leaders[..found].ToArray();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!this._disposed)
        {
            this._disposed = true;
            this._workspace.Dispose();
        }
    }
}
