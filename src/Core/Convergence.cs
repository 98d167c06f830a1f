namespace HardmaxCore;

/// <summary>How a run to convergence ended for one configuration (SPEC §1.5).</summary>
/// <param name="Steps">The number of layers run.</param>
/// <param name="Converged">Whether <c>max_i ‖z_i^{k+1} − z_i^k‖_∞ ≤ tol·(1 + max_i ‖z_i^k‖_∞)</c> was reached within the step cap.</param>
public readonly record struct Convergence(int Steps, bool Converged);
