using System.Text;
using HardmaxCore.Experiments.Export;
using HardmaxCore.Train.Commands;
using HardmaxCore.UnitTests.Cli;

namespace HardmaxCore.UnitTests.Hostile;

/// <summary>Issue 22's "also seen" cases: a CSV row too long for the parser, the streamed CSV export.</summary>
public sealed class HostileRemainingTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => this._folder.Dispose();

    /// <summary>
    /// A row over the cap (a quoted review over three lines) is skipped and counted with the line it starts on, and the
    /// rows after it keep their own line numbers; the rest of the file is read.
    /// </summary>
    [Fact]
    public void Csv_RowLongerThanTheCap_IsSkippedAndCounted_LinesStayTheFiles()
    {
        string longReview = "\"" + new string('x', 150) + "\nsecond line\nthird\",positive";
        string path = this._folder.File("data.csv",
            "review,sentiment\n\"good film\",positive\n" + longReview + "\n\"bad film\",negative\n\"\",negative\nfine,positive\n");
        ReviewLoadResult result = ReviewDataset.LoadCsv(path, maxRowChars: 100);
        Assert.Equal(["bad film", "fine", "good film"], result.Reviews.Select(r => r.Text).Order(StringComparer.Ordinal));
        Assert.Equal(1, result.Skipped[SkipReason.TooLong]);
        Assert.Equal(1, result.Skipped[SkipReason.EmptyReview]);
        Assert.Contains(result.Skipped.Examples, e => e.Contains("line 3", StringComparison.Ordinal) && e.Contains("characters", StringComparison.Ordinal));
        // The rows after the dropped one (3 lines: 3-5) keep the file's lines 6, 7 and 8.
        Assert.Contains(result.Skipped.Examples, e => e.Contains("line 7", StringComparison.Ordinal));
        Assert.Equal("csv/line 6", result.Reviews.Single(r => r.Text == "bad film").SourceId);
        Assert.Equal("csv/line 8", result.Reviews.Single(r => r.Text == "fine").SourceId);
        // Under the default cap the same file is read whole.
        Assert.Equal(4, ReviewDataset.LoadCsv(path).Reviews.Count);
    }

    /// <summary>An unclosed quote is still an error naming its line, never a "too long" row that swallows the rest of the file.</summary>
    [Fact]
    public void Csv_UnclosedQuote_IsStillRefused_NotSkippedAsTooLong()
    {
        var text = new StringBuilder("review,sentiment\n\"good film\",positive\n\"never closed,positive\n");
        for (int r = 0; r < 1500; r++)
        {
            text.Append("fine film,positive\n");
        }
        string path = this._folder.File("open.csv", text.ToString());
        var error = Assert.Throws<DatasetException>(() => ReviewDataset.LoadCsv(path, maxRowChars: 100));
        Assert.Contains("opens on line 3", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<DatasetException>(() => ReviewDataset.LoadCsv(path));
        Assert.Contains("opens on line 3", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// export --embeddings .csv streams its rows: writing 200,000 words × 16 (about 30 MB of text) allocates a small
    /// fraction of the text's size (building it as one string first, as before, allocates several times that size).
    /// </summary>
    [Fact]
    public void ExportCsv_StreamsItsRows_AllocatingFarLessThanTheText()
    {
        const int words = 200_000, d = 16;
        float[] vectors = new float[words * d];
        var random = new Random(1);
        for (int i = 0; i < vectors.Length; i++)
        {
            vectors[i] = (float)(random.NextDouble() - 0.5);
        }
        string[] names = Enumerable.Range(0, words).Select(w => w == 3 ? "a,\"b" : $"w{w}").ToArray();
        var counting = new CountingStream();
        ModelExport.WriteCsv(counting, vectors, names, d); // warm-up
        counting = new CountingStream();
        long before = GC.GetAllocatedBytesForCurrentThread();
        ModelExport.WriteCsv(counting, vectors, names, d);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(counting.Length > 20_000_000, $"only {counting.Length} bytes written");
        Assert.True(allocated < counting.Length / 10, $"allocated {allocated:N0} bytes for {counting.Length:N0} bytes of CSV");

        // The text: header, one row per word, a word with a comma or quote quoted, numbers round-trip exact.
        var small = new MemoryStream();
        ModelExport.WriteCsv(small, [1.5f, -0.1f, 3e-8f, 2f], ["plain", "a,\"b"], 2);
        Assert.Equal("word,e0,e1\nplain,1.5,-0.1\n\"a,\"\"b\",3E-08,2\n", Encoding.UTF8.GetString(small.ToArray()));
    }

    /// <summary>
    /// Ctrl+C (SIGINT) in <c>cluster</c> after it has written its β path, while the heads train: one line naming the file
    /// it wrote (not "nothing was saved"), exit 130, and the outputs not yet written stay unwritten.
    /// </summary>
    [Fact]
    public async Task CtrlC_InCluster_AfterAFileWasWritten_NamesIt()
    {
        string betaPath = Path.Combine(this._folder.Path, "bp.json");
        string report = Path.Combine(this._folder.Path, "r.json");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "exec", Path.Combine(AppContext.BaseDirectory, "hardmax.dll"), "cluster", "--gmm", "3,2,300,6", "--method", "heads",
            "--beta-path", betaPath, "--steps", "500000000", "--allow-long", "--out", report })
        {
            start.ArgumentList.Add(a);
        }
        using var process = System.Diagnostics.Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!File.Exists(betaPath) && !process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            await Task.Delay(20);
        }
        Assert.True(File.Exists(betaPath), $"no β path was written: {(process.HasExited ? await error : "still running")}");
        await Task.Delay(500);
        using (var kill = System.Diagnostics.Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }
        Assert.True(process.WaitForExit(60_000), "cluster did not stop within a minute of SIGINT");
        string errorText = await error;
        string[] lines = errorText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(process.ExitCode == 130, $"exit code {process.ExitCode}: {errorText}");
        Assert.Equal($"hardmax cluster: interrupted: saved {betaPath}; nothing else was.", lines[^1]);
        Assert.Single(lines, l => l.Contains("interrupted", StringComparison.Ordinal));
        Assert.False(File.Exists(report));
        Assert.Equal("", await output);
    }

    /// <summary>A write-only stream that counts the bytes it is given.</summary>
    private sealed class CountingStream : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => this.Position;

        public override long Position { get; set; }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => this.Position += count;

        public override void Write(ReadOnlySpan<byte> buffer) => this.Position += buffer.Length;
    }
}
