using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace HardmaxCore.PropertyTests;

/// <summary><see cref="PointGrouping"/> equals the naive O(n²) single linkage at δ in the ∞-norm, exactly.</summary>
public sealed class PointGroupingProperties
{
    /// <summary>
    /// Random clouds of every kind that matters: spread points, tight blobs (quantizer outputs), exact duplicates, points on a
    /// lattice of step δ (pairs at distance exactly δ, and chains), d from 1 to 17, δ = 0 sometimes; the partition and its
    /// numbering (order of first point) equal the naive union of every pair with <c>max_k |x_ik − x_jk| ≤ δ</c>.
    /// </summary>
    [Property(MaxTest = 300, Replay = Configurations.Replay)]
    public void Group_EqualsNaiveSingleLinkage(PositiveInt size, int seed)
    {
        var random = new Random(seed);
        int n = size.Get % 120;
        int d = random.Next(4) == 0 ? 1 : 1 + random.Next(17);
        double radius = random.Next(8) == 0 ? 0 : Math.Pow(2, random.Next(-6, 2)) * (random.Next(2) == 0 ? 1 : 0.7);
        int kind = random.Next(4);
        var x = new double[n * d];
        int blobs = 1 + random.Next(6);
        var centres = Enumerable.Range(0, blobs * d).Select(_ => 4 * random.NextDouble() - 2).ToArray();
        for (int i = 0; i < n; i++)
        {
            int blob = random.Next(blobs);
            for (int k = 0; k < d; k++)
            {
                x[i * d + k] = kind switch
                {
                    0 => 4 * random.NextDouble() - 2,                                            // spread
                    1 => centres[blob * d + k] + radius * 0.3 * (random.NextDouble() - 0.5),   // tight blobs
                    2 => radius * random.Next(-3, 4),                                          // lattice of step δ: exact distances δ
                    _ => i > 0 && random.Next(3) == 0 ? x[random.Next(i) * d + k] : 4 * random.NextDouble() - 2, // partial copies
                };
            }
            if (i > 0 && random.Next(5) == 0)
            {
                Array.Copy(x, random.Next(i) * d, x, i * d, d); // an exact duplicate
            }
        }
        int[] expected = Naive(x, d, radius, out int expectedGroups);
        int[] actual = PointGrouping.Group<double>(x, d, radius, out int groups);
        Assert.Equal(expectedGroups, groups);
        Assert.Equal(expected, actual);
        float[] single = x.Select(v => (float)v).ToArray();
        int[] expectedFloat = Naive(single.Select(v => (double)v).ToArray(), d, radius, out int expectedFloatGroups);
        Assert.Equal(expectedFloat, PointGrouping.Group<float>(single, d, radius, out int floatGroups));
        Assert.Equal(expectedFloatGroups, floatGroups);
    }

    /// <summary>Points exactly δ apart are linked (≤), a hair more are not; a chain links transitively.</summary>
    [Fact]
    public void Group_LinksAtExactlyRadius_AndTransitively()
    {
        double[] x = [0, 0, 0.25, 0, 0.5, 0.25, 3, 3, 3 + 0.25 + 1e-12, 3];
        int[] group = PointGrouping.Group<double>(x, 2, 0.25, out int groups);
        Assert.Equal([0, 0, 0, 1, 2], group);
        Assert.Equal(3, groups);
    }

    /// <summary>A radius of 0 groups equal points only (−0 equals +0); an empty cloud has no group.</summary>
    [Fact]
    public void Group_ZeroRadius_AndEmpty()
    {
        double[] x = [1, -0.0, 1, 0.0, 1, 1e-300];
        Assert.Equal([0, 0, 1], PointGrouping.Group<double>(x, 2, 0, out int groups));
        Assert.Equal(2, groups);
        Assert.Empty(PointGrouping.Group<double>([], 3, 1, out int none));
        Assert.Equal(0, none);
    }

    /// <summary>Bad input: δ &lt; 0, NaN or ∞; d &lt; 1; a ragged length; a NaN coordinate.</summary>
    [Fact]
    public void Group_RejectsBadInput()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PointGrouping.Group<double>([0, 1], 1, -1, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => PointGrouping.Group<double>([0, 1], 1, double.NaN, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => PointGrouping.Group<double>([0, 1], 1, double.PositiveInfinity, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => PointGrouping.Group<double>([0, 1], 0, 1, out _));
        Assert.Throws<ArgumentException>(() => PointGrouping.Group<double>([0, 1, 2], 2, 1, out _));
        ArgumentException e = Assert.Throws<ArgumentException>(() => PointGrouping.Group<float>([0, float.NaN], 1, 1, out _));
        Assert.Contains("NaN", e.Message, StringComparison.Ordinal);
    }

    /// <summary>The naive single linkage: every pair, union–find, groups numbered by first point.</summary>
    private static int[] Naive(double[] x, int d, double radius, out int groups)
    {
        int n = x.Length / d;
        var parent = Enumerable.Range(0, n).ToArray();
        int Find(int i) => parent[i] == i ? i : parent[i] = Find(parent[i]);
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                bool within = true;
                for (int k = 0; k < d && within; k++)
                {
                    within = Math.Abs(x[i * d + k] - x[j * d + k]) <= radius;
                }
                if (within)
                {
                    parent[Math.Max(Find(i), Find(j))] = Math.Min(Find(i), Find(j));
                }
            }
        }
        var number = new Dictionary<int, int>();
        var group = new int[n];
        for (int i = 0; i < n; i++)
        {
            int root = Find(i);
            if (!number.TryGetValue(root, out int g))
            {
                number[root] = g = number.Count;
            }
            group[i] = g;
        }
        groups = number.Count;
        return group;
    }
}
