using HardmaxCore.Classifier;

namespace HardmaxCore.UnitTests.Data;

/// <summary>Evaluation protocols (SPEC §3.4) and the seeded shuffle.</summary>
public sealed class DatasetSplitTests
{
    /// <summary>Reviews as the archive gives them: per split and label, in canonical order.</summary>
    private static List<Review> ArchiveLike(int perFolder)
    {
        var reviews = new List<Review>();
        foreach (ReviewSplit split in new[] { ReviewSplit.Train, ReviewSplit.Test })
        {
            for (int label = 0; label < 2; label++)
            {
                for (int id = 0; id < perFolder; id++)
                {
                    string folder = $"{split.ToString().ToLowerInvariant()}/{(label == 1 ? "pos" : "neg")}";
                    reviews.Add(new Review($"text {folder} {id}", label, $"{folder}/{id}_5", split, id, 5));
                }
            }
        }

        return reviews;
    }

    [Fact]
    public void DatasetSplit_Create_StandardUsesArchiveSplit()
    {
        List<Review> reviews = ArchiveLike(perFolder: 50); // 100 train, 100 test

        DatasetSplit split = DatasetSplit.Create(reviews, EvaluationProtocol.Standard, validationFraction: 0.1, seed: 1);

        Assert.Equal(90, split.Train.Count);
        Assert.Equal(10, split.Validation.Count);
        Assert.Equal(100, split.Test.Count);
        Assert.All(split.Train.Concat(split.Validation), r => Assert.Equal(ReviewSplit.Train, r.Split));
        Assert.All(split.Test, r => Assert.Equal(ReviewSplit.Test, r.Split));
    }

    [Fact]
    public void DatasetSplit_Create_PaperIs70_30ThenValidation()
    {
        List<Review> reviews = ArchiveLike(perFolder: 250); // 1000

        DatasetSplit split = DatasetSplit.Create(reviews, EvaluationProtocol.Paper, validationFraction: 0.1, seed: 1);

        Assert.Equal(630, split.Train.Count);
        Assert.Equal(70, split.Validation.Count);
        Assert.Equal(300, split.Test.Count);
        // A real shuffle: the test part mixes the archive's train and test reviews.
        Assert.Contains(split.Test, r => r.Split == ReviewSplit.Train);
        Assert.Contains(split.Test, r => r.Split == ReviewSplit.Test);
    }

    [Theory]
    [InlineData("Standard")]
    [InlineData("Paper")]
    public void DatasetSplit_Create_IsAPartitionInInputOrder(string protocolName)
    {
        EvaluationProtocol protocol = Enum.Parse<EvaluationProtocol>(protocolName);
        List<Review> reviews = ArchiveLike(perFolder: 40);

        DatasetSplit split = DatasetSplit.Create(reviews, protocol, validationFraction: 0.25, seed: 3);

        Review[] all = [.. split.Train, .. split.Validation, .. split.Test];
        Assert.Equal(reviews.Count, all.Length);
        Assert.Equal(reviews.Count, all.Distinct().Count());
        foreach (IReadOnlyList<Review> part in new[] { split.Train, split.Validation, split.Test })
        {
            int[] positions = [.. part.Select(r => reviews.IndexOf(r))];
            Assert.Equal(positions.Order(), positions);
        }
    }

    [Theory]
    [InlineData("Standard")]
    [InlineData("Paper")]
    public void DatasetSplit_Create_SameSeedSameSplitOtherSeedOtherSplit(string protocolName)
    {
        EvaluationProtocol protocol = Enum.Parse<EvaluationProtocol>(protocolName);
        List<Review> reviews = ArchiveLike(perFolder: 100);

        DatasetSplit a = DatasetSplit.Create(reviews, protocol, 0.1, seed: 42);
        DatasetSplit b = DatasetSplit.Create(reviews, protocol, 0.1, seed: 42);
        DatasetSplit c = DatasetSplit.Create(reviews, protocol, 0.1, seed: 43);

        Assert.Equal(a.Train, b.Train);
        Assert.Equal(a.Validation, b.Validation);
        Assert.Equal(a.Test, b.Test);
        Assert.NotEqual(a.Validation, c.Validation);
    }

    [Fact]
    public void DatasetSplit_Create_ZeroValidationFractionGivesEmptyValidation()
    {
        DatasetSplit split = DatasetSplit.Create(ArchiveLike(10), EvaluationProtocol.Standard, validationFraction: 0, seed: 0);

        Assert.Empty(split.Validation);
        Assert.Equal(20, split.Train.Count);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void DatasetSplit_Create_ValidationFractionOutOfRangeThrows(double fraction)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DatasetSplit.Create(ArchiveLike(5), EvaluationProtocol.Paper, fraction, 0));
    }

    [Fact]
    public void DatasetSplit_Create_StandardOnCsvThrowsSuggestingPaper()
    {
        Review[] csv = [new("good", 1, "csv/line 2", ReviewSplit.Unspecified, 1, null), new("bad", 0, "csv/line 3", ReviewSplit.Unspecified, 2, null)];

        var ex = Assert.Throws<DatasetException>(() => DatasetSplit.Create(csv, EvaluationProtocol.Standard));

        Assert.Contains("EvaluationProtocol.Paper", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("--", ex.Message, StringComparison.Ordinal);
        DatasetSplit paper = DatasetSplit.Create(csv, EvaluationProtocol.Paper, validationFraction: 0, seed: 0);
        Assert.Single(paper.Train); // round(0.7 · 2) = 1
        Assert.Single(paper.Test);
    }

    [Fact]
    public void DatasetSplit_Create_StandardWithoutTestThrows()
    {
        List<Review> trainOnly = [.. ArchiveLike(5).Where(r => r.Split == ReviewSplit.Train)];

        var ex = Assert.Throws<DatasetException>(() => DatasetSplit.Create(trainOnly, EvaluationProtocol.Standard));

        Assert.Contains("no test reviews", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shuffle_Permutation_IsFixedForASeed()
    {
        // Pinned: System.Random(seed) keeps its legacy sequence, so this permutation never changes across runs or machines.
        int[] permutation = Shuffle.Permutation(10, new Random(42));

        Assert.Equal(Expected42, permutation);
        Assert.Equal(Enumerable.Range(0, 10), permutation.Order());
    }

    /// <summary>The permutation of 0..9 for seed 42.</summary>
    private static readonly int[] Expected42 = [9, 0, 4, 2, 5, 7, 3, 8, 1, 6];
}
