using HardmaxCore.Experiments.Interpretability;
using HardmaxCore.Classifier;
using HardmaxCore.Experiments.Simulation;

namespace HardmaxCore.UnitTests.Interpretability;

public sealed class LeaderStatisticsTests
{
    /// <summary>
    /// A hand-made model in d = 2 whose words sit where we put them (α = 0.5, A = I, K = 8, v = (1, 0), b = 0), so the
    /// leaders of each review follow from SPEC §1.5 by hand.
    /// </summary>
    private static (ClassifierParameters<float> Parameters, Dictionary<string, int> Ids) HandMade(IReadOnlyDictionary<string, (double X, double Y)> words)
    {
        var parameters = new ClassifierParameters<float>(Vocabulary.ReservedCount + words.Count, 2);
        var ids = new Dictionary<string, int>();
        int id = Vocabulary.ReservedCount;
        foreach ((string word, (double x, double y)) in words)
        {
            parameters.Embedding[2 * id] = (float)x;
            parameters.Embedding[2 * id + 1] = (float)y;
            ids[word] = id++;
        }
        // <pad> (id 0) stays at the origin.
        parameters.Alpha[0] = 0.5f;
        parameters.Decoder[0] = 1;
        parameters.Bias[0] = 0;
        return (parameters, ids);
    }

    private static ReviewLeaders Count(ClassifierParameters<float> parameters, int[] ids)
    {
        var settings = new ClassifierSettings(ids.Length, 2, 8, 1e-3, false);
        using var pass = new ClassifierPass<float>(settings);
        pass.Forward(ids, parameters, Attention.Hardmax);
        return ReviewLeaders.Of(pass, settings.Layers, settings.Dimension);
    }

    [Fact]
    public void ReviewLeaders_HandMadeConfigurations_MatchHandCount()
    {
        var words = new Dictionary<string, (double X, double Y)>();
        double[][] square = BuiltInExamples.Square;
        for (int i = 0; i < square.Length; i++)
        {
            words[$"s{i}"] = (square[i][0], square[i][1]);
        }
        double[][] emerging = BuiltInExamples.Emerging;
        for (int i = 0; i < emerging.Length; i++)
        {
            words[$"e{i}"] = (emerging[i][0], emerging[i][1]);
        }
        words["a"] = (1, 0);
        words["b"] = (2, 0);
        (ClassifierParameters<float> parameters, Dictionary<string, int> id) = HandMade(words);

        // Square: the four corners are strict leaders from layer 0 on; the ten interior points stay strictly inside
        // their quadrant (x(x−1) + y(y−1) < 0), so they never lead. 4 leaders, all 4 leaders at layer 0.
        ReviewLeaders squareCount = Count(parameters, [.. Enumerable.Range(0, square.Length).Select(i => id[$"s{i}"])]);
        Assert.Equal(new ReviewLeaders(4, 4), squareCount);

        // Emerging ([AFZ] Figure 2): leaders {0, 2} at layer 0; token 1 attends token 3, moves to (−1/18, 5/36) and
        // leads from layer 1 on; the rest converge to (1, 1/3) or (−1, −1) from inside. 3 leaders, 2 of them at layer 0.
        ReviewLeaders emergingCount = Count(parameters, [.. Enumerable.Range(0, emerging.Length).Select(i => id[$"e{i}"])]);
        Assert.Equal(new ReviewLeaders(3, 2), emergingCount);

        // a = (1, 0), b = (2, 0) and twelve <pad> at the origin. Layer 0: b leads (s_bb = 4); the origin ties with
        // everything (all its scores are 0), so it leads too; a attends b. Layer 1: the origin has moved to (1/14, 0)
        // and now attends b; a → 4/3. From then on only b leads: 1 leader, and it led at layer 0.
        ReviewLeaders padded = Count(parameters, [id["a"], id["b"], .. Enumerable.Repeat(Vocabulary.PadId, 12)]);
        Assert.Equal(new ReviewLeaders(1, 1), padded);

        LeaderStatistics statistics = LeaderStatistics.Of([squareCount, emergingCount, padded]);
        Assert.Equal(3, statistics.Reviews);
        Assert.Equal(8.0 / 3, statistics.Mean, 12);
        Assert.Equal(Math.Sqrt(42.0 / 27), statistics.StandardDeviation, 12); // ((4/3)² + (5/3)² + (1/3)²) / 3 = 42/27
        Assert.Equal(1, statistics.Min);
        Assert.Equal(4, statistics.Max);
        Assert.Equal(7.0 / 8, statistics.PersistentFraction, 12);
        Assert.Equal((1 + 2.0 / 3 + 1) / 3, statistics.MeanPersistentFraction, 12);
    }

    [Fact]
    public void LeaderStatistics_Of_PoolsAndAveragesFractions()
    {
        LeaderStatistics statistics = LeaderStatistics.Of([new ReviewLeaders(4, 2), new ReviewLeaders(2, 2), new ReviewLeaders(3, 0)]);
        Assert.Equal(3, statistics.Mean, 12);
        Assert.Equal(Math.Sqrt(2.0 / 3), statistics.StandardDeviation, 12);
        Assert.Equal(4.0 / 9, statistics.PersistentFraction, 12);
        Assert.Equal(0.5, statistics.MeanPersistentFraction, 12);
    }

    [Fact]
    public void LeaderStatistics_Of_NoReviews_IsNaN()
    {
        LeaderStatistics statistics = LeaderStatistics.Of([]);
        Assert.Equal(0, statistics.Reviews);
        Assert.True(double.IsNaN(statistics.Mean));
        Assert.Null(statistics.ToJson()["mean"]);
    }
}
