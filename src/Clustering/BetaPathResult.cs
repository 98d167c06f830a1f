namespace HardmaxCore.Clustering;

/// <summary>What <see cref="BetaPath.Run"/> found.</summary>
/// <param name="Steps">The grid, in increasing β.</param>
/// <param name="Plateaus">The plateaus, in grid order.</param>
/// <param name="Suggested">The widest eligible plateau (the first on a tie: fewer clusters), or null.</param>
/// <param name="Reason">One line: the suggestion and why.</param>
public sealed record BetaPathResult(BetaPathStep[] Steps, BetaPlateau[] Plateaus, BetaPlateau? Suggested, string Reason);
