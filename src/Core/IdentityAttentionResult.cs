namespace HardmaxCore;

/// <summary>How a run of identity attention ended (SPEC §6.1, stopping rule of SPEC §1.5).</summary>
/// <param name="Layers">The number of layers run.</param>
/// <param name="Converged">
/// Whether the last layer moved no point by more than <c>tol·(1 + max_i ‖x_i‖_∞)</c> (always false when no tolerance was given).
/// </param>
/// <param name="LastChange">The largest move of the last layer, <c>max_i ‖x_i⁺ − x_i‖_∞</c> (0 when no layer ran).</param>
public readonly record struct IdentityAttentionResult(int Layers, bool Converged, double LastChange);
