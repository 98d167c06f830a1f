namespace HardmaxCore.Kernels;

/// <summary>
/// The layer kernels for one kernel width, chosen once (<see cref="KernelFactory.Create{T}"/>) and held by every caller, so
/// no call site switches on the width (Sep's <c>SepParserFactory.CreateBest</c>). Every width gives the same bits.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
internal abstract class LayerRunner<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The width this runner runs (never <see cref="KernelVariant.Auto"/>).</summary>
    public abstract KernelVariant Variant { get; }

    /// <summary>See <see cref="LayerKernel.Run{T, TSimd, TVec}"/>.</summary>
    public abstract int Run(
        Span<T> z, int steps, Attention attention, in LayerParameters<T> parameters, Workspace<T> workspace,
        Span<T> trajectory, bool stopWhenWithin, T tolerance, out LayerChange<T> last, bool measureLast);

    /// <summary>See <see cref="LayerKernel.AttentionSets{T, TSimd, TVec}"/>.</summary>
    public abstract int[][] AttentionSets(ReadOnlySpan<T> z, in LayerParameters<T> parameters, Workspace<T> workspace);

    /// <summary>See <see cref="LayerKernel.Layer{T, TSimd, TVec}"/>.</summary>
    public abstract LayerChange<T> Layer(
        ReadOnlySpan<T> points, Span<T> next, int unique, ReadOnlySpan<T> multiplicity, Attention attention,
        in LayerParameters<T> parameters, Workspace<T> workspace, bool measure, AttentionRecord<T>? record);

    /// <summary>See <see cref="LayerKernel.Leaders{T, TSimd, TVec}"/>.</summary>
    public abstract int Leaders(ReadOnlySpan<T> points, int count, in LayerParameters<T> parameters, Workspace<T> workspace, Span<int> leaders);
}
