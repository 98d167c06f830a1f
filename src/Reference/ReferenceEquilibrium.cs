namespace HardmaxCore.Reference;

/// <summary>The end of <see cref="ReferenceDynamics.RunToConvergence"/>: the last configuration, layers run, and whether it converged.</summary>
/// <param name="Tokens">The configuration after <paramref name="Steps"/> layers.</param>
/// <param name="Steps">The number of layers run.</param>
/// <param name="Converged">Whether the stopping criterion was met within the step cap.</param>
public sealed record ReferenceEquilibrium(double[][] Tokens, int Steps, bool Converged);
