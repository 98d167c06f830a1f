namespace HardmaxCore.Train.Simulation;

/// <summary>A group of tokens whose final positions agree within the clustering tolerance.</summary>
/// <typeparam name="T">float or double.</typeparam>
/// <param name="Point">Where the cluster sits: the position of its first leader if it holds one, else the mean of its members.</param>
/// <param name="Members">The token indices, ascending.</param>
internal sealed record Cluster<T>(T[] Point, int[] Members);
