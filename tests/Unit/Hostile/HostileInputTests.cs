using System.Text;
using System.Text.Json;
using HardmaxCore.UnitTests.Cli;
using HardmaxCore.UnitTests.Data;
using HardmaxCore.UnitTests.Training;

namespace HardmaxCore.UnitTests.Hostile;

/// <summary>The folder one hostile case works in, and the shared fixture.</summary>
public sealed class HostileContext(HostileFixture fixture) : IDisposable
{
    private readonly TempDirectory _work = new();

    public HostileFixture Fixture { get; } = fixture;

    /// <summary>A path in the case's own folder.</summary>
    public string P(string name) => Path.Combine(this._work.Path, name);

    /// <summary>Writes a file in the case's folder.</summary>
    public string Text(string name, string text) => this._work.File(name, text);

    public void Dispose() => this._work.Dispose();
}

/// <summary>One hostile input: the command line, the exit code, a fragment of the message, and what must be on disk after.</summary>
/// <param name="Name">The case, as in issue 10.</param>
/// <param name="Arguments">The command line, built in the case's folder.</param>
/// <param name="ExitCode">The exit code expected.</param>
/// <param name="Expected">A fragment of stderr (or stdout) expected.</param>
/// <param name="Disk">What must hold on disk afterwards (null: nothing to check).</param>
public sealed record HostileCase(string Name, Func<HostileContext, string[]> Arguments, int ExitCode, string Expected, Action<HostileContext>? Disk = null);

/// <summary>
/// Issue 10's hostile inputs, one row each: every case ends with the expected exit code, no stack trace, exactly one error
/// line (when it fails) that says what was wrong, and the disk in the state stated (nothing half-written, no folder made
/// for nothing, devices and pipes left as they were).
/// </summary>
public sealed class HostileInputTests(HostileFixture fixture) : IClassFixture<HostileFixture>
{
    /// <summary>A small training command; <paramref name="more"/> (option, value pairs) overrides the defaults.</summary>
    private static string[] Train(HostileContext c, string data, string folder, params string[] more)
    {
        var options = new Dictionary<string, string> { ["--dim"] = "2", ["--layers"] = "1", ["--tokens"] = "8", ["--epochs"] = "1" };
        for (int k = 0; k + 1 < more.Length; k += 2)
        {
            options[more[k]] = more[k + 1];
        }
        return ["train", "--data", data, "--out", c.P(folder), .. options.SelectMany(o => new[] { o.Key, o.Value })];
    }

    private static void Absent(HostileContext c, string name) => Assert.False(Path.Exists(c.P(name)), $"{name} should not exist");

    private static string Csv(HostileContext c, string name, int rows, Func<int, string>? row = null)
    {
        var text = new StringBuilder("review,sentiment\n");
        for (int r = 0; r < rows; r++)
        {
            text.Append(row?.Invoke(r) ?? (r % 2 == 0 ? "\"great wonderful film\",positive" : "\"awful boring film\",negative")).Append('\n');
        }
        return c.Text(name, text.ToString());
    }

    private static string DamagedModel(HostileContext c, Action<System.Text.Json.Nodes.JsonObject> edit)
        => HostileFiles.EditHeader(c.Fixture.Model, c.P("damaged.bin"), edit);

    private static string DamagedCheckpoint(HostileContext c, Action<System.Text.Json.Nodes.JsonObject> edit)
        => HostileFiles.EditCheckpoint(c.Fixture.Checkpoint, c.P("run"), edit);

    private static string Raw(HostileContext c, string header, int? count = null, long? firstLength = null)
    {
        (System.Text.Json.Nodes.JsonObject _, float[][] arrays) = HostileFiles.Read(c.Fixture.Model);
        string path = c.P("raw.bin");
        HostileFiles.WriteRaw(path, header, arrays, count, firstLength);
        return path;
    }

    private static string ModelHeader(HostileContext c) => HostileFiles.Read(c.Fixture.Model).Header.ToJsonString();

