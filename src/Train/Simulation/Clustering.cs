using System.Numerics;

namespace HardmaxCore.Train.Simulation;

/// <summary>Groups the final tokens of a run into clusters (the distinct limit points of SPEC §2 P4).</summary>
internal static class Clustering
{
    /// <summary>
    /// The distance ‖z_i − z_j‖_∞ within which two final tokens are taken to share a limit:
    /// <c>δ = 10 · (1+α)/α · max(tol, ε) · (1 + scale)</c>, scale = <c>max_i ‖z_i‖_∞</c>, ε the machine epsilon of T.
    /// </summary>
    /// <remarks>
    /// Derivation. Once attention sets have settled, a token attending a fixed point L moves as
    /// <c>z⁺ − L = (z − L)/(1+α)</c> (SPEC §2 P5), so after a step whose change is c it is still c/α from L. The run stops
    /// when <c>c ≤ tol·(1 + scale)</c>, hence every token is within <c>tol·(1+scale)/α</c> of its limit and two tokens with
    /// the same limit within twice that. In rounding arithmetic, a token stalls once the update
    /// <c>α/(1+α)·(L − z)</c> rounds to nothing, i.e. up to <c>(1+α)/(2α)</c> ulps from L, so two tokens may stall
    /// <c>(1+α)/α·ε·(1+scale)</c> apart. <c>2·(1+α)/α·max(tol, ε)·(1+scale)</c> covers both; the factor 10 (5 on top of
    /// the 2) leaves room for the slower transient just after the attention sets settle. For α = 0.5 and tol = 1e-12 this
    /// is 3e-11·(1+scale), far below the gaps between limit points of any configuration one would simulate.
    /// </remarks>
    public static double Tolerance<T>(double alpha, double tolerance, double scale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double epsilon = double.CreateTruncating(MachineEpsilon<T>());
        return 10 * (1 + alpha) / alpha * Math.Max(tolerance, epsilon) * (1 + scale);
    }

    /// <summary>max_i ‖z_i‖_∞ of a configuration.</summary>
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
    /// Groups tokens whose final positions are within <paramref name="tolerance"/> of each other in ‖·‖_∞, transitively
    /// (single linkage, <see cref="PointGrouping.Group"/>: a hash grid, O(n log n), not a pairwise scan). Clusters come in
    /// order of their first member.
    /// </summary>
    /// <remarks>
    /// δ is far below the gaps between limit points (see <see cref="Tolerance"/>), so on a converged run this is the same
    /// partition as comparing each token with the first member of each cluster, the rule used before.
    /// </remarks>
    /// <param name="z">The final configuration, row-major n × d.</param>
    /// <param name="d">The dimension.</param>
    /// <param name="leaders">The leaders of <paramref name="z"/> (their positions become the cluster points).</param>
    /// <param name="tolerance">δ from <see cref="Tolerance"/>.</param>
    public static Cluster<T>[] Group<T>(ReadOnlySpan<T> z, int d, IReadOnlyCollection<int> leaders, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int[] group = PointGrouping.Group(z, d, tolerance, out int count);
        var members = new List<int>[count];
        for (int i = 0; i < group.Length; i++)
        {
            (members[group[i]] ??= []).Add(i);
        }
        var leaderSet = leaders as IReadOnlySet<int> ?? leaders.ToHashSet();
        var clusters = new Cluster<T>[count];
        for (int c = 0; c < clusters.Length; c++)
        {
            clusters[c] = new Cluster<T>(Point(z, d, members[c], leaderSet), members[c].ToArray());
        }
        return clusters;
    }

    /// <summary>The first leader's position (a strict leader does not move, SPEC §2 P2), else the mean of the members.</summary>
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
