using System.Globalization;

namespace HardmaxCore.Classifier;

/// <summary>The train, validation and test reviews of one protocol and seed (SPEC §3.4).</summary>
/// <param name="Train">Reviews to train on (the training split minus the validation reviews).</param>
/// <param name="Validation">Reviews held out of the training split to pick the epoch.</param>
/// <param name="Test">Reviews to report on.</param>
/// <param name="Protocol">The protocol that made the split.</param>
/// <param name="ValidationFraction">The fraction of the training split held out as validation.</param>
/// <param name="Seed">The seed that made the split.</param>
/// <remarks>
/// Each list keeps the input's order (canonical order when the input came from <see cref="ReviewDataset.Load"/>);
/// only membership depends on the seed. The trainer shuffles each epoch itself.
/// <code>
/// DatasetSplit split = DatasetSplit.Create(data.Reviews, EvaluationProtocol.Paper, validationFraction: 0.1, seed: 42);
/// // 50,000 reviews → Train 31,500, Validation 3,500, Test 15,000
/// </code>
/// </remarks>
public sealed record DatasetSplit(
    IReadOnlyList<Review> Train,
    IReadOnlyList<Review> Validation,
    IReadOnlyList<Review> Test,
    EvaluationProtocol Protocol,
    double ValidationFraction,
    int Seed)
{
    /// <summary>Fraction of all reviews that the paper protocol uses for training (the rest is test).</summary>
    public const double PaperTrainFraction = 0.7;

    /// <summary>The default fraction of the training split held out as validation.</summary>
    public const double DefaultValidationFraction = 0.1;

    /// <summary>Splits <paramref name="reviews"/> by <paramref name="protocol"/>, then holds out validation from the training part.</summary>
    /// <param name="reviews">The reviews, usually <see cref="ReviewLoadResult.Reviews"/>.</param>
    /// <param name="protocol">Standard (the archive's split) or paper (seeded 70/30).</param>
    /// <param name="validationFraction">Fraction of the training split held out, in [0, 1).</param>
    /// <param name="seed">Seed of the <see cref="Random"/> that drives every shuffle.</param>
    /// <remarks>
    /// Paper: one <see cref="Random"/>(seed) shuffles all reviews; the first round(0.7·N) are train, the rest test.
    /// Standard: train and test are the reviews whose <see cref="Review.Split"/> says so.
    /// Both: the same <see cref="Random"/> then shuffles the training part; its first
    /// round(validationFraction·|train|) reviews become validation.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="validationFraction"/> is not in [0, 1).</exception>
    /// <exception cref="DatasetException">
    /// Standard protocol on reviews without a split (a CSV: use paper), or with an empty train or test split.
    /// </exception>
    public static DatasetSplit Create(
        IReadOnlyList<Review> reviews, EvaluationProtocol protocol, double validationFraction = DefaultValidationFraction, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(reviews);
        if (!(validationFraction >= 0 && validationFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction,
                "The validation fraction must be at least 0 and below 1 (e.g. 0.1).");
        }

        var random = new Random(seed);
        List<Review> train;
        List<Review> test;
        switch (protocol)
        {
            case EvaluationProtocol.Standard:
                (train, test) = SplitStandard(reviews);
                break;
            case EvaluationProtocol.Paper:
                (train, test) = Take(reviews, (int)Math.Round(PaperTrainFraction * reviews.Count, MidpointRounding.AwayFromZero), random);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "Unknown protocol; use standard or paper.");
        }

        int validationCount = (int)Math.Round(validationFraction * train.Count, MidpointRounding.AwayFromZero);
        (List<Review> validation, List<Review> rest) = Take(train, validationCount, random);
        return new DatasetSplit(rest, validation, test, protocol, validationFraction, seed);
    }

    /// <summary>E.g. <c>paper protocol, seed 42: train 31500, validation 3500, test 15000</c>.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Protocol.ToString().ToLowerInvariant()} protocol, seed {Seed}: train {Train.Count}, validation {Validation.Count}, test {Test.Count}");

    /// <summary>The archive's train and test reviews.</summary>
    private static (List<Review> Train, List<Review> Test) SplitStandard(IReadOnlyList<Review> reviews)
    {
        var train = new List<Review>();
        var test = new List<Review>();
        int unspecified = 0;
        foreach (Review review in reviews)
        {
            switch (review.Split)
            {
                case ReviewSplit.Train:
                    train.Add(review);
                    break;
                case ReviewSplit.Test:
                    test.Add(review);
                    break;
                default:
                    unspecified++;
                    break;
            }
        }

        if (unspecified > 0)
        {
            DatasetThrow.StandardNeedsSplit(unspecified);
        }

        if (train.Count == 0)
        {
            DatasetThrow.StandardSplitEmpty("train");
        }

        if (test.Count == 0)
        {
            DatasetThrow.StandardSplitEmpty("test");
        }

        return (train, test);
    }

    /// <summary>
    /// Shuffles the indices of <paramref name="items"/>; the first <paramref name="count"/> go to the first list,
    /// the rest to the second; both lists keep the input order.
    /// </summary>
    private static (List<Review> Taken, List<Review> Others) Take(IReadOnlyList<Review> items, int count, Random random)
    {
        int[] permutation = Shuffle.Permutation(items.Count, random);
        bool[] taken = new bool[items.Count];
        for (int k = 0; k < count; k++)
        {
            taken[permutation[k]] = true;
        }

        var first = new List<Review>(count);
        var second = new List<Review>(items.Count - count);
        for (int i = 0; i < items.Count; i++)
        {
            (taken[i] ? first : second).Add(items[i]);
        }

        return (first, second);
    }
}