    private static string Simulation(HostileContext c, string json) => c.Text("input.json", json);

    /// <summary>Streams opened by a case to hold a lock; closed after the case.</summary>
    private static readonly List<FileStream> Holds = [];

    public static readonly HostileCase[] Cases =
    [
        // 1. NaN/∞ never reaches a JSON writer; empty splits are refused before any work.
        new("empty validation split", c => Train(c, Csv(c, "40.csv", 40), "nan", "--val-fraction", "0.01"), 2, "validation split is empty", c => Absent(c, "nan")),
        new("val-fraction 0.999 empties train", c => Train(c, Csv(c, "40.csv", 40), "nan", "--val-fraction", "0.999"), 2, "split", c => Absent(c, "nan")),
        new("one-row CSV", c => Train(c, Csv(c, "1.csv", 1), "nan"), 2, "empty", c => Absent(c, "nan")),
        new("diverging learning rate", c => Train(c, c.Fixture.Csv, "nan", "--lr", "1e10", "--temperature", "1e-300"), 2, "training diverged at epoch 1, batch 1", c => Absent(c, "nan")),
        new("--temperature 1e-300", c => Train(c, c.Fixture.Csv, "nan", "--temperature", "1e-300"), 2, "the loss became NaN", c => Absent(c, "nan")),
        new("diverging after an epoch keeps the last good checkpoint", c => ["train", "--resume", HugeWeights(c), "--epochs", "2"], 2, "training diverged at epoch 2, batch 1",
            c => { Assert.True(File.Exists(Path.Combine(c.P("copy"), "checkpoint.bin"))); Assert.Equal(0, CliHarness.Run("evaluate", "--model", c.P("copy")).ExitCode); }),
        new("evaluate --json with one class absent", c => ["evaluate", "--model", c.Fixture.Model, "--data", Csv(c, "pos.csv", 40, _ => "\"great wonderful film\",positive"), "--json"], 0, "\"recallNegative\": null"),
        new("predict a model with a NaN weight", c => { (var h, float[][] a) = HostileFiles.Read(c.Fixture.Model); a[2][0] = float.NaN; HostileFiles.WriteRaw(c.P("nan.bin"), h.ToJsonString(), a); return ["predict", "--model", c.P("nan.bin"), "good"]; }, 2, "weights must be finite"),

        // 2. Two runs in one folder.
        new("train into a folder holding a run", c => ["train", "--data", c.Fixture.Csv, "--dim", "2", "--out", c.Fixture.Run], 2, "already holds a training run"),
        new("--force replaces a run and says what it deletes", c => ["train", "--data", c.Fixture.Csv, "--dim", "2", "--layers", "1", "--tokens", "8", "--epochs", "1", "--out", CopyRun(c), "--force"], 0, "replacing the run in",
            c => Assert.True(File.Exists(Path.Combine(c.P("copy"), "model.bin")))),
        new("--force with --resume", c => ["train", "--resume", c.Fixture.Run, "--force"], 2, "--force replaces a run; --resume continues one"),
        new("train into a locked folder", c => { Directory.CreateDirectory(c.P("locked")); var hold = new FileStream(Path.Combine(c.P("locked"), ".lock"), FileMode.Create, FileAccess.ReadWrite, FileShare.None); Holds.Add(hold); return Train(c, c.Fixture.Csv, "locked"); }, 2, "another training run is writing", c => Assert.False(File.Exists(Path.Combine(c.P("locked"), "model.bin")))),

        // 3. Sizes.
        new("--tokens 46341", c => Train(c, c.Fixture.Csv, "big", "--tokens", "46341"), 2, "n = 46341", c => Absent(c, "big")),
        new("--tokens 12000 --layers 8 --threads 64 is over the memory budget", c => Train(c, c.Fixture.Csv, "big", "--tokens", "12000", "--layers", "8", "--threads", "64"), 2, "memory budget", c => Absent(c, "big")),
        new("--tokens 65536", c => Train(c, c.Fixture.Csv, "big", "--tokens", "65536"), 2, "values", c => Absent(c, "big")),
        new("--tokens 65537", c => Train(c, c.Fixture.Csv, "big", "--tokens", "65537"), 2, "--tokens expects a whole number from 1 to 65,536", c => Absent(c, "big")),
        new("--layers 2000000000", c => Train(c, c.Fixture.Csv, "big", "--layers", "2000000000"), 2, "--layers expects", c => Absent(c, "big")),
        new("--dim 2000000000", c => Train(c, c.Fixture.Csv, "big", "--dim", "2000000000"), 2, "--dim expects", c => Absent(c, "big")),
        new("--batch 100000 --tokens 16 --dim 2200", c => Train(c, c.Fixture.Csv, "big", "--batch", "100000", "--tokens", "16", "--dim", "2200"), 2, "batch", c => Absent(c, "big")),
        new("bench --train --d 100000", _ => ["bench", "--train", "--d", "50000", "--seconds", "0.1"], 2, "embedding"),
        new("trajectory --size 100000", c => ["trajectory", "--model", c.Fixture.Model, "--text", "great film", "--size", "100000", "--out", c.P("t")], 2, "--size expects", c => Absent(c, "t")),
        new("simulate --steps 2e9 --trajectory", _ => ["simulate", "--example", "square", "--steps", "2000000000", "--trajectory"], 2, "trajectory of 2000000001 layers"),

        // 4. Files with a valid checksum are checked field by field.
        new("header dimension -2", c => ["evaluate", "--model", DamagedModel(c, h => h["dimension"] = -2)], 2, "damaged model file"),
        new("header layers -1", c => ["evaluate", "--model", DamagedModel(c, h => h["layers"] = -1)], 2, "'layers' is -1"),
        new("header field of the wrong type", c => ["evaluate", "--model", DamagedModel(c, h => h["tokens"] = "many")], 2, "'tokens' is a string"),
        new("header kind of the wrong type", c => ["evaluate", "--model", DamagedModel(c, h => h["kind"] = 7)], 2, "not a classifier model"),
        new("header vocabulary with null", c => ["evaluate", "--model", DamagedModel(c, h => h["vocabulary"] = new System.Text.Json.Nodes.JsonArray("<pad>", "<unk>", null))], 2, "vocabulary"),
        new("header is a JSON array", c => ["evaluate", "--model", Raw(c, "[1, 2]")], 2, "not a JSON object"),
        new("header is not JSON", c => ["evaluate", "--model", Raw(c, "{nope")], 2, "not valid JSON"),
        new("array count int.MaxValue", c => ["evaluate", "--model", Raw(c, ModelHeader(c), count: int.MaxValue)], 2, "array count"),
        new("array count negative", c => ["evaluate", "--model", Raw(c, ModelHeader(c), count: -5)], 2, "array count"),
        new("array length 2^29", c => ["evaluate", "--model", Raw(c, ModelHeader(c), firstLength: 1L << 29)], 2, "claims 536870912 floats"),
        new("array length negative", c => ["evaluate", "--model", Raw(c, ModelHeader(c), firstLength: -1)], 2, "claims -1 floats"),
        new("checkpoint without adamSteps", c => ["train", "--resume", DamagedCheckpoint(c, s => s.Remove("adamSteps"))], 2, "'adamSteps' is missing"),
        new("checkpoint epoch \"one\"", c => ["train", "--resume", DamagedCheckpoint(c, s => s["epoch"] = "one")], 2, "'epoch' is a string"),
        new("checkpoint epoch 0", c => ["train", "--resume", DamagedCheckpoint(c, s => s["epoch"] = 0)], 2, "'epoch' is 0"),
        new("checkpoint batchSize 0", c => ["train", "--resume", DamagedCheckpoint(c, s => s["options"]!.AsObject()["batchSize"] = 0)], 2, "TrainingOptions.BatchSize must be between 1 and 1048576 (found 0)"),
        new("checkpoint options an array", c => ["train", "--resume", DamagedCheckpoint(c, s => s["options"] = new System.Text.Json.Nodes.JsonArray())], 2, "'options' is an array"),
        new("checkpoint history a string", c => ["train", "--resume", DamagedCheckpoint(c, s => s["history"] = "x")], 2, "history"),

        // 5, 6. Bombs, endless and special files.
        new("archive with a 17 MiB review", c => Train(c, Bomb(c), "bomb"), 0, "1 longer than 16 MiB"),
        new("CSV with a 17 MiB review", c => Train(c, Csv(c, "huge.csv", 60, r => r == 7 ? "\"" + new string('a', 17 << 20) + "\",positive" : null!), "hugecsv"), 0, "1 longer than 16 MiB"),
        new("data folder with a 17 MiB review", c => Train(c, Folder(c, huge: true), "huge"), 0, "1 longer than 16 MiB"),
        new("simulate --input /dev/zero", _ => ["simulate", "--input", "/dev/zero"], 2, "character device"),
        new("evaluate --model /dev/zero", _ => ["evaluate", "--model", "/dev/zero"], 2, "character device"),
        new("predict --model FIFO", c => ["predict", "--model", HostileFiles.Fifo(c.P("fifo.bin")), "good"], 2, "named pipe"),
        new("data folder with a review linked to /dev/zero", c => Train(c, Folder(c, link: "/dev/zero"), "dev"), 2, "character device", c => Absent(c, "dev")),
        new("data folder with a FIFO review", c => Train(c, Folder(c, fifo: true), "fifo"), 2, "named pipe", c => Absent(c, "fifo")),
        new("predict --file FIFO", c => ["predict", "--model", c.Fixture.Model, "--file", HostileFiles.Fifo(c.P("reviews"))], 2, "named pipe"),

        // 7. Atomic writes and what is not a regular file.
        new("--out /dev/null", _ => ["simulate", "--example", "square", "--out", "/dev/null"], 0, "wrote /dev/null", _ => Assert.Equal(FileKind.CharacterDevice, UserFile.KindOf("/dev/null"))),
        new("--out /dev/full names the user's path", _ => ["simulate", "--example", "square", "--out", "/dev/full"], 2, "cannot write '/dev/full'", _ => Assert.Equal(FileKind.CharacterDevice, UserFile.KindOf("/dev/full"))),
        new("--out a symbolic link", c => { File.WriteAllText(c.P("target.json"), "old"); File.CreateSymbolicLink(c.P("link.json"), c.P("target.json")); return ["simulate", "--example", "square", "--out", c.P("link.json")]; }, 0, "wrote",
            c => { Assert.NotNull(new FileInfo(c.P("link.json")).LinkTarget); Assert.StartsWith("{", File.ReadAllText(c.P("target.json")), StringComparison.Ordinal); }),
        new("--out a block device is refused", _ => ["simulate", "--example", "square", "--out", BlockDevice()], 2, "block device"),

        // 8. Orphan temporaries of dead processes.
        new("resume removes dead processes' temporaries", c => { string run = CopyRun(c); File.WriteAllText(Path.Combine(run, $".model.bin.99999.{Guid.NewGuid():N}.tmp"), "half"); return ["train", "--resume", run, "--epochs", "2"]; }, 0, "removed 1 temporary file",
            c => Assert.Empty(Directory.GetFiles(c.P("copy"), "*.tmp"))),

        // 9. Unclosed CSV quote.
        new("unclosed quote swallows rows", c => Train(c, Csv(c, "quote.csv", 20, r => r == 10 ? "\"this quote never closes, positive" : r % 2 == 0 ? "\"great wonderful film\",positive" : "\"awful boring film\",negative"), "q"), 2, "opens on line 12", c => Absent(c, "q")),

        // 10. simulate: overflowing scores and α out of range.
        new("simulate double tokens 1e200", c => ["simulate", "--input", Simulation(c, """{"alpha": 0.5, "tokens": [[1e200, 0], [-1e200, 1]]}""")], 2, "scores"),
        new("simulate float tokens 1e20", c => ["simulate", "--precision", "float", "--input", Simulation(c, """{"alpha": 0.5, "tokens": [[1e20, 0], [-1e20, 1]]}""")], 2, "--precision double"),
        new("simulate α 1e308", c => ["simulate", "--input", Simulation(c, """{"alpha": 1e308, "tokens": [[1, 0], [0, 1]]}""")], 2, "α must be in [1E-12, 1000000000000]"),
        new("simulate α 1e-300", c => ["simulate", "--input", Simulation(c, """{"alpha": 1e-300, "tokens": [[1, 0], [0, 1]]}""")], 2, "α must be in"),
        new("simulate α 1e-6 with tol 1e-6", c => ["simulate", "--precision", "float", "--input", Simulation(c, """{"alpha": 1e-6, "tokens": [[1, 0], [0, 1]]}""")], 2, "stopping rule"),

        // 11. A cut archive.
        new("archive missing its last 20 bytes", c => Train(c, Cut(c, 20), "cut"), 2, "truncated or corrupt", c => Absent(c, "cut")),

        // 13 and the rest.
        new("predict escapes terminal controls", c => ["predict", "--model", c.Fixture.Model, "great \u001b]0;owned\u0007 film \u001b[2J"], 0, "\\x1b]0;owned\\x07", null),
        new("predict \"\"", c => ["predict", "--model", c.Fixture.Model, ""], 2, "the review text is empty"),
        new("explain \"\"", c => ["explain", "--model", c.Fixture.Model, "", "--out", c.P("e.html")], 2, "the review text is empty", c => Absent(c, "e.html")),
        new("trajectory that fails makes no folder", c => ["trajectory", "--model", c.Fixture.Model, "--text", " ", "--out", c.P("t")], 2, "the review text is empty", c => Absent(c, "t")),
        new("skipped rows said once", c => Train(c, Csv(c, "skip.csv", 40, r => r == 3 ? "\"text\",maybe" : r % 2 == 0 ? "\"great wonderful film\",positive" : "\"awful boring film\",negative"), "skip"), 0, "skipped 1 row: 1 unknown label"),
    ];

