using System.Numerics.Tensors;
using HardmaxCore.Kernels;

namespace HardmaxCore;

/// <summary>
/// The hardmax and softmax dynamics of SPEC §1 on batches of configurations <c>[B, n, d]</c> (row-major), vectorized
/// and spread over cores.
/// </summary>
/// <typeparam name="T"><see cref="float"/> for speed, <see cref="double"/> to check against the Reference.</typeparam>
/// <remarks>
/// Create one per shape and reuse it: its scratch buffers are made once, so layers allocate nothing. An instance is
/// not safe for concurrent calls. Identical tokens get bitwise-identical scores and updates (SPEC §1.4).
/// <code>
/// using var dynamics = new Dynamics&lt;float&gt;(tokens: 128, dimension: 16, DynamicsOptions.Default with { Alpha = 0.5 });
/// dynamics.Run(batch, steps: 8);                       // batch: B·128·16 floats, updated in place
/// int[] leaders = dynamics.Leaders(batch[..(128 * 16)]);
/// </code>
/// </remarks>
public sealed partial class Dynamics<T> : IDisposable
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly LayerParameters<T> _parameters;
    private readonly LayerRunner<T> _runner;
    private readonly int _threads;
    private Workspace<T>?[] _workspaces;

    /// <summary>Validates the options and prepares the dynamics for configurations of n tokens in dimension d.</summary>
    /// <param name="tokens">n, the number of tokens per configuration (≥ 1).</param>
    /// <param name="dimension">d, the dimension of a token (≥ 1).</param>
    /// <param name="options">α, A, tie tolerance, τ, parallelism and kernel.</param>
    /// <exception cref="NotSupportedException">T is neither <see cref="float"/> nor <see cref="double"/> (e.g. <see cref="Half"/>).</exception>
    /// <exception cref="InvalidOperationException">The kernel is <see cref="KernelVariant.Auto"/> and <c>HARDMAX_KERNEL</c> names no kernel.</exception>
    /// <exception cref="ArgumentOutOfRangeException">n or d &lt; 1; α ≤ 0 or not finite; τ ≤ 0 or not finite; tie tolerance &lt; 0 or not finite.</exception>
    /// <exception cref="ArgumentException">A is not d × d, not finite, not symmetric or not positive definite (the message says which).</exception>
    public Dynamics(int tokens, int dimension, DynamicsOptions options)
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
        {
            Throw.NotSupported_Precision(typeof(T));
        }
        if (tokens < 1)
        {
            Throw.ArgumentOutOfRange_Size(nameof(tokens), tokens);
        }
        if (dimension < 1)
        {
            Throw.ArgumentOutOfRange_Size(nameof(dimension), dimension);
        }
        if (!(options.Alpha > 0) || !double.IsFinite(options.Alpha))
        {
            Throw.ArgumentOutOfRange_Alpha(options.Alpha);
        }
        if (!(options.Temperature > 0) || !double.IsFinite(options.Temperature))
        {
            Throw.ArgumentOutOfRange_Temperature(options.Temperature);
        }
        if (!(options.TieTolerance >= 0) || !double.IsFinite(options.TieTolerance))
        {
            Throw.ArgumentOutOfRange_TieTolerance(options.TieTolerance);
        }
        KeyQueryMatrix<T> keyQuery = KeyQueryMatrix<T>.Create(options.KeyQuery, dimension);

        this.Tokens = tokens;
        this.Dimension = dimension;
        this.Options = options;
        this._runner = KernelFactory.Create<T>(options.Variant);
        this._threads = options.MaxDegreeOfParallelism > 0 ? options.MaxDegreeOfParallelism : Environment.ProcessorCount;
        this._workspaces = new Workspace<T>?[this._threads];
        this._parameters = new LayerParameters<T>(
            T.CreateTruncating(options.Alpha / (1 + options.Alpha)),
            T.CreateTruncating(options.TieTolerance),
            T.CreateTruncating(options.Temperature),
            keyQuery.Values);
    }

    /// <summary>n, the tokens per configuration.</summary>
    public int Tokens { get; }

    /// <summary>d, the dimension of a token.</summary>
    public int Dimension { get; }

    /// <summary>The options this instance was created with.</summary>
    public DynamicsOptions Options { get; }

    /// <summary>The kernel width in use (never <see cref="KernelVariant.Auto"/>).</summary>
    public KernelVariant Variant => this._runner.Variant;

    /// <summary>Values in one configuration, n·d.</summary>
    public int ConfigurationLength => this.Tokens * this.Dimension;

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (Workspace<T>? workspace in this._workspaces)
        {
            workspace?.Dispose();
        }
        this._workspaces = [];
    }

    /// <summary>The workspace of partition <paramref name="p"/>, made on first use.</summary>
    private Workspace<T> WorkspaceFor(int p)
    {
        ObjectDisposedException.ThrowIf(this._workspaces.Length == 0, this);
        return this._workspaces[p] ??= new Workspace<T>(this.Tokens, this.Dimension, this._parameters.KeyQuery is not null);
    }

    /// <summary>One layer on one configuration, in place, with the chosen kernel width.</summary>
    private void StepOne(Span<T> z, Attention attention, Workspace<T> workspace)
        => this._runner.Run(z, 1, attention, this._parameters, workspace, [], stopWhenWithin: false, T.Zero, out _, measureLast: false);

    /// <summary>The attention sets of one configuration with the chosen kernel width.</summary>
    private int[][] AttentionSetsOne(ReadOnlySpan<T> z, Workspace<T> workspace) => this._runner.AttentionSets(z, this._parameters, workspace);

    /// <summary>Checks a batch: a whole number of configurations, every value finite.</summary>
    private int ValidateBatch(ReadOnlySpan<T> batch, string name)
    {
        int length = this.ConfigurationLength;
        if (batch.Length == 0 || batch.Length % length != 0)
        {
            Throw.Argument_Shape(name, batch.Length, this.Tokens, this.Dimension);
        }
        // Fast path: a finite sum means every value is finite; otherwise find the culprit (or an overflow).
        if (!T.IsFinite(TensorPrimitives.Sum(batch)))
        {
            for (int index = 0; index < batch.Length; index++)
            {
                if (!T.IsFinite(batch[index]))
                {
                    Throw.Argument_NotFinite(name, index, this.Tokens, this.Dimension, double.CreateTruncating(batch[index]));
                }
            }
        }
        return batch.Length / length;
    }
}
