namespace HardmaxCore.Kernels;

/// <summary>The layer kernels specialised for the width <typeparamref name="TSimd"/>: each member one call into <see cref="LayerKernel"/>.</summary>
/// <typeparam name="T">float or double.</typeparam>
/// <typeparam name="TSimd">The width's operations.</typeparam>
/// <typeparam name="TVec">The width's vector type.</typeparam>
internal sealed class LayerRunner<T, TSimd, TVec>(KernelVariant variant) : LayerRunner<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TSimd : ISimd<T, TVec>
    where TVec : struct
{
    /// <inheritdoc/>
    public override KernelVariant Variant { get; } = variant;

    /// <inheritdoc/>
    public override int Run(
        Span<T> z, int steps, Attention attention, in LayerParameters<T> parameters, Workspace<T> workspace,
        Span<T> trajectory, bool stopWhenWithin, T tolerance, out LayerChange<T> last, bool measureLast)
        => LayerKernel.Run<T, TSimd, TVec>(z, steps, attention, parameters, workspace, trajectory, stopWhenWithin, tolerance, out last, measureLast);

    /// <inheritdoc/>
    public override int[][] AttentionSets(ReadOnlySpan<T> z, in LayerParameters<T> parameters, Workspace<T> workspace)
        => LayerKernel.AttentionSets<T, TSimd, TVec>(z, parameters, workspace);

    /// <inheritdoc/>
    public override LayerChange<T> Layer(
        ReadOnlySpan<T> points, Span<T> next, int unique, ReadOnlySpan<T> multiplicity, Attention attention,
        in LayerParameters<T> parameters, Workspace<T> workspace, bool measure, AttentionRecord<T>? record)
        => LayerKernel.Layer<T, TSimd, TVec>(points, next, unique, multiplicity, attention, parameters, workspace, measure, record);

    /// <inheritdoc/>
    public override int Leaders(ReadOnlySpan<T> points, int count, in LayerParameters<T> parameters, Workspace<T> workspace, Span<int> leaders)
        => LayerKernel.Leaders<T, TSimd, TVec>(points, count, parameters, workspace, leaders);
}