    public static TheoryData<string> Names => new(Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void HostileInput_ExitCodeOneLineAndDiskState(string name) => Verify(Cases.Single(c => c.Name == name), fixture);

    /// <summary>Runs one case and checks its exit code, its one error line (no stack trace), its message and the disk.</summary>
    internal static CliResult Verify(HostileCase hostile, HostileFixture fixture)
    {
        string name = hostile.Name;
        using var context = new HostileContext(fixture);
        CliResult result;
        try
        {
            result = CliHarness.Run(hostile.Arguments(context));
        }
        finally
        {
            lock (Holds)
            {
                Holds.ForEach(h => h.Dispose());
                Holds.Clear();
            }
        }

        Assert.True(hostile.ExitCode == result.ExitCode, $"exit code {result.ExitCode}, expected {hostile.ExitCode}; stderr: {result.Error}");
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("skipped skipped", result.Error, StringComparison.Ordinal);
        string[] reports = HostileFiles.ErrorReports(result);
        if (hostile.ExitCode == 2)
        {
            Assert.True(reports.Length == 1, $"expected one error line, got: {result.Error}");
            Assert.Equal(reports[0], result.ErrorLines[^1]);
        }
        else
        {
            Assert.Empty(reports);
        }
        Assert.True(
            result.Error.Contains(hostile.Expected, StringComparison.Ordinal) || result.Output.Contains(hostile.Expected, StringComparison.Ordinal),
            $"expected '{hostile.Expected}' in the output; stderr: {result.Error}; stdout: {result.Output}");
        if (name == "predict escapes terminal controls")
        {
            Assert.DoesNotContain('\u001b', result.Output);
            Assert.DoesNotContain('\u0007', result.Output);
        }
        hostile.Disk?.Invoke(context);
        return result;
    }

    /// <summary>Sixty reviews and one of 17 MiB (a few kilobytes compressed).</summary>
    private static string Bomb(HostileContext c)
    {
        var entries = new List<(string, string)>();
        for (int r = 0; r < 60; r++)
        {
            entries.Add(r % 2 == 0 ? ($"aclImdb/train/pos/{r}_9.txt", "great wonderful film") : ($"aclImdb/train/neg/{r}_2.txt", "awful boring film"));
        }
        entries.Add(("aclImdb/train/pos/999_10.txt", new string('a', 17 << 20)));
        string path = c.P("bomb.tar.gz");
        File.WriteAllBytes(path, TestFiles.Archive(entries));
        return path;
    }

    /// <summary>An archive of forty reviews with its last <paramref name="bytes"/> bytes cut off.</summary>
    internal static string Cut(HostileContext c, int bytes)
    {
        var entries = new List<(string, string)>();
        for (int r = 0; r < 40; r++)
        {
            entries.Add(r % 2 == 0 ? ($"aclImdb/train/pos/{r}_9.txt", "great wonderful film") : ($"aclImdb/train/neg/{r}_2.txt", "awful boring film"));
        }
        byte[] archive = TestFiles.Archive(entries);
        string path = c.P("cut.tar.gz");
        File.WriteAllBytes(path, archive[..^bytes]);
        return path;
    }

    /// <summary>An aclImdb folder of forty reviews plus one that is a link or a FIFO.</summary>
    private static string Folder(HostileContext c, string? link = null, bool fifo = false, bool huge = false)
    {
        string root = c.P("aclImdb");
        foreach (string label in new[] { "pos", "neg" })
        {
            Directory.CreateDirectory(Path.Combine(root, "train", label));
        }
        for (int r = 0; r < 40; r++)
        {
            File.WriteAllText(Path.Combine(root, "train", r % 2 == 0 ? "pos" : "neg", $"{r}_{(r % 2 == 0 ? 9 : 2)}.txt"), r % 2 == 0 ? "great wonderful film" : "awful boring film");
        }
        string odd = Path.Combine(root, "train", "pos", "999_10.txt");
        if (link is not null)
        {
            File.CreateSymbolicLink(odd, link);
        }
        if (fifo)
        {
            HostileFiles.Fifo(odd);
        }
        if (huge)
        {
            File.WriteAllText(odd, new string('a', 17 << 20));
        }
        return root;
    }

    /// <summary>A copy of the fixture's run whose checkpoint holds finite embeddings of 1e20, whose scores overflow float.</summary>
    private static string HugeWeights(HostileContext c)
    {
        string run = CopyRun(c);
        string checkpoint = Path.Combine(run, "checkpoint.bin");
        (System.Text.Json.Nodes.JsonObject header, float[][] arrays) = HostileFiles.Read(checkpoint);
        Array.Fill(arrays[0], 1e20f);
        HostileFiles.WriteRaw(checkpoint, header.ToJsonString(), arrays);
        return run;
    }

    /// <summary>A copy of the fixture's run folder.</summary>
    private static string CopyRun(HostileContext c)
    {
        string copy = c.P("copy");
        Directory.CreateDirectory(copy);
        foreach (string file in Directory.GetFiles(c.Fixture.Run))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }
        return copy;
    }

    /// <summary>A block device of this machine (a loop device or a disk), or a missing path when there is none.</summary>
    private static string BlockDevice()
        => new[] { "/dev/loop0", "/dev/sda", "/dev/vda", "/dev/nvme0n1", "/dev/xvda" }.FirstOrDefault(d => UserFile.KindOf(d) == FileKind.BlockDevice)
            ?? "/nonexistent-block-device";
}
