namespace HardmaxCore.Experiments.Simulation;

/// <summary>How to run a simulation: a fixed number of layers or until converged, the precision, and what to record.</summary>
/// <param name="Steps">K layers exactly, or null to run until converged (SPEC §1.5).</param>
/// <param name="Tolerance">tol of the stopping rule <c>max_i ‖z_i^{k+1} − z_i^k‖_∞ ≤ tol·(1 + max_i ‖z_i^k‖_∞)</c>; also sets the clustering tolerance.</param>
/// <param name="MaxSteps">The step cap when running until converged.</param>
/// <param name="Precision">double or float.</param>
/// <param name="RecordTrajectory">Whether to return every layer, layer 0 first.</param>
internal sealed record SimulationSettings(int? Steps, double Tolerance, int MaxSteps, Precision Precision, bool RecordTrajectory)
{
    /// <summary>The step cap used when none is given.</summary>
    public const int DefaultMaxSteps = 10_000;

    /// <summary>The default tolerance for a precision: 1e-12 in double, 1e-6 in float (about 8 float epsilons).</summary>
    public static double DefaultTolerance(Precision precision) => precision == Precision.Float ? 1e-6 : 1e-12;
}
