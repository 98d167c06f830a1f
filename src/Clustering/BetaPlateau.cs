namespace HardmaxCore.Clustering;

/// <summary>A maximal run of grid values with one cluster count.</summary>
/// <param name="First">The index of its first grid value.</param>
/// <param name="Last">The index of its last grid value.</param>
/// <param name="Clusters">The count.</param>
/// <param name="Beta">Its geometric middle, √(β_first·β_last).</param>
/// <param name="Eligible">Whether it can be suggested: more than one cluster, fewer than n/2, and at most half of the points in groups below the minimum share.</param>
public readonly record struct BetaPlateau(int First, int Last, int Clusters, double Beta, bool Eligible);
