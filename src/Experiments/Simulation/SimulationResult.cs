using System.Numerics;

namespace HardmaxCore.Experiments.Simulation;

/// <summary>What <c>hardmax simulate</c> reports: the end of the run, its leaders and clusters, optionally every layer.</summary>
/// <typeparam name="T">float or double, the precision the dynamics ran in.</typeparam>
/// <param name="Tokens">n.</param>
/// <param name="Dimension">d.</param>
/// <param name="Steps">The layers run.</param>
/// <param name="Converged">Whether the last layer met the stopping rule of SPEC §1.5 (false after 0 layers).</param>
/// <param name="Final">The final configuration, row-major n × d.</param>
/// <param name="Leaders">The distinct leaders of the final configuration (Dynamics.Leaders).</param>
/// <param name="Clusters">The final tokens grouped by <see cref="LimitPoints.Group{T}"/>.</param>
/// <param name="ClusterTolerance">The ‖·‖_∞ distance used for grouping.</param>
/// <param name="Trajectory">Null, or <c>[Steps + 1, n, d]</c> row-major, layer 0 (the input) first.</param>
internal sealed record SimulationResult<T>(
    int Tokens,
    int Dimension,
    int Steps,
    bool Converged,
    T[] Final,
    int[] Leaders,
    LimitPoint<T>[] Clusters,
    double ClusterTolerance,
    T[]? Trajectory)
    where T : unmanaged, IFloatingPointIeee754<T>;
