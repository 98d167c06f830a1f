using System.Text;
using HardmaxCore.UnitTests.Cli;

namespace HardmaxCore.UnitTests.Hostile;

/// <summary>
/// Issue 22's hostile inputs (the second audit), one row each, checked as issue 10's are
/// (<see cref="HostileInputTests.Verify"/>): exit code, one error line without a stack trace, the message, the disk; and
/// nothing an input file held reaches stderr as a raw control character.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class HostileRoundTwoTests(HostileFixture fixture) : IClassFixture<HostileFixture>
{
    private const string Gmm = "3,2,300,6";

    /// <summary>A victim file outside the case folder's subfolder, mode 600, holding "x\n".</summary>
    private static string Victim(HostileContext c)
    {
        string path = c.Text("victim", "x\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    /// <summary>A symbolic link <c>sub/NAME</c> to the victim, which lies outside <c>sub</c>.</summary>
    private static string LinkOut(HostileContext c, string name)
    {
        Directory.CreateDirectory(c.P("sub"));
        string link = Path.Combine(c.P("sub"), name);
        File.CreateSymbolicLink(link, Victim(c));
        return link;
    }

    /// <summary>The victim is untouched: same bytes, same mode.</summary>
    private static void VictimIntact(HostileContext c)
    {
        Assert.Equal("x\n", File.ReadAllText(c.P("victim")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(c.P("victim")));
    }

    private static void Absent(HostileContext c, string name) => Assert.False(Path.Exists(c.P(name)), $"{name} should not exist");

    /// <summary>A sweep folder whose single run folder holds <paramref name="plant"/> as <c>metrics.json</c> (or as the file named).</summary>
    private static string SweepWith(HostileContext c, Action<string> plant)
    {
        string run = Path.Combine(c.P("sweep"), "default", "seed-0");
        Directory.CreateDirectory(run);
        plant(run);
        return c.P("sweep");
    }

    private static string[] Sweep(HostileContext c, string root, params string[] more)
        => ["sweep", "--data", c.Fixture.Csv, "--out", root, "--dim", "2", "--layers", "1", "--tokens", "8", "--epochs", "1", .. more];

    /// <summary>An attention run trained in the case folder.</summary>
    private static string AttentionRun(HostileContext c)
    {
        string run = c.P("att");
        CliResult trained = CliHarness.Run("train", "--data", c.Fixture.Csv, "--architecture", "attention", "--dim", "2", "--tokens", "8", "--epochs", "1", "--out", run);
        Assert.True(trained.ExitCode == 0, trained.Error);
        return run;
    }

    /// <summary>JSON tokens of a simulate input: <paramref name="n"/> points in R².</summary>
    private static string ManyTokens(HostileContext c, int n)
    {
        var json = new StringBuilder("{\"alpha\": 0.5, \"tokens\": [");
        for (int i = 0; i < n; i++)
        {
            json.Append(i == 0 ? "" : ",").Append('[').Append(i % 997).Append(',').Append(i % 991).Append(']');
        }
        return c.Text("many.json", json.Append("]}").ToString());
    }

    public static readonly HostileCase[] Cases =
    [
        // 1. Symbolic links: one out of its folder is refused, the target untouched; one inside it is followed, mode kept.
        new("cluster --out through a link out of its folder", c => ["cluster", "--gmm", Gmm, "--method", "kmeans", "--out", LinkOut(c, "o.json")], 2, "outside the link's folder", VictimIntact),
        new("cluster --assignments through a link out of its folder", c => ["cluster", "--gmm", Gmm, "--method", "kmeans", "--out", c.P("r.json"), "--assignments", LinkOut(c, "a.csv")], 2, "outside the link's folder",
            c => { VictimIntact(c); Absent(c, "r.json"); }),
        new("cluster --outputs through a link out of its folder", c => ["cluster", "--gmm", Gmm, "--method", "quantize", "--layers", "2", "--outputs", LinkOut(c, "q.csv")], 2, "outside the link's folder", VictimIntact),
        new("cluster --plot through a link out of its folder", c => ["cluster", "--gmm", Gmm, "--method", "kmeans", "--plot", LinkOut(c, "p.png")], 2, "outside the link's folder", VictimIntact),
        new("export --embeddings through a link out of its folder", c => ["export", "--model", c.Fixture.Model, "--embeddings", LinkOut(c, "e.npy")], 2, "outside the link's folder", VictimIntact),
        new("a link inside its folder is followed and keeps the target's mode", c => { File.CreateSymbolicLink(c.P("o.json"), Victim(c)); return ["cluster", "--gmm", Gmm, "--method", "kmeans", "--out", c.P("o.json")]; }, 0, "kmeans",
            c => { Assert.StartsWith("{", File.ReadAllText(c.P("victim")), StringComparison.Ordinal); Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(c.P("victim"))); Assert.NotNull(new FileInfo(c.P("o.json")).LinkTarget); }),
        new("a train.log planted as a link in a sweep folder", c => Sweep(c, SweepWith(c, run => File.CreateSymbolicLink(Path.Combine(run, "train.log"), Victim(c)))), 1, "never follows links inside run folders", VictimIntact),
        new("a model.bin planted as a link in a run folder", c => { Directory.CreateDirectory(c.P("run")); File.CreateSymbolicLink(Path.Combine(c.P("run"), "model.bin"), Victim(c)); return ["train", "--data", c.Fixture.Csv, "--dim", "2", "--layers", "1", "--tokens", "8", "--epochs", "1", "--out", c.P("run")]; }, 2, "never follows links inside run folders", VictimIntact),

        // 2. metrics.json is read like every other file: a FIFO or a device is refused, never read.
        new("sweep --print-plan with a FIFO as metrics.json", c => Sweep(c, SweepWith(c, run => HostileFiles.Fifo(Path.Combine(run, "metrics.json"))), "--print-plan"), 0, "conflict"),
        new("sweep-report with a FIFO as metrics.json", c => ["sweep-report", SweepWith(c, run => HostileFiles.Fifo(Path.Combine(run, "metrics.json")))], 2, "named pipe"),
        new("sweep-report with metrics.json linked to /dev/zero", c => ["sweep-report", SweepWith(c, run => File.CreateSymbolicLink(Path.Combine(run, "metrics.json"), "/dev/zero"))], 2, "character device"),
        new("sweep with a FIFO as metrics.json fails that run only", c => Sweep(c, SweepWith(c, run => HostileFiles.Fifo(Path.Combine(run, "metrics.json")))), 1, "named pipe"),

        // 4. Crash.
        new("heads --batch 2000000000", _ => ["cluster", "--gmm", Gmm, "--method", "heads", "--steps", "1", "--batch", "2000000000"], 2, "mini-batch of 2000000000 points"),

        // 5. Sweep plans: bounded, no overflow, the same validation as train.
        new("sweep plan of 3.6 billion runs", c => ["sweep", "--data", c.Fixture.Csv, "--out", c.P("s"), "--dim", "1-60000", "--layers", "0-60000", "--print-plan"], 2, "more than 100,000 runs", c => Absent(c, "s")),
        new("sweep seeds 0-99999 × dim 1-65536", c => ["sweep", "--data", c.Fixture.Csv, "--out", c.P("s"), "--seeds", "0-99999", "--dim", "1-65536", "--print-plan"], 2, "more than 100,000 runs"),
        new("sweep seeds up to int.MaxValue", c => ["sweep", "--data", c.Fixture.Csv, "--out", c.P("s"), "--seeds", "2147483646-2147483647", "--print-plan"], 0, "seed-2147483647"),
        new("sweep --dim 70000 is refused as train refuses it", c => ["sweep", "--data", c.Fixture.Csv, "--out", c.P("s"), "--dim", "70000"], 2, "--dim expects a whole number from 1 to 65,536 (found '70000')", c => Absent(c, "s")),
        new("train --dim 70000, the same sentence", c => ["train", "--data", c.Fixture.Csv, "--dim", "70000", "--out", c.P("t")], 2, "--dim expects a whole number from 1 to 65,536 (found '70000')"),
        new("sweep --layers 70000", c => ["sweep", "--data", c.Fixture.Csv, "--out", c.P("s"), "--layers", "70000"], 2, "--layers expects a whole number from 0 to 65,536"),

        // 9. Figure formats: only .png, .svg and .pdf are written; any other extension is refused before any work.
        new("cluster --plot x.gif", c => ["cluster", "--gmm", Gmm, "--method", "kmeans", "--out", c.P("r.json"), "--plot", c.P("x.gif")], 2, "'.gif' is not one of them", c => { Absent(c, "x.gif"); Absent(c, "r.json"); }),
        new("cluster --plot x.jpg", c => ["cluster", "--gmm", Gmm, "--method", "kmeans", "--plot", c.P("x.jpg")], 2, "'.jpg' is not one of them", c => Absent(c, "x.jpg")),
        new("cluster --plot without an extension", c => ["cluster", "--gmm", Gmm, "--method", "kmeans", "--plot", c.P("x")], 2, "'no extension' is not one of them", c => Absent(c, "x")),
        new("sweep-report --plot acc.gif", c => ["sweep-report", c.Fixture.Root, "--plot", c.P("acc.gif")], 2, "'.gif' is not one of them", c => Absent(c, "acc.gif")),

        // 12. Clear errors.
        new("--gmm n·d beyond 64 bits", _ => ["cluster", "--gmm", "2,2,9223372036854775807,6"], 2, "n·d = 18446744073709551614 coordinates"),
        new("--gmm separation 1e200", _ => ["cluster", "--gmm", "3,2,300,1e200"], 2, "separation ‖μ_a − μ_b‖/σ must be at most 1e6"),
        new("--gmm separation 1e200 with k-means", _ => ["cluster", "--gmm", "3,2,300,1e200", "--method", "kmeans"], 2, "separation ‖μ_a − μ_b‖/σ must be at most 1e6"),
        new("cluster CSV coordinate 1e200", c => ["cluster", "--input", c.Text("big.csv", "x,y\n1,2\n1e200,3\n4,5\n"), "--method", "kmeans", "--heads", "2"], 2, "at most 1e100 in magnitude"),

        // 8. Outputs as a set: a bad last target leaves the first ones unwritten.
        new("cluster --plot a folder after --out and --assignments", c => { Directory.CreateDirectory(c.P("dir.png")); return ["cluster", "--gmm", Gmm, "--method", "kmeans", "--out", c.P("r.json"), "--assignments", c.P("a.csv"), "--plot", c.P("dir.png")]; }, 2, "--plot: cannot write",
            c => { Absent(c, "r.json"); Absent(c, "a.csv"); }),
        new("export with its .vocab.txt a folder keeps the old .npy", c => { Directory.CreateDirectory(c.P("e.vocab.txt")); c.Text("e.npy", "old"); return ["export", "--model", c.Fixture.Model, "--embeddings", c.P("e.npy")]; }, 2, "is a directory",
            c => Assert.Equal("old", File.ReadAllText(c.P("e.npy")))),
        new("cluster --out and --assignments the same file", c => ["cluster", "--gmm", Gmm, "--method", "kmeans", "--out", c.P("same"), "--assignments", c.P("same")], 2, "give each output its own path", c => Absent(c, "same")),

        // 6. A run killed between its first model.bin and its first checkpoint.bin: a plain rerun continues, the orphan goes.
        new("rerun after a kill before the first checkpoint", c => KilledBeforeCheckpoint(c), 0, "a run killed before its first checkpoint; starting it again",
            c => { Assert.True(File.Exists(Path.Combine(c.P("killed"), "checkpoint.bin"))); Assert.Empty(Directory.GetFiles(c.P("killed"), "*.tmp")); }),
        new("--resume after a kill before the first checkpoint says to rerun", c => { KilledBeforeCheckpoint(c); return ["train", "--resume", c.P("killed")]; }, 2, "killed before its first checkpoint"),

        // Files the clustering library reads: a device or a pipe as a saved model or as points is refused before any read
        // (ClusteringModel.Read once read /dev/zero until the array limit and died with OutOfMemoryException, exit 1).
        new("cluster --model /dev/zero", c => ["cluster", "--model", "/dev/zero", "--input", c.Text("p.csv", "x,y\n1,2\n3,4\n")], 2, "not a regular file"),
        new("cluster --model FIFO", c => ["cluster", "--model", HostileFiles.Fifo(c.P("model.json")), "--input", c.Text("p.csv", "x,y\n1,2\n3,4\n")], 2, "not a regular file"),
        new("cluster --input FIFO.npy", c => ["cluster", "--input", HostileFiles.Fifo(c.P("points.npy")), "--method", "kmeans"], 2, "not a regular file"),

        // train --config read the file whole without a cap (RunFolderFiles.LoadConfig): /dev/zero ran out of memory, exit 1.
        new("train --config /dev/zero", c => ["train", "--config", "/dev/zero", "--out", c.P("run")], 2, "character device", c => Absent(c, "run")),
        new("train --config FIFO", c => ["train", "--config", HostileFiles.Fifo(c.P("config.json")), "--out", c.P("run")], 2, "named pipe", c => Absent(c, "run")),

        // 3. Work budgets.
        new("quantizer --layers 2000000000", _ => ["cluster", "--gmm", Gmm, "--method", "quantize", "--layers", "2000000000"], 2, "above the work budget"),
        new("heads --steps 2000000000", _ => ["cluster", "--gmm", Gmm, "--method", "heads", "--steps", "2000000000"], 2, "above the work budget"),
        new("quantizer on 10^12 pairs", _ => ["cluster", "--gmm", "2,1,1000000,6", "--method", "quantize", "--layers", "1"], 2, "--allow-long"),
        new("quantizer on --gmm 4,16,8000000,6", _ => ["cluster", "--gmm", "4,16,8000000,6", "--method", "quantize"], 2, "above the work budget"),
        new("simulate 200,000 tokens", c => ["simulate", "--input", ManyTokens(c, 200_000)], 2, "above the work budget"),
        new("bench --n 65536 --batch 64", _ => ["bench", "--n", "65536", "--batch", "64", "--seconds", "2"], 2, "above the work budget"),
        new("heads --lambda 1e308", _ => ["cluster", "--gmm", Gmm, "--method", "heads", "--lambda", "1e308", "--steps", "20"], 2, "too large for these data"),
        new("heads --lambda 1e308 without labels", c => ["cluster", "--input", c.Text("p.csv", "x,y\n0,0\n1,1\n5,5\n6,6\n"), "--method", "heads", "--lambda", "1e308", "--steps", "20"], 2, "too large for these data"),

        // 10. Files of a run folder belong together.
        new("a hardmax checkpoint copied into an attention run", c => { string run = AttentionRun(c); File.Copy(c.Fixture.Checkpoint, Path.Combine(run, "checkpoint.bin"), overwrite: true); return ["train", "--resume", run, "--epochs", "2"]; }, 2, "do not belong together"),
        new("train --resume an attention run --architecture hardmax", c => ["train", "--resume", AttentionRun(c), "--epochs", "2", "--architecture", "hardmax"], 2, "--architecture hardmax (the run has attention)"),

        // 11. Control characters quoted from input files are escaped.
        new("cluster CSV cell with terminal controls", c => ["cluster", "--input", c.Text("esc.csv", "x,y\n1,2\n\u001b]0;pwned\u0007\u001b[2J,3\n")], 2, "\\x1b]0;pwned\\x07\\x1b[2J"),
        new("cluster CSV header with terminal controls", c => ["cluster", "--input", c.Text("head.csv", "x\u001b[31m,y\n1,2\nzz,3\n")], 2, "\\x1b[31m"),
        new("simulate JSON property name with controls", c => ["simulate", "--input", c.Text("prop.json", "{\"alpha\": 0.5, \"tokens\": [[1, 0], [0, 1]], \"\\u001b[2Jx\": 1}")], 2, "\\x1b[2J"),
        new("UTF-16 CSV: its NULs escaped", c => { File.WriteAllBytes(c.P("u16.csv"), Encoding.Unicode.GetBytes("x,y\n1,2\nab,3\n")); return ["cluster", "--input", c.P("u16.csv")]; }, 2, "\\x00"),
    ];

    public static TheoryData<string> Names => new(Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void HostileInput_RoundTwo(string name)
    {
        CliResult result = HostileInputTests.Verify(Cases.Single(c => c.Name == name), fixture);
        foreach (char control in new[] { '\u001b', '\u0007', '\0' })
        {
            Assert.DoesNotContain(control, result.Error);
        }
    }

    /// <summary>A copy of the fixture's run as a kill -9 leaves it between the first model.bin and the first checkpoint.bin: the model and a temporary of a dead process.</summary>
    private static string[] KilledBeforeCheckpoint(HostileContext c)
    {
        string folder = c.P("killed");
        Directory.CreateDirectory(folder);
        File.Copy(c.Fixture.Model, Path.Combine(folder, "model.bin"));
        File.WriteAllText(Path.Combine(folder, $".checkpoint.bin.999999.{Guid.NewGuid():N}.tmp"), "half");
        File.WriteAllText(Path.Combine(folder, ".lock"), "");
        return ["train", "--data", c.Fixture.Csv, "--dim", "2", "--layers", "1", "--tokens", "8", "--epochs", "1", "--out", folder];
    }
}
