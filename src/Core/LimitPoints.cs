using System.Numerics;

namespace HardmaxCore;

/// <summary>
/// The distinct limit points of a run of the hardmax dynamics (every token converges to one; docs/mathematics.md, P4): the final tokens grouped by single linkage at a
/// radius δ derived from the stopping tolerance, the step and the scale.
/// </summary>
/// <remarks>
/// <code>
/// double scale = LimitPoints.Scale&lt;double&gt;(z);                       // max_i ‖z_i‖_∞ of the final configuration
/// double radius = LimitPoints.Radius&lt;double&gt;(alpha: 0.5, tolerance: 1e-12, scale);
/// LimitPoint&lt;double&gt;[] limits = LimitPoints.Group&lt;double&gt;(z, d, leaders, radius);
/// </code>
/// </remarks>
public static class LimitPoints
{
    /// <summary>
    /// δ, the distance ‖z_i − z_j‖_∞ within which two final tokens are taken to share a limit:
    /// <c>δ = 10 · (1+α)/α · max(tol, ε) · (1 + scale)</c>, scale = <c>max_i ‖z_i‖_∞</c>, ε the machine epsilon of T.
    /// </summary>
    /// <remarks>
    /// Derivation. Once attention sets have settled, a token attending a fixed point L moves as
    /// <c>z⁺ − L = (z − L)/(1+α)</c> (a follower of a fixed point contracts by 1/(1+α) per layer), so after a step whose change is c it is still c/α from L. The run stops
    /// when <c>c ≤ tol·(1 + scale)</c>, hence every token is within <c>tol·(1+scale)/α</c> of its limit and two tokens with
    /// the same limit within twice that. In rounding arithmetic, a token stalls once the update
    /// <c>α/(1+α)·(L − z)</c> rounds to nothing, i.e. up to <c>(1+α)/(2α)</c> ulps from L, so two tokens may stall
    /// <c>(1+α)/α·ε·(1+scale)</c> apart. <c>2·(1+α)/α·max(tol, ε)·(1+scale)</c> covers both; the factor 10 (5 on top of
    /// the 2) leaves room for the slower transient just after the attention sets settle. For α = 0.5 and tol = 1e-12 this
    /// is 3e-11·(1+scale), far below the gaps between limit points of any configuration one would simulate.
    /// </remarks>
    public static double Radius<T>(double alpha, double tolerance, double scale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double epsilon = double.CreateTruncating(MachineEpsilon<T>());
        return 10 * (1 + alpha) / alpha * Math.Max(tolerance, epsilon) * (1 + scale);
    }

    /// <summary>The scale of a configuration, <c>max_i ‖z_i‖_∞</c>.</summary>
    public static double Scale<T>(ReadOnlySpan<T> z)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double scale = 0;
        foreach (T value in z)
        {
            scale = Math.Max(scale, Math.Abs(double.CreateTruncating(value)));
        }
        return scale;
    }

    /// <summary>
    /// Groups tokens whose final positions are within <paramref name="radius"/> of each other in ‖·‖_∞, transitively
    /// (single linkage, <see cref="PointGrouping.Group"/>: a hash grid, O(n log n), not a pairwise scan). Clusters come in
    /// order of their first member.
    /// </summary>
    /// <remarks>
    /// δ is far below the gaps between limit points (see <see cref="Radius{T}"/>), so on a converged run this is the same
    /// partition as comparing each token with the first member of each cluster, the rule used before.
    /// </remarks>
    /// <param name="z">The final configuration, row-major n × d.</param>
    /// <param name="d">The dimension.</param>
    /// <param name="leaders">The leaders of <paramref name="z"/> (their positions become the cluster points).</param>
    /// <param name="radius">δ from <see cref="Radius{T}"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="leaders"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">d &lt; 1, or δ negative, NaN or infinite.</exception>
    /// <exception cref="ArgumentException">The length is not a multiple of d, or a coordinate is NaN or infinite.</exception>
    public static LimitPoint<T>[] Group<T>(ReadOnlySpan<T> z, int d, IReadOnlyCollection<int> leaders, double radius)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(leaders);
        int[] group = PointGrouping.Group(z, d, radius, out int count);
        var members = new List<int>[count];
        for (int i = 0; i < group.Length; i++)
        {
            (members[group[i]] ??= []).Add(i);
        }
        var leaderSet = leaders as IReadOnlySet<int> ?? leaders.ToHashSet();
        var limits = new LimitPoint<T>[count];
        for (int c = 0; c < limits.Length; c++)
        {
            limits[c] = new LimitPoint<T>(Point(z, d, members[c], leaderSet), members[c].ToArray());
        }
        return limits;
    }

    /// <summary>The first leader's position (a strict leader does not move), else the mean of the members.</summary>
    private static T[] Point<T>(ReadOnlySpan<T> z, int d, List<int> members, IReadOnlySet<int> leaders)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (int i in members)
        {
            if (leaders.Contains(i))
            {
                return z.Slice(i * d, d).ToArray();
            }
        }
        var point = new T[d];
        for (int k = 0; k < d; k++)
        {
            double sum = 0;
            foreach (int i in members)
            {
                sum += double.CreateTruncating(z[i * d + k]);
            }
            point[k] = T.CreateTruncating(sum / members.Count);
        }
        return point;
    }

    /// <summary>The gap between 1 and the next value of T (2⁻⁵² for double, 2⁻²³ for float).</summary>
    private static T MachineEpsilon<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
        => T.BitIncrement(T.One) - T.One;
}
