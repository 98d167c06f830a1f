namespace HardmaxCore.UnitTests.Dynamics;

/// <summary>Grouping final tokens into limit points (LimitPoints), and the radius it derives.</summary>
public sealed class LimitPointsTests
{
    [Fact]
    public void Radius_IsTenTimesOnePlusAlphaOverAlphaTimesTolTimesOnePlusScale()
    {
        // 10·(1+α)/α·max(tol, ε)·(1+scale) with α = 0.5, tol = 1e-12, scale = 1: 10·3·1e-12·2.
        Assert.Equal(6e-11, LimitPoints.Radius<double>(0.5, 1e-12, 1), 1e-24);
        // Below ε the floor is ε: in float, ε = 2^-23.
        Assert.Equal(10 * 3 * Math.Pow(2, -23) * 2, LimitPoints.Radius<float>(0.5, 1e-12, 1), 1e-20);
    }

    [Fact]
    public void Group_GroupsWithinToleranceInOrderOfFirstMember()
    {
        double[] z = [1, 1, 0, 0, 1 + 1e-13, 1 - 1e-13, 0, 1e-3, 1, 1];

        LimitPoint<double>[] clusters = LimitPoints.Group<double>(z, 2, leaders: [0], radius: 1e-12);

        Assert.Equal(3, clusters.Length);
        Assert.Equal([0, 2, 4], clusters[0].Members);
        Assert.Equal([1.0, 1.0], clusters[0].Point); // the leader's own position
        Assert.Equal([1], clusters[1].Members);
        Assert.Equal([3], clusters[2].Members);
    }

    [Fact]
    public void Group_WithoutLeader_PointIsTheMean()
    {
        double[] z = [0.5, 0, 0.5 + 2e-13, 0];

        LimitPoint<double> cluster = Assert.Single(LimitPoints.Group<double>(z, 2, leaders: [], radius: 1e-12));

        Assert.Equal(0.5 + 1e-13, cluster.Point[0], 1e-15);
        Assert.Equal(0, cluster.Point[1]);
    }
}
