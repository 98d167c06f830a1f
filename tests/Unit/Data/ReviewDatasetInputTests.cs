using HardmaxCore.Classifier;

namespace HardmaxCore.UnitTests.Data;

/// <summary>Folder loading and inputs that are not datasets.</summary>
public sealed class ReviewDatasetInputTests : IDisposable
{
    /// <summary>Files of a small extracted aclImdb folder, with things to ignore.</summary>
    private static readonly (string Path, string Text)[] FolderFiles =
    [
        ("aclImdb/README", "readme"),
        ("aclImdb/train/unsup/0_0.txt", "ignored"),
        ("aclImdb/train/labeledBow.feat", "0:1"),
        ("aclImdb/train/pos/12_10.txt", "great"),
        ("aclImdb/train/pos/2_7.txt", "good"),
        ("aclImdb/train/neg/4_1.txt", "bad"),
        ("aclImdb/test/neg/7_4.txt", "poor"),
        ("aclImdb/test/pos/8_8.txt", "fine"),
    ];

    /// <summary>Temp files of this test.</summary>
    private readonly TestFiles _files = new();

    /// <inheritdoc/>
    public void Dispose() => this._files.Dispose();

    [Fact]
    public void ReviewDataset_Load_FolderAtAclImdbOrItsParent()
    {
        string parent = this._files.WriteFolder("extracted", FolderFiles);

        ReviewLoadResult fromParent = ReviewDataset.Load(parent);
        ReviewLoadResult fromRoot = ReviewDataset.Load(Path.Combine(parent, "aclImdb"));

        string[] expected = ["train/neg/4_1", "train/pos/2_7", "train/pos/12_10", "test/neg/7_4", "test/pos/8_8"];
        Assert.Equal(expected, fromParent.Reviews.Select(r => r.SourceId));
        Assert.Equal(expected, fromRoot.Reviews.Select(r => r.SourceId));
        Assert.Equal(DatasetFormat.Folder, fromRoot.Format);
        Assert.Equal(Path.Combine(parent, "aclImdb"), fromParent.Path);
        Assert.Equal("great", fromRoot.Reviews[2].Text);
    }

    [Fact]
    public void ReviewDataset_Load_FolderMatchesArchive()
    {
        string folder = this._files.WriteFolder("extracted", FolderFiles);
        string archive = this._files.WriteArchive("a.tar.gz", FolderFiles);

        IEnumerable<Review> a = ReviewDataset.Load(folder).Reviews;
        IEnumerable<Review> b = ReviewDataset.Load(archive).Reviews;

        Assert.Equal(a, b);
    }

    [Fact]
    public void ReviewDataset_Load_FolderWithoutAclImdbLayoutThrows()
    {
        string folder = this._files.WriteFolder("other", [("notes/a.txt", "x")]);

        var ex = Assert.Throws<DatasetException>(() => ReviewDataset.Load(folder));

        Assert.Contains("not an aclImdb folder", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReviewDataset_Load_MissingPathThrows()
    {
        string path = this._files.PathOf("nowhere/aclImdb_v1.tar.gz");

        var ex = Assert.Throws<DatasetException>(() => ReviewDataset.Load(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReviewDataset_Load_RandomBinaryFileThrows()
    {
        byte[] bytes = new byte[10_000];
        new Random(7).NextBytes(bytes);
        bytes[0] = 0x42; // not the gzip magic
        string path = this._files.WriteBytes("weights.bin", bytes);

        var ex = Assert.Throws<DatasetException>(() => ReviewDataset.Load(path));

        Assert.Contains("not an IMDb dataset", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReviewDataset_Load_EmptyFileThrows()
    {
        string path = this._files.WriteBytes("empty.csv", []);

        var ex = Assert.Throws<DatasetException>(() => ReviewDataset.Load(path));

        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReviewDataset_Load_ZipFileThrows()
    {
        string path = this._files.PathOf("aclImdb.zip");
        using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create))
        {
            using var writer = new StreamWriter(zip.CreateEntry("aclImdb/train/pos/0_9.txt").Open());
            writer.Write("good");
        }

        var ex = Assert.Throws<DatasetException>(() => ReviewDataset.Load(path));

        Assert.Contains("zip", ex.Message, StringComparison.Ordinal);
    }
}
