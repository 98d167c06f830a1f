using HardmaxCore.Classifier;

namespace HardmaxCore.UnitTests.Data;

/// <summary>Archive (.tar.gz / .tar) loading, streamed.</summary>
public sealed class ReviewDatasetArchiveTests : IDisposable
{
    /// <summary>A small official-layout archive plus everything the loader must ignore.</summary>
    private static readonly (string Path, string Text)[] OfficialLike =
    [
        ("aclImdb/README", "Large Movie Review Dataset v1.0"),
        ("aclImdb/imdb.vocab", "the\nand\na\n"),
        ("aclImdb/imdbEr.txt", "0.0490972013402\n0.201363575849\n"),
        ("aclImdb/train/labeledBow.feat", "9 0:9 1:1 2:4\n"),
        ("aclImdb/train/urls_pos.txt", "http://www.imdb.com/title/tt0453418/usercomments\n"),
        ("aclImdb/train/unsup/0_0.txt", "An unlabelled review that must be ignored."),
        ("aclImdb/train/unsup/1_0.txt", "Another one."),
        ("aclImdb/test/pos/1_10.txt", "Amélie — a delight.<br /><br />10/10"),
        ("aclImdb/train/pos/10_8.txt", "Ten comes after three numerically."),
        ("aclImdb/train/neg/2_1.txt", "Awful, just awful."),
        ("aclImdb/train/pos/3_9.txt", "Three is a great film."),
        ("aclImdb/test/neg/0_2.txt", "Boring \"thriller\", with \"quotes\", and commas."),
    ];

    /// <summary>Temp files of this test.</summary>
    private readonly TestFiles _files = new();

    /// <inheritdoc/>
    public void Dispose() => this._files.Dispose();

    [Fact]
    public void ReviewDataset_Load_ArchiveIgnoresUnsupAndFeatureFiles()
    {
        string path = this._files.WriteArchive("aclImdb_v1.tar.gz", OfficialLike, directories: true);

        ReviewLoadResult result = ReviewDataset.Load(path);

        Assert.Equal(DatasetFormat.Archive, result.Format);
        Assert.Equal(0, result.Skipped.Total);
        Assert.Equal(
            ["train/neg/2_1", "train/pos/3_9", "train/pos/10_8", "test/neg/0_2", "test/pos/1_10"],
            result.Reviews.Select(r => r.SourceId));
        Review amelie = result.Reviews[^1];
        Assert.Equal("Amélie — a delight.<br /><br />10/10", amelie.Text);
        Assert.Equal(Review.Positive, amelie.Label);
        Assert.Equal(ReviewSplit.Test, amelie.Split);
        Assert.Equal(1, amelie.Id);
        Assert.Equal(10, amelie.Rating);
        Assert.Equal(ReviewSplit.Train, result.Reviews[0].Split);
        Assert.Equal(Review.Negative, result.Reviews[0].Label);
        Assert.Equal(1, result.Count(ReviewSplit.Train, Review.Negative));
        Assert.Equal(2, result.Count(ReviewSplit.Train, Review.Positive));
    }

    [Fact]
    public void ReviewDataset_Load_ArchiveOrderDoesNotMatter()
    {
        string forward = this._files.WriteArchive("a.tar.gz", OfficialLike);
        string backward = this._files.WriteArchive("b.tar.gz", OfficialLike.Reverse());

        IEnumerable<string> a = ReviewDataset.Load(forward).Reviews.Select(r => r.SourceId + r.Text);
        IEnumerable<string> b = ReviewDataset.Load(backward).Reviews.Select(r => r.SourceId + r.Text);

        Assert.Equal(a, b);
    }

    [Fact]
    public void ReviewDataset_Load_PlainTarAndEntriesWithoutPrefix()
    {
        string path = this._files.WriteArchive("data.tar", [("./train/pos/5_7.txt", "fine"), ("test/neg/6_3.txt", "bad")], gzip: false);

        ReviewLoadResult result = ReviewDataset.Load(path);

        Assert.Equal(["train/pos/5_7", "test/neg/6_3"], result.Reviews.Select(r => r.SourceId));
    }

    [Fact]
    public void ReviewDataset_Load_ArchiveEmptyReviewAndBadNameAreSkippedAndCounted()
    {
        string path = this._files.WriteArchive("a.tar.gz",
        [
            ("aclImdb/train/pos/1_9.txt", "good"),
            ("aclImdb/train/pos/2_9.txt", "  \n "),
            ("aclImdb/train/neg/notes.txt", "not a review name"),
        ]);

        ReviewLoadResult result = ReviewDataset.Load(path);

        Assert.Single(result.Reviews);
        Assert.Equal(1, result.Skipped[SkipReason.EmptyReview]);
        Assert.Equal(1, result.Skipped[SkipReason.UnrecognizedFileName]);
        Assert.Equal("skipped 2 rows: 1 empty review, 1 unrecognized file name", result.Skipped.ToString());
    }

