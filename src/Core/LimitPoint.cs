namespace HardmaxCore;

/// <summary>A group of tokens whose final positions agree within the radius of <see cref="LimitPoints.Radius{T}"/>: one limit point of the dynamics.</summary>
/// <typeparam name="T">float or double.</typeparam>
/// <param name="Point">Where the limit sits: the position of its first leader if it holds one, else the mean of its members.</param>
/// <param name="Members">The token indices, ascending.</param>
public sealed record LimitPoint<T>(T[] Point, int[] Members);
