using HardmaxCore.Classifier;

namespace HardmaxCore.UnitTests.Text;

/// <summary>Vocabulary building and encoding (SPEC §3.3).</summary>
public sealed class VocabularyTests
{
    /// <summary>beta ×3, alpha ×2, delta ×1, gamma ×1 (plus stopwords that never count).</summary>
    private static readonly string[] Texts = ["Beta alpha, the beta gamma.", "alpha DELTA <br />beta"];

    [Fact]
    public void Vocabulary_Build_SortsByCountThenOrdinalWord()
    {
        Vocabulary vocabulary = Vocabulary.Build(Texts, TextPipeline.Default);

        Assert.Equal(["<pad>", "<unk>", "beta", "alpha", "delta", "gamma"], vocabulary.Words);
        Assert.Equal(6, vocabulary.Count);
        Assert.Equal(3, vocabulary.CountOf(2));
        Assert.Equal(1, vocabulary.CountOf(5));
        Assert.Equal(0, vocabulary.CountOf(Vocabulary.PadId));
    }

    [Fact]
    public void Vocabulary_Build_MinCountDropsRareWords()
    {
        Vocabulary vocabulary = Vocabulary.Build(Texts, TextPipeline.Default, new VocabularyOptions { MinCount = 2 });

        Assert.Equal(["<pad>", "<unk>", "beta", "alpha"], vocabulary.Words);
    }

    [Fact]
    public void Vocabulary_Build_MaxSizeCountsReservedIds()
    {
        Vocabulary vocabulary = Vocabulary.Build(Texts, TextPipeline.Default, new VocabularyOptions { MaxSize = 3 });

        Assert.Equal(["<pad>", "<unk>", "beta"], vocabulary.Words);
    }

    [Fact]
    public void VocabularyOptions_InvalidValuesThrow()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new VocabularyOptions { MinCount = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new VocabularyOptions { MaxSize = 1 });
        Assert.Equal(1, new VocabularyOptions().MinCount);
        Assert.Null(new VocabularyOptions().MaxSize);
    }

    [Fact]
    public void Vocabulary_Encode_PadsAtTheEndAndMapsUnknownWordsToOne()
    {
        Vocabulary vocabulary = Vocabulary.Build(Texts, TextPipeline.Default);
        Span<int> ids = stackalloc int[6];

        int count = vocabulary.Encode("Gamma and epsilon, then beta!", TextPipeline.Default, ids);

        Assert.Equal(3, count);
        Assert.Equal([5, Vocabulary.UnknownId, 2, Vocabulary.PadId, Vocabulary.PadId, Vocabulary.PadId], ids.ToArray());
    }

    [Fact]
    public void Vocabulary_Encode_TruncatesToTheLength()
    {
        Vocabulary vocabulary = Vocabulary.Build(Texts, TextPipeline.Default);

        int[] ids = vocabulary.Encode("alpha beta gamma delta alpha", TextPipeline.Default, length: 3);

        Assert.Equal([3, 2, 5], ids);
    }

    [Fact]
    public void Vocabulary_Encode_EmptyTextIsAllPadding()
    {
        Vocabulary vocabulary = Vocabulary.Build(Texts, TextPipeline.Default);

        Assert.Equal(new int[4], vocabulary.Encode("<br /> the a of", TextPipeline.Default, length: 4));
    }

    [Fact]
    public void Vocabulary_Encode_ReviewsGivesRowsCountsAndLabels()
    {
        Vocabulary vocabulary = Vocabulary.Build(Texts, TextPipeline.Default);
        Review[] reviews =
        [
            new("beta beta zeta", 1, "train/pos/1_9", ReviewSplit.Train, 1, 9),
            new("nothing known", 0, "train/neg/2_2", ReviewSplit.Train, 2, 2),
            new("alpha", 1, "train/pos/3_8", ReviewSplit.Train, 3, 8),
        ];

        EncodedReviews encoded = vocabulary.Encode(reviews, TextPipeline.Default, length: 4);

        Assert.Equal(3, encoded.Count);
        Assert.Equal(4, encoded.Length);
        Assert.Equal([2, 2, 1, 0, 1, 1, 0, 0, 3, 0, 0, 0], encoded.Ids);
        Assert.Equal([3, 2, 1], encoded.TokenCounts);
        Assert.Equal([1, 0, 1], encoded.Labels);
        Assert.Equal([1, 1, 0, 0], encoded.Row(1).ToArray());
    }

    [Fact]
    public void Vocabulary_Build_FromTrainingReviewsOnly()
    {
        Review[] train = [new("alpha beta", 1, "train/pos/1_9", ReviewSplit.Train, 1, 9)];

        Vocabulary vocabulary = Vocabulary.Build(train, TextPipeline.Default);

        Assert.Equal(Vocabulary.UnknownId, vocabulary.IdOf("omega"));
        Assert.True(vocabulary.Contains("alpha"));
        Assert.False(vocabulary.Contains("omega"));
    }

    [Fact]
    public void Vocabulary_FromWords_RoundTripsIds()
    {
        Vocabulary built = Vocabulary.Build(Texts, TextPipeline.Default);

        Vocabulary rebuilt = Vocabulary.FromWords(built.Words);

        Assert.Equal(built.Words, rebuilt.Words);
        Assert.False(rebuilt.HasCounts);
        foreach (string text in Texts)
        {
            Assert.Equal(built.Encode(text, TextPipeline.Default), rebuilt.Encode(text, TextPipeline.Default));
        }

        Assert.Equal("delta", rebuilt.WordOf(4));
        Assert.Equal("gamma beta", rebuilt.Decode([5, 2, 0, 0]));
    }

    [Fact]
    public void Vocabulary_FromWords_RejectsListsWithoutReservedIdsOrWithRepeats()
    {
        Assert.Throws<ArgumentException>(() => Vocabulary.FromWords(["alpha", "beta"]));
        Assert.Throws<ArgumentException>(() => Vocabulary.FromWords(["<pad>"]));
        Assert.Throws<ArgumentException>(() => Vocabulary.FromWords(["<pad>", "<unk>", "alpha", "alpha"]));
        Assert.Throws<ArgumentException>(() => Vocabulary.FromWords(["<pad>", "<unk>", ""]));
    }

    [Fact]
    public void Vocabulary_WordOf_OutOfRangeThrows()
    {
        Vocabulary vocabulary = Vocabulary.FromWords(["<pad>", "<unk>", "alpha"]);

        Assert.Throws<ArgumentOutOfRangeException>(() => vocabulary.WordOf(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => vocabulary.WordOf(-1));
    }
}
