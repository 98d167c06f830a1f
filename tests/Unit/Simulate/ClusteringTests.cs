using HardmaxCore.Train.Simulation;

namespace HardmaxCore.UnitTests.Simulate;

/// <summary>Grouping final tokens into clusters (Clustering), and the tolerance it derives.</summary>
public sealed class ClusteringTests
{
    [Fact]
    public void Clustering_Tolerance_IsTenTimesOnePlusAlphaOverAlphaTimesTolTimesOnePlusScale()
    {
        // 10·(1+α)/α·max(tol, ε)·(1+scale) with α = 0.5, tol = 1e-12, scale = 1: 10·3·1e-12·2.
        Assert.Equal(6e-11, Train.Simulation.Clustering.Tolerance<double>(0.5, 1e-12, 1), 1e-24);
        // Below ε the floor is ε: in float, ε = 2^-23.
        Assert.Equal(10 * 3 * Math.Pow(2, -23) * 2, Train.Simulation.Clustering.Tolerance<float>(0.5, 1e-12, 1), 1e-20);
    }

    [Fact]
    public void Clustering_Group_GroupsWithinToleranceInOrderOfFirstMember()
    {
        double[] z = [1, 1, 0, 0, 1 + 1e-13, 1 - 1e-13, 0, 1e-3, 1, 1];

        Cluster<double>[] clusters = Train.Simulation.Clustering.Group<double>(z, 2, leaders: [0], tolerance: 1e-12);

        Assert.Equal(3, clusters.Length);
        Assert.Equal([0, 2, 4], clusters[0].Members);
        Assert.Equal([1.0, 1.0], clusters[0].Point); // the leader's own position
        Assert.Equal([1], clusters[1].Members);
        Assert.Equal([3], clusters[2].Members);
    }

    [Fact]
    public void Clustering_Group_WithoutLeader_PointIsTheMean()
    {
        double[] z = [0.5, 0, 0.5 + 2e-13, 0];

        Cluster<double> cluster = Assert.Single(Train.Simulation.Clustering.Group<double>(z, 2, leaders: [], tolerance: 1e-12));

        Assert.Equal(0.5 + 1e-13, cluster.Point[0], 1e-15);
        Assert.Equal(0, cluster.Point[1]);
    }
}
