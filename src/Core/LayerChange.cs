namespace HardmaxCore;

/// <summary>
/// What one layer did to a configuration: <c>max_i ‖z_i^{k+1} − z_i^k‖_∞</c> and <c>max_i ‖z_i^k‖_∞</c>, the two numbers of
/// the stopping rule (SPEC §1.5).
/// </summary>
/// <typeparam name="T">float or double; the numbers are exact in T (a maximum of absolute differences computed in T).</typeparam>
/// <param name="Change"><c>max_i ‖z_i^{k+1} − z_i^k‖_∞</c>.</param>
/// <param name="Size"><c>max_i ‖z_i^k‖_∞</c>, the size of the configuration before the layer.</param>
public readonly record struct LayerChange<T>(T Change, T Size)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// The stopping rule of SPEC §1.5, evaluated in T as <see cref="Dynamics{T}.RunToConvergence"/> evaluates it:
    /// <c>change ≤ tol·(1 + size)</c>.
    /// </summary>
    /// <param name="tolerance">tol (converted to T first).</param>
    /// <remarks>A NaN change or size never meets the rule.</remarks>
    public bool MeetsStoppingRule(double tolerance) => this.IsWithin(T.CreateTruncating(tolerance));

    /// <summary>
    /// The change between two layers of one or more configurations (same shape, row-major): the largest
    /// <c>|after[x] − before[x]|</c> and the largest <c>|before[x]|</c>; the maximum over coordinates is the maximum of the
    /// per-token sup norms, so this is the <see cref="LayerChange{T}"/> of SPEC §1.5 whatever the shape.
    /// </summary>
    /// <exception cref="ArgumentException">The two spans differ in length.</exception>
    public static LayerChange<T> Between(ReadOnlySpan<T> before, ReadOnlySpan<T> after)
    {
        if (before.Length != after.Length)
        {
            Throw.Argument_DestinationLength(nameof(after), after.Length, before.Length);
        }
        T change = T.Zero;
        T size = T.Zero;
        for (int x = 0; x < before.Length; x++)
        {
            change = T.Max(change, T.Abs(after[x] - before[x]));
            size = T.Max(size, T.Abs(before[x]));
        }
        return new LayerChange<T>(change, size);
    }

    /// <summary>The stopping rule with the tolerance already in T.</summary>
    internal bool IsWithin(T tolerance) => this.Change <= tolerance * (T.One + this.Size);
}
