using HardmaxCore.Clustering;

namespace HardmaxCore.UnitTests.Clustering;

/// <summary>
/// The metrics against values computed by hand and values printed in scikit-learn's documentation
/// (docstrings of <c>adjusted_rand_score</c> and <c>normalized_mutual_info_score</c>, scikit-learn 1.x).
/// </summary>
public sealed class ClusteringMetricsTests
{
    /// <summary>
    /// scikit-learn: <c>adjusted_rand_score([0, 0, 1, 2], [0, 0, 1, 1])</c> = 0.57… By hand: contingency cells (2, 1, 1),
    /// Σ C(n_ij, 2) = 1, rows (2, 2) → 2, columns (2, 1, 1) → 1, C(4, 2) = 6, expected = 2·1/6 = 1/3, max = 3/2,
    /// ARI = (1 − 1/3)/(3/2 − 1/3) = 4/7 = 0.5714285714…
    /// </summary>
    [Fact]
    public void AdjustedRandIndex_RefinedPair_IsFourSevenths()
    {
        Assert.Equal(4.0 / 7.0, ClusteringMetrics.AdjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2]), 14);
        Assert.Equal(4.0 / 7.0, ClusteringMetrics.AdjustedRandIndex([0, 0, 1, 2], [0, 0, 1, 1]), 14);
    }

    /// <summary>scikit-learn: <c>adjusted_rand_score([0, 0, 1, 1], [0, 1, 0, 1])</c> = −0.5 (pair counts tp 0, fp = fn = tn = 4: 2(0 − 16)/(4·8 + 4·8)).</summary>
    [Fact]
    public void AdjustedRandIndex_CrossedPair_IsMinusHalf()
        => Assert.Equal(-0.5, ClusteringMetrics.AdjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1]), 14);

    /// <summary>scikit-learn: a complete split <c>adjusted_rand_score([0, 0, 0, 0], [0, 1, 2, 3])</c> = 0.0; renamed labels give 1.0.</summary>
    [Fact]
    public void AdjustedRandIndex_SplitAndRenamed_AreZeroAndOne()
    {
        Assert.Equal(0.0, ClusteringMetrics.AdjustedRandIndex([0, 0, 0, 0], [0, 1, 2, 3]), 14);
        Assert.Equal(1.0, ClusteringMetrics.AdjustedRandIndex([0, 0, 1, 1], [7, 7, -3, -3]));
        Assert.Equal(1.0, ClusteringMetrics.AdjustedRandIndex([4, 4, 4], [1, 1, 1]));
    }

    /// <summary>
    /// NMI of [0, 0, 1, 1] vs [0, 0, 1, 2]: H(U) = ln 2, H(V) = 1.5 ln 2, MI = H(U) (V refines U), so
    /// NMI = ln 2 / (2.5 ln 2 / 2) = 0.8 exactly (scikit-learn prints 0.8 as well).
    /// </summary>
    [Fact]
    public void NormalizedMutualInformation_RefinedPair_IsFourFifths()
        => Assert.Equal(0.8, ClusteringMetrics.NormalizedMutualInformation([0, 0, 1, 1], [0, 0, 1, 2]), 14);

    /// <summary>scikit-learn's limits: one cluster on both sides → 1; independent labellings (MI = 0) → 0; a renaming → 1.</summary>
    [Fact]
    public void NormalizedMutualInformation_Limits()
    {
        Assert.Equal(1.0, ClusteringMetrics.NormalizedMutualInformation([0, 0, 0], [5, 5, 5]));
        Assert.Equal(0.0, ClusteringMetrics.NormalizedMutualInformation([0, 0, 0, 0], [0, 1, 2, 3]));
        Assert.Equal(0.0, ClusteringMetrics.NormalizedMutualInformation([0, 0, 1, 1], [0, 1, 0, 1]), 14);
        Assert.Equal(1.0, ClusteringMetrics.NormalizedMutualInformation([0, 0, 1, 1, 2], [2, 2, 0, 0, 1]), 14);
    }

    /// <summary>
    /// A case greedy matching gets wrong: label 0 has clusters a×3, b×2; label 1 has a×2. Greedy takes 0↔a (3) and then
    /// 1↔b (0): 3/7. The optimal matching is 0↔b (2) + 1↔a (2) = 4/7.
    /// </summary>
    [Fact]
    public void MatchedAccuracy_BeatsGreedyMatching()
        => Assert.Equal(4.0 / 7.0, ClusteringMetrics.MatchedAccuracy([0, 0, 0, 0, 0, 1, 1], [8, 8, 8, 9, 9, 8, 8]), 14);

    /// <summary>
    /// Relabelled perfect clustering → 1. Labels (0,0,0,1,1,2) vs clusters (5,5,5,7,7,7): 0↔5 (3) + 1↔7 (2), label 2 unmatched
    /// → 5/6. Labels (0,0,0,1,1,1) vs clusters (5,5,7,7,7,9): 0↔5 (2) + 1↔7 (2), cluster 9 unmatched and counted wrong → 4/6.
    /// </summary>
    [Fact]
    public void MatchedAccuracy_HandCases()
    {
        Assert.Equal(1.0, ClusteringMetrics.MatchedAccuracy([0, 0, 1, 1, 2], [2, 2, 0, 0, 1]));
        Assert.Equal(5.0 / 6.0, ClusteringMetrics.MatchedAccuracy([0, 0, 0, 1, 1, 2], [5, 5, 5, 7, 7, 7]), 14);
        Assert.Equal(4.0 / 6.0, ClusteringMetrics.MatchedAccuracy([0, 0, 0, 1, 1, 1], [5, 5, 7, 7, 7, 9]), 14);
    }

    /// <summary>True centres (0,0), (10,0); found (10,1), (0,−3): matched crosswise, errors 1 and 3, mean 2; an extra found centre is ignored.</summary>
    [Fact]
    public void CentroidError_MatchesCentresBeforeMeasuring()
    {
        Assert.Equal(2.0, ClusteringMetrics.CentroidError([0, 0, 10, 0], [10, 1, 0, -3], 2), 14);
        Assert.Equal(2.0, ClusteringMetrics.CentroidError([0, 0, 10, 0], [10, 1, 50, 50, 0, -3], 2), 14);
        Assert.Equal([1, 0], ClusteringMetrics.MatchCenters([0, 0, 10, 0], [10, 1, 0, -3], 2));
    }

    /// <summary>Points 0, 2 coded by 1 and 10 coded by 11: squared errors 1, 1, 1 → 1.</summary>
    [Fact]
    public void Distortion_HandCase()
    {
        Assert.Equal(1.0, ClusteringMetrics.Distortion([0, 2, 10], 1, [1, 11], [0, 0, 1]), 14);
        Assert.Throws<ArgumentException>(() => ClusteringMetrics.Distortion([0, 2, 10], 1, [1, 11], [0, 0, 2]));
    }

    [Fact]
    public void Metrics_RefuseLengthMismatch()
    {
        Assert.Throws<ArgumentException>(() => ClusteringMetrics.AdjustedRandIndex([0, 1], [0]));
        Assert.Throws<ArgumentException>(() => ClusteringMetrics.NormalizedMutualInformation([], []));
    }

    /// <summary>Hungarian on hand matrices: a 3 × 3 where the diagonal is worst, and rectangular both ways.</summary>
    [Fact]
    public void Hungarian_HandCases()
    {
        double[,] square = { { 9, 2, 7 }, { 6, 4, 3 }, { 5, 8, 1 } };
        // Best: row 0 → 1 (2), row 1 → 0 (6), row 2 → 2 (1) = 9; the diagonal costs 14.
        Assert.Equal([1, 0, 2], Hungarian.Minimize(square));
        double[,] wide = { { 5, 1, 9 }, { 1, 5, 9 } };
        Assert.Equal([1, 0], Hungarian.Minimize(wide));
        double[,] tall = { { 5, 1 }, { 1, 5 }, { 0, 0 } };
        int[] match = Hungarian.Minimize(tall);
        // Two rows get the two columns: row 2 (cost 0) and one of rows 0, 1 at cost 1; the third row is unmatched.
        Assert.Equal(1, match.Count(m => m < 0));
        Assert.Equal(2, match.Where(m => m >= 0).Distinct().Count());
        Assert.Equal(1.0, Enumerable.Range(0, 3).Where(r => match[r] >= 0).Sum(r => tall[r, match[r]]));
    }
}
