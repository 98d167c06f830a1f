using System.Text.Json.Nodes;

namespace HardmaxCore.Classifier;

/// <summary>
/// The leader statistics of [AFZ] §5 over a set of reviews (SPEC §3.6): the number of distinct leaders at the last layer
/// of the hardmax dynamics (mean, standard deviation, minimum, maximum) and the fraction of them that were already
/// leaders at layer 0.
/// </summary>
/// <param name="Reviews">Reviews counted.</param>
/// <param name="Mean">Mean number of distinct last-layer leaders per review.</param>
/// <param name="StandardDeviation">Their population standard deviation (divide by the number of reviews).</param>
/// <param name="Min">The fewest leaders of a review.</param>
/// <param name="Max">The most leaders of a review.</param>
/// <param name="PersistentFraction">Σ persistent / Σ leaders over all reviews: the fraction of last-layer leaders that were leaders at layer 0.</param>
/// <param name="MeanPersistentFraction">The same fraction computed per review, then averaged over the reviews.</param>
public sealed record LeaderStatistics(
    int Reviews, double Mean, double StandardDeviation, int Min, int Max, double PersistentFraction, double MeanPersistentFraction)
{
    /// <summary>Aggregates per-review counts.</summary>
    /// <remarks>
    /// <c>mean = Σ L_r / R</c>, <c>std = √(Σ (L_r − mean)² / R)</c>, <c>persistent = Σ P_r / Σ L_r</c>,
    /// <c>mean persistent = Σ (P_r / L_r) / R</c>. With no reviews every number is NaN and min = max = 0.
    /// </remarks>
    public static LeaderStatistics Of(IReadOnlyList<ReviewLeaders> reviews)
    {
        int count = reviews.Count;
        if (count == 0)
        {
            return new LeaderStatistics(0, double.NaN, double.NaN, 0, 0, double.NaN, double.NaN);
        }
        double mean = 0;
        long leaders = 0;
        long persistent = 0;
        double fractions = 0;
        int min = int.MaxValue;
        int max = int.MinValue;
        foreach (ReviewLeaders review in reviews)
        {
            mean += review.Leaders;
            leaders += review.Leaders;
            persistent += review.Persistent;
            fractions += review.Leaders == 0 ? 0 : (double)review.Persistent / review.Leaders;
            min = Math.Min(min, review.Leaders);
            max = Math.Max(max, review.Leaders);
        }
        mean /= count;
        double squares = 0;
        foreach (ReviewLeaders review in reviews)
        {
            squares += (review.Leaders - mean) * (review.Leaders - mean);
        }
        return new LeaderStatistics(
            count, mean, Math.Sqrt(squares / count), min, max,
            leaders == 0 ? double.NaN : (double)persistent / leaders, fractions / count);
    }

    /// <summary>Runs the hardmax dynamics of <paramref name="model"/> on every review and counts the leaders of each.</summary>
    /// <param name="model">The trained classifier.</param>
    /// <param name="reviews">The encoded reviews (usually the model's test split).</param>
    /// <param name="threads">Threads to use.</param>
    public static ReviewLeaders[] Count(ClassifierModel model, EncodedReviews reviews, int threads)
    {
        var counts = new ReviewLeaders[reviews.Count];
        using var passes = new ParallelPasses(model.Settings, threads);
        passes.ForEach(reviews.Count, (pass, r) =>
        {
            pass.Forward(reviews.Row(r), model.Parameters, Attention.Hardmax);
            counts[r] = ReviewLeaders.Of(pass, model.Settings.Layers, model.Settings.Dimension);
        });
        return counts;
    }

    /// <summary>As JSON (camelCase names).</summary>
    public JsonObject ToJson() => new()
    {
        ["reviews"] = this.Reviews,
        ["mean"] = Number(this.Mean),
        ["std"] = Number(this.StandardDeviation),
        ["min"] = this.Min,
        ["max"] = this.Max,
        ["persistentFraction"] = Number(this.PersistentFraction),
        ["meanPersistentFraction"] = Number(this.MeanPersistentFraction),
    };

    /// <summary>A number, or null for NaN (JSON has no NaN).</summary>
    private static JsonNode? Number(double value) => double.IsNaN(value) ? null : JsonValue.Create(value);
}
