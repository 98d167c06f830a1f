using HardmaxCore.Classifier;

namespace HardmaxCore.UnitTests.Data;

/// <summary>CSV loading (Kaggle export: header review,sentiment).</summary>
public sealed class ReviewDatasetCsvTests : IDisposable
{
    /// <summary>Temp files of this test.</summary>
    private readonly TestFiles _files = new();

    /// <inheritdoc/>
    public void Dispose() => this._files.Dispose();

    [Fact]
    public void ReviewDataset_Load_CsvQuotedCommasDoubledQuotesAndNewlines()
    {
        string path = this._files.WriteText("IMDB Dataset.csv",
            "review,sentiment\n" +
            "\"One of the best, truly.\",positive\n" +
            "\"He said \"\"meh\"\", and left.\",negative\n" +
            "\"Line one.\nLine two,\r\nline three.\",positive\n" +
            "Plain unquoted text,negative\n");

        ReviewLoadResult result = ReviewDataset.Load(path);

        Assert.Equal(DatasetFormat.Csv, result.Format);
        Assert.Equal(0, result.Skipped.Total);
        // Canonical order: no split, then label (negative first), then row number.
        Assert.Equal(
            ["He said \"meh\", and left.", "Plain unquoted text", "One of the best, truly.", "Line one.\nLine two,\r\nline three."],
            result.Reviews.Select(r => r.Text));
        Assert.Equal([0, 0, 1, 1], result.Reviews.Select(r => r.Label));
        Assert.All(result.Reviews, r => Assert.Equal(ReviewSplit.Unspecified, r.Split));
        Assert.All(result.Reviews, r => Assert.Null(r.Rating));
        Assert.Equal("csv/line 2", result.Reviews[2].SourceId);
    }

    [Fact]
    public void ReviewDataset_Load_CsvLabelSpellingsColumnOrderAndExtraColumns()
    {
        string path = this._files.WriteText("reviews.csv",
            "id, Sentiment ,REVIEW\n" +
            "1,POSITIVE,a\n" +
            "2,Negative,b\n" +
            "3,pos,c\n" +
            "4,NEG,d\n" +
            "5,1,e\n" +
            "6, 0 ,f\n",
            bom: true);

        ReviewLoadResult result = ReviewDataset.Load(path);

        Assert.Equal(6, result.Reviews.Count);
        Assert.Equal(["b", "d", "f", "a", "c", "e"], result.Reviews.Select(r => r.Text));
        Assert.Equal([0, 0, 0, 1, 1, 1], result.Reviews.Select(r => r.Label));
    }

    [Fact]
    public void ReviewDataset_Load_CsvUnknownLabelsAndEmptyReviewsAreSkippedAndCounted()
    {
        string path = this._files.WriteText("reviews.csv",
            "review,sentiment\n" +
            "good,positive\n" +
            "meh,neutral\n" +
            "\"\",negative\n" +
            "what,\n" +
            "bad,negative\n");

        ReviewLoadResult result = ReviewDataset.Load(path);

        Assert.Equal(2, result.Reviews.Count);
        Assert.Equal(3, result.Skipped.Total);
        Assert.Equal(2, result.Skipped[SkipReason.UnknownLabel]);
        Assert.Equal(1, result.Skipped[SkipReason.EmptyReview]);
        Assert.Equal("skipped 3 rows: 2 unknown label, 1 empty review", result.Skipped.ToString());
        Assert.Equal("line 3: unknown label 'neutral'", result.Skipped.Examples[0]);
    }

    [Fact]
    public void ReviewDataset_Load_CsvShortRowsAreSkippedAsMissingColumns()
    {
        string path = this._files.WriteText("reviews.csv", "review,sentiment\nonly one column\ngood,positive\n");

        ReviewLoadResult result = ReviewDataset.Load(path);

        Assert.Single(result.Reviews);
        Assert.Equal(1, result.Skipped[SkipReason.MissingColumns]);
    }

    [Fact]
    public void ReviewDataset_Load_CsvWithoutNeededColumnsThrows()
    {
        string path = this._files.WriteText("reviews.csv", "text,label\ngood,1\n");

        var ex = Assert.Throws<DatasetException>(() => ReviewDataset.Load(path));

        Assert.Contains("'review' and 'sentiment'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'text', 'label'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReviewDataset_Load_CsvWithNoUsableRowsThrows()
    {
        string path = this._files.WriteText("reviews.csv", "review,sentiment\ngood,maybe\n");

        var ex = Assert.Throws<DatasetException>(() => ReviewDataset.Load(path));

        Assert.Contains("No reviews found", ex.Message, StringComparison.Ordinal);
        Assert.Contains("1 unknown label", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReviewDataset_Load_PlainTextFileThrows()
    {
        string path = this._files.WriteText("README.md", "# Data\n\nSome notes, not a dataset.\n");

        var ex = Assert.Throws<DatasetException>(() => ReviewDataset.Load(path));

        Assert.Contains("'review' and 'sentiment'", ex.Message, StringComparison.Ordinal);
    }
}