    [Theory]
    [InlineData(0.001)]
    [InlineData(0.2)]
    [InlineData(0.5)]
    [InlineData(0.8)]
    [InlineData(0.95)]
    public void ReviewDataset_Load_TruncatedGzipArchiveThrows(double keep)
    {
        byte[] full = TestFiles.Archive(ManyReviews(300));
        string path = this._files.WriteBytes("cut.tar.gz", full[..(int)(full.Length * keep)]);

        var ex = Assert.Throws<DatasetException>(() => ReviewDataset.Load(path));

        Assert.Contains("truncated or corrupt", ex.Message, StringComparison.Ordinal);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReviewDataset_Load_TarCutAtEntryBoundaryThrows()
    {
        // TarWriter ends an archive with two zero blocks; without them, three entries end exactly at an entry boundary.
        byte[] full = TestFiles.Archive(ManyReviews(10), gzip: false);
        byte[] three = TestFiles.Archive(ManyReviews(3), gzip: false)[..^1024];
        Assert.Equal(three, full[..three.Length]);
        string path = this._files.WriteBytes("cut.tar", three);

        var ex = Assert.Throws<DatasetException>(() => ReviewDataset.Load(path));

        Assert.Contains("truncated or corrupt", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReviewDataset_Load_CorruptGzipThrows()
    {
        byte[] bytes = TestFiles.Archive(ManyReviews(300));
        for (int i = bytes.Length / 2; i < bytes.Length / 2 + 64; i++)
        {
            bytes[i] ^= 0x5A;
        }

        string path = this._files.WriteBytes("corrupt.tar.gz", bytes);

        var ex = Assert.Throws<DatasetException>(() => ReviewDataset.Load(path));
        Assert.Contains("truncated or corrupt", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReviewDataset_Load_GzipOfSomethingElseThrows()
    {
        var output = new MemoryStream();
        using (var gz = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write("review,sentiment\ngood,positive\n"u8);
        }

        string path = this._files.WriteBytes("reviews.csv.gz", output.ToArray());

        var ex = Assert.Throws<DatasetException>(() => ReviewDataset.Load(path));
        Assert.Contains("holds no tar archive", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReviewDataset_Load_OldStyleTarWithoutUstarMagicLoads()
    {
        byte[] tar = TestFiles.Archive([("aclImdb/train/pos/1_9.txt", "good"), ("aclImdb/test/neg/2_1.txt", "bad")], gzip: false);
        Assert.True(tar.AsSpan(257, 5).SequenceEqual("ustar"u8));
        tar.AsSpan(257, 8).Clear(); // a V7 header: no magic, checksum still valid once recomputed
        int sum = 8 * ' ';
        for (int i = 0; i < 512; i++)
        {
            sum += i is < 148 or >= 156 ? tar[i] : 0;
        }

        System.Text.Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(tar, 148);
        string path = this._files.WriteBytes("old.tar", tar);

        ReviewLoadResult result = ReviewDataset.Load(path);

        Assert.Equal(2, result.Reviews.Count);
    }

    [Fact]
    public void ReviewDataset_Load_ArchiveNamedFileThatIsAnErrorPageThrows()
    {
        string path = this._files.WriteText("aclImdb_v1.tar.gz", "<!DOCTYPE html><html><body>404 Not Found</body></html>");

        var ex = Assert.Throws<DatasetException>(() => ReviewDataset.Load(path));

        Assert.Contains("neither the gzip nor the tar signature", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReviewDataset_Load_ArchiveWithoutReviewsThrows()
    {
        string path = this._files.WriteArchive("other.tar.gz", [("project/README.md", "hello"), ("project/train/unsup/1_0.txt", "x")]);

        var ex = Assert.Throws<DatasetException>(() => ReviewDataset.Load(path));

        Assert.Contains("No reviews found", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TarEndTrackingStream_EndsWithZeroBlock_OnlyAfterAWholeZeroBlock()
    {
        byte[] data = new byte[2048];
        data[100] = 1;
        data[1500] = 1; // then 547 zero bytes
        using var tracker = new TarEndTrackingStream(new MemoryStream(data));
        byte[] buffer = new byte[1024];

        tracker.ReadExactly(buffer, 0, 700); // ends with 600 zeros since data[100]
        Assert.True(tracker.EndsWithZeroBlock);
        tracker.ReadExactly(buffer, 0, 801); // data[1500] is the last non-zero: 0 zeros after it
        Assert.False(tracker.EndsWithZeroBlock);
        tracker.ReadExactly(buffer, 0, 300); // 300 zeros
        Assert.False(tracker.EndsWithZeroBlock);
        tracker.ReadExactly(buffer, 0, 247); // 547 zeros in all
        Assert.True(tracker.EndsWithZeroBlock);
        Assert.Equal(0, tracker.Read(buffer, 0, 10));
        Assert.True(tracker.EndsWithZeroBlock);
    }

    /// <summary>n reviews spread over the four folders, each a few hundred characters.</summary>
    internal static IEnumerable<(string Path, string Text)> ManyReviews(int n)
    {
        string[] folders = ["train/pos", "train/neg", "test/pos", "test/neg"];
        for (int i = 0; i < n; i++)
        {
            string text = string.Join(' ', Enumerable.Range(0, 40).Select(k => $"word{(i * 7 + k * 13) % 97}"));
            yield return ($"aclImdb/{folders[i % 4]}/{i}_{1 + (i % 10)}.txt", text);
        }
    }
}
