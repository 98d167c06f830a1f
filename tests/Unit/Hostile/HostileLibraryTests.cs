using System.Diagnostics;
using System.Text;
using HardmaxCore.UnitTests.Cli;
using HardmaxCore.UnitTests.Data;
using HardmaxCore.UnitTests.Training;

namespace HardmaxCore.UnitTests.Hostile;

/// <summary>Hostile inputs checked at the library level, where the CLI suite would be slow or cannot reach.</summary>
public sealed class HostileLibraryTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => this._folder.Dispose();

    [Fact]
    public void ReviewDataset_ArchiveMissingAnyOfItsLast48Bytes_IsRefused()
    {
        var entries = Enumerable.Range(0, 20).Select(r => ($"aclImdb/train/pos/{r}_9.txt", $"review number {r} is great")).ToList();
        byte[] archive = TestFiles.Archive(entries);
        string whole = Path.Combine(this._folder.Path, "whole.tar.gz");
        File.WriteAllBytes(whole, archive);
        Assert.Equal(20, ReviewDataset.Load(whole).Reviews.Count);
        for (int cut = 1; cut <= 48; cut++)
        {
            string path = Path.Combine(this._folder.Path, $"cut{cut}.tar.gz");
            File.WriteAllBytes(path, archive[..^cut]);
            var error = Assert.Throws<DatasetException>(() => ReviewDataset.Load(path));
            Assert.Contains("truncated or corrupt", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ReviewDataset_ArchiveEntryOverTheCap_IsSkippedAndCountedWithoutBeingRead()
    {
        var entries = new List<(string, string)>
        {
            ("aclImdb/train/pos/1_9.txt", "fine"),
            ("aclImdb/train/pos/2_9.txt", new string('x', ReviewDataset.MaxReviewBytes + 1)),
            ("aclImdb/train/neg/3_2.txt", "bad"),
        };
        string path = Path.Combine(this._folder.Path, "bomb.tar.gz");
        File.WriteAllBytes(path, TestFiles.Archive(entries));
        long before = GC.GetAllocatedBytesForCurrentThread();
        ReviewLoadResult result = ReviewDataset.Load(path);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(2, result.Reviews.Count);
        Assert.Equal(1, result.Skipped[SkipReason.TooLong]);
        // The 16 MiB entry is skipped, not decoded: far less than its size (let alone the 32 MiB of its UTF-16 string) is allocated.
        Assert.True(allocated < ReviewDataset.MaxReviewBytes / 2, $"allocated {allocated} bytes");
    }

    [Fact]
    public void ReviewDataset_CsvQuoteUnclosedAtTheEnd_NamesTheLineWhereItOpens()
    {
        string path = Path.Combine(this._folder.Path, "end.csv");
        File.WriteAllText(path, "review,sentiment\n\"good film\",positive\n\"bad film,negative\nmore text\n");
        var error = Assert.Throws<DatasetException>(() => ReviewDataset.Load(path));
        Assert.Contains("opens on line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReviewDataset_CsvQuotedFieldOverSeveralLines_IsStillAccepted()
    {
        string path = Path.Combine(this._folder.Path, "multi.csv");
        File.WriteAllText(path, "review,sentiment\n\"first line\nsecond line\",positive\n\"bad\",negative\n");
        Assert.Equal(2, ReviewDataset.Load(path).Reviews.Count);
    }

    [Fact]
    public void ModelFile_Save_RefusesNonFiniteWeights_AndLeavesNothing()
    {
        string path = Path.Combine(this._folder.Path, "m.bin");
        var error = Assert.Throws<ModelFileException>(() => ModelFile.Save(path, new System.Text.Json.Nodes.JsonObject(), [[1f, float.PositiveInfinity]]));
        Assert.Contains("refusing to save", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(this._folder.Path));
    }

    [Fact]
    public async Task AtomicFile_FifoDestination_IsWrittenThroughAndStaysAFifo()
    {
        string fifo = HostileFiles.Fifo(Path.Combine(this._folder.Path, "out.fifo"));
        Task<byte[]> reader = Task.Run(() => File.ReadAllBytes(fifo));
        AtomicFile.WriteAllBytes(fifo, "hello"u8);
        byte[] read = await reader.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("hello", Encoding.UTF8.GetString(read));
        Assert.Equal(FileKind.Pipe, UserFile.KindOf(fifo));
    }

    [Fact]
    public void AtomicFile_RemoveOrphans_KeepsTheTemporariesOfLiveProcesses()
    {
        string dead = Path.Combine(this._folder.Path, $".model.bin.99999.{Guid.NewGuid():N}.tmp");
        string live = Path.Combine(this._folder.Path, $".model.bin.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        string other = Path.Combine(this._folder.Path, ".notes.tmp");
        foreach (string file in new[] { dead, live, other })
        {
            File.WriteAllText(file, "x");
        }
        IReadOnlyList<string> removed = AtomicFile.RemoveOrphans(this._folder.Path);
        Assert.Equal([Path.GetFileName(dead)], removed);
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(other));
    }

    [Fact]
    public void UserFile_OverTheCap_SaysHowToRaiseIt()
    {
        string path = this._folder.File("big.json", new string(' ', 100));
        var error = Assert.Throws<UnreadableFileException>(() => UserFile.OpenRead(path, "simulation input", cap: 10));
        Assert.Contains(UserFile.CapVariable, error.Message, StringComparison.Ordinal);
        Assert.Contains("100 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_Sigterm_SavesACheckpointLikeCtrlC()
    {
        string data = SyntheticReviews.WriteCsv(this._folder.Path, 3000);
        string run = Path.Combine(this._folder.Path, "run");
        string tool = Path.Combine(AppContext.BaseDirectory, "hardmax.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", tool, "train", "--data", data, "--dim", "4", "--layers", "2", "--tokens", "32",
            "--epochs", "50", "--batch", "4", "--threads", "1", "--out", run])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using Process process = Process.Start(start)!;
        var error = new StringBuilder();
        string? line;
        while ((line = process.StandardError.ReadLine()) is not null)
        {
            error.AppendLine(line);
            if (line.StartsWith("epoch 1 batch", StringComparison.Ordinal))
            {
                break;
            }
        }
        Assert.False(process.HasExited, error.ToString());
        using (Process kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
        {
            kill.WaitForExit();
        }
        error.Append(process.StandardError.ReadToEnd());
        Assert.True(process.WaitForExit(60_000), "the run did not stop after SIGTERM");
        Assert.True(process.ExitCode == 143, $"exit code {process.ExitCode}: {error}");
        Assert.Contains("terminated: checkpoint saved at epoch ", error.ToString(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(run, "checkpoint.bin")));
        Assert.Empty(Directory.GetFiles(run, "*.tmp"));
    }
}
