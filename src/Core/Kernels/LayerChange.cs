namespace HardmaxCore.Kernels;

/// <summary>What one layer did to a configuration: <c>max_i ‖z_i⁺ − z_i‖_∞</c> and <c>max_i ‖z_i‖_∞</c> (SPEC §1.5).</summary>
internal readonly record struct LayerChange<T>(T Change, T Size)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The stopping rule <c>change ≤ tol·(1 + size)</c>.</summary>
    public bool IsWithin(T tolerance) => this.Change <= tolerance * (T.One + this.Size);
}
