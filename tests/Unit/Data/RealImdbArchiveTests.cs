using System.Diagnostics;
using HardmaxCore.Classifier;
using HardmaxCore.UnitTests.TestSupport;
using Xunit.Abstractions;

namespace HardmaxCore.UnitTests.Data;

/// <summary>The real IMDb archive (SPEC §5), when present.</summary>
public sealed class RealImdbArchiveTests(ITestOutputHelper output)
{
    [RequiresImdbDataFact]
    public void ReviewDataset_Load_RealArchiveHasTheOfficialCountsAndSplits()
    {
        var clock = Stopwatch.StartNew();
        ReviewLoadResult data = ReviewDataset.Load(RequiresImdbDataFactAttribute.DataPath!);
        TimeSpan load = clock.Elapsed;

        output.WriteLine($"{data.Describe()} in {load.TotalSeconds:F2} s");
        Assert.Equal(50_000, data.Reviews.Count);
        Assert.Equal(0, data.Skipped.Total);
        foreach (ReviewSplit split in new[] { ReviewSplit.Train, ReviewSplit.Test })
        {
            Assert.Equal(12_500, data.Count(split, Review.Negative));
            Assert.Equal(12_500, data.Count(split, Review.Positive));
        }

        Assert.All(data.Reviews, r => Assert.InRange(r.Rating ?? 0, r.Label == Review.Positive ? 7 : 1, r.Label == Review.Positive ? 10 : 4));

        DatasetSplit standard = DatasetSplit.Create(data.Reviews, EvaluationProtocol.Standard, 0.1, seed: 42);
        Assert.Equal((22_500, 2_500, 25_000), (standard.Train.Count, standard.Validation.Count, standard.Test.Count));

        DatasetSplit paper = DatasetSplit.Create(data.Reviews, EvaluationProtocol.Paper, 0.1, seed: 42);
        Assert.Equal((31_500, 3_500, 15_000), (paper.Train.Count, paper.Validation.Count, paper.Test.Count));

        clock.Restart();
        Vocabulary vocabulary = Vocabulary.Build(standard.Train, TextPipeline.Default);
        TimeSpan build = clock.Elapsed;
        clock.Restart();
        EncodedReviews encoded = vocabulary.Encode(data.Reviews, TextPipeline.Default);
        TimeSpan encode = clock.Elapsed;

        output.WriteLine($"vocabulary {vocabulary.Count} ids from {standard.Train.Count} reviews in {build.TotalSeconds:F2} s; " +
                         $"encoded {encoded.Count} × {encoded.Length} in {encode.TotalSeconds:F2} s");
        Assert.Equal(50_000, encoded.Count);
        Assert.InRange(vocabulary.Count, 20_000, 200_000);
        Assert.Equal("movie", vocabulary.WordOf(2)); // the most frequent non-stopword of IMDb
    }
}
