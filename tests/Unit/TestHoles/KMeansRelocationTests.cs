using HardmaxCore.Clustering;

namespace HardmaxCore.UnitTests.TestHoles;

/// <summary>
/// Issue 22's test hole, k-means' empty-cluster relocation, checked after the one iteration that relocates (so later
/// iterations cannot wash out a bookkeeping error): the empty cluster takes the point farthest from its own centre, that
/// point leaves its old cluster's sum and count, every centre is the mean of its points and the inertia is recomputed.
/// </summary>
/// <remarks>
/// <c>HostileRoundTwoLibraryTests.KMeans_EmptyClusterIsRelocated_CentresAreTheMeansAndInertiaIsRecomputed</c> runs Lloyd
/// to convergence on a case where the relocated point is the origin: it fails when nothing is relocated (the empty
/// centre becomes 0/0) but not when the relocated point stays in its old cluster's sum, which convergence repairs.
/// </remarks>
public sealed class KMeansRelocationTests
{
    /// <summary>
    /// Points 0, 1, 2, 10, 11, 12 on a line, centres 100, 0, 5. The first assignment leaves centre 0 empty (0, 1, 2 go to
    /// the centre at 0; 10, 11, 12 to the one at 5). The point farthest from its centre is 12 (49 from 5), so after the
    /// iteration the centres are exactly 12, mean(0, 1, 2) = 1 and mean(10, 11) = 10.5; the final assignment keeps those
    /// groups and the inertia is (1 + 0 + 1) + (0.25 + 0.25) + 0 = 2.5. Every value is exact in binary.
    /// Fails when: 12 stays in the old sum (centre 2 = 33/2 = 16.5); the old count is not lowered (33 − 12 over 3 = 7);
    /// the nearest point is taken instead of the farthest (centre 0 = 0).
    /// </summary>
    [Fact]
    public void KMeans_Lloyd_OneIteration_RelocatesTheFarthestPointOutOfItsCluster()
    {
        double[] points = [0, 1, 2, 10, 11, 12];
        double[] centers = [100, 0, 5];
        KMeansResult result = KMeans.Lloyd(points, 1, centers, maxIterations: 1, tolerance: 0, threads: 1);
        Assert.Equal(1, result.Iterations);
        Assert.Equal([12.0, 1.0, 10.5], result.Centers);
        Assert.Equal([1, 1, 1, 2, 2, 0], result.Assignments);
        Assert.Equal(2.5, result.Inertia);
    }

    /// <summary>
    /// The same in two dimensions with two clusters empty at once (centres far from every point): each takes the farthest
    /// point still in a cluster of two or more, one after the other, and after the iteration every centre is the mean of
    /// the points assigned to it and the inertia is the sum of squared distances to those centres.
    /// </summary>
    [Fact]
    public void KMeans_Lloyd_TwoEmptyClusters_EveryCentreIsTheMeanOfItsPointsAfterOneIteration()
    {
        // Cluster A around (0, 0) with an outlier (6, 0); cluster B around (20, 20) with an outlier (20, 27).
        double[] points = [0, 0, 1, 0, 0, 1, 6, 0, 20, 20, 21, 20, 20, 21, 20, 27];
        double[] centers = [0, 0, 20, 20, -500, -500, 500, 500];
        KMeansResult result = KMeans.Lloyd(points, 2, centers, maxIterations: 1, tolerance: 0, threads: 1);
        int n = 8;
        int k = 4;
        Assert.Equal(k, result.Assignments.Distinct().Count());
        // The farthest point, (20, 27) (49 from (20, 20)), goes to cluster 2, then (6, 0) (36 from (0, 0)) to cluster 3.
        Assert.Equal([20.0, 27.0], result.Centers[4..6]);
        Assert.Equal([6.0, 0.0], result.Centers[6..8]);
        double inertia = 0;
        for (int h = 0; h < k; h++)
        {
            int[] members = Enumerable.Range(0, n).Where(i => result.Assignments[i] == h).ToArray();
            Assert.NotEmpty(members);
            for (int c = 0; c < 2; c++)
            {
                Assert.Equal(members.Average(i => points[i * 2 + c]), result.Centers[h * 2 + c], 12);
            }
        }
        for (int i = 0; i < n; i++)
        {
            int h = result.Assignments[i];
            inertia += Math.Pow(points[i * 2] - result.Centers[h * 2], 2) + Math.Pow(points[i * 2 + 1] - result.Centers[h * 2 + 1], 2);
        }
        Assert.Equal(inertia, result.Inertia, 12);
    }
}
