using System.Text;
using HardmaxCore.Experiments.Plotting;
using HardmaxCore.UnitTests.Training;

namespace HardmaxCore.UnitTests.Cli;

/// <summary>A tiny trained run and a one-run sweep, shared by the figure tests.</summary>
public sealed class FigureFixture : IDisposable
{
    public FigureFixture()
    {
        this.Csv = SyntheticReviews.WriteCsv(this.Temp.Path, 200);
        this.Run = Path.Combine(this.Temp.Path, "run");
        CliResult train = CliHarness.Run("train", "--data", this.Csv, "--dim", "2", "--layers", "2", "--tokens", "8", "--epochs", "2", "--batch", "16", "--lr", "0.03", "--threads", "1", "--out", this.Run);
        Assert.True(train.ExitCode == 0, train.Error);
        this.AttentionRun = Path.Combine(this.Temp.Path, "attention");
        CliResult attention = CliHarness.Run("train", "--data", this.Csv, "--architecture", "attention", "--dim", "2", "--tokens", "8", "--epochs", "1", "--batch", "16", "--threads", "1", "--out", this.AttentionRun);
        Assert.True(attention.ExitCode == 0, attention.Error);
        this.Sweep = Path.Combine(this.Temp.Path, "sweep");
        CliResult sweep = CliHarness.Run("sweep", "--data", this.Csv, "--out", this.Sweep, "--dim", "2,4", "--layers", "1", "--tokens", "8", "--epochs", "1", "--threads", "1");
        Assert.True(sweep.ExitCode == 0, sweep.Error);
    }

    public TempDirectory Temp { get; } = new();

    public string Csv { get; }

    public string Run { get; }

    public string Sweep { get; }

    public string AttentionRun { get; }

    public void Dispose() => this.Temp.Dispose();
}

/// <summary>
/// Issue 21 (and root cause 9 of issue 22): every command that draws writes the format its file's extension names —
/// PNG, SVG or PDF, checked by the file's magic bytes — and refuses any other extension in one line with exit code 2,
/// before any work and without writing anything.
/// </summary>
public sealed class FigureFormatTests(FigureFixture fixture) : IClassFixture<FigureFixture>
{
    /// <summary>Each command that draws, as a function of the figure's path (and the scratch folder).</summary>
    /// <remarks>
    /// Every drawing command of the tool: curves, simulate --figure2 and --plot, sweep-report --plot, cluster --plot and
    /// --beta-path-plot, leader-words on either kind of model (trajectory writes PNG frames and a GIF, checked by
    /// InterpretabilityCommandTests).
    /// </remarks>
    public static TheoryData<string> Commands => new() { "curves", "figure2", "simulate-plot", "sweep-report", "cluster", "beta-path", "leader-words", "attended-words" };

    private string[] Arguments(string command, string figure) => command switch
    {
        "curves" => ["curves", fixture.Run, "--out", figure],
        "figure2" => ["simulate", "--figure2", "--out", figure],
        "simulate-plot" => ["simulate", "--example", "square", "--plot", figure],
        "sweep-report" => ["sweep-report", fixture.Sweep, "--plot", figure],
        "cluster" => ["cluster", "--gmm", "2,2,200,6", "--steps", "20", "--out", figure + ".json", "--plot", figure],
        "beta-path" => ["cluster", "--gmm", "2,2,120,6", "--method", "quantize", "--beta-path", figure + ".json", "--beta-path-plot", figure],
        "leader-words" => ["leader-words", "--model", fixture.Run, "--data", fixture.Csv, "--confidence", "0.5", "--score", "0", "--threads", "1", "--out", figure],
        "attended-words" => ["leader-words", "--model", fixture.AttentionRun, "--data", fixture.Csv, "--confidence", "0.5", "--threads", "1", "--out", figure],
        _ => throw new ArgumentException(command),
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void EveryCommand_WritesTheFormatOfTheExtension(string command)
    {
        foreach (string extension in new[] { ".png", ".svg", ".pdf", ".PNG" })
        {
            string figure = Path.Combine(fixture.Temp.Path, $"{command}-{Guid.NewGuid():N}{extension}");
            CliResult result = CliHarness.Run(this.Arguments(command, figure));
            Assert.True(result.ExitCode == 0, $"{command} {extension}: {result.Error}");
            byte[] bytes = File.ReadAllBytes(figure);
            switch (extension.ToLowerInvariant())
            {
                case ".png":
                    Assert.True(bytes.AsSpan().StartsWith(FigureComposer.PngSignature), $"{command}: {figure} is not a PNG");
                    break;
                case ".svg":
                    var document = System.Xml.Linq.XDocument.Parse(Encoding.UTF8.GetString(bytes));
                    Assert.Equal("svg", document.Root!.Name.LocalName);
                    Assert.EndsWith("in", document.Root.Attribute("width")!.Value, StringComparison.Ordinal);
                    break;
                default:
                    Assert.True(bytes.AsSpan().StartsWith("%PDF-"u8), $"{command}: {figure} is not a PDF");
                    Assert.Contains("%%EOF", Encoding.Latin1.GetString(bytes[^16..]), StringComparison.Ordinal);
                    break;
            }
        }
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void EveryCommand_RefusesOtherExtensions_BeforeAnyWrite(string command)
    {
        foreach (string name in new[] { "x.gif", "x.jpg", "x" })
        {
            string folder = Path.Combine(fixture.Temp.Path, $"refused-{Guid.NewGuid():N}");
            Directory.CreateDirectory(folder);
            string figure = Path.Combine(folder, name);
            CliResult result = CliHarness.Run(this.Arguments(command, figure));
            Assert.Equal(2, result.ExitCode);
            Assert.Single(result.ErrorLines);
            Assert.Contains(".png, .svg or .pdf", result.Error, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFileSystemEntries(folder));
        }
    }

    /// <remarks>The page rules live in FigurePage.Validate and name properties; the tool shows the flags (fails without the FigurePage entries of FlagNames).</remarks>
    [Theory]
    [InlineData("--dpi", "2000")]
    [InlineData("--font-pt", "80")]
    [InlineData("--width-in", "101")]
    public void PageOutOfRange_IsRefusedInOneLine_NamingTheFlag(string flag, string value)
    {
        string folder = Path.Combine(fixture.Temp.Path, $"page-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        CliResult result = CliHarness.Run("curves", fixture.Run, "--out", Path.Combine(folder, "c.png"), flag, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains($"{flag} must be", result.Error, StringComparison.Ordinal);
        Assert.Contains($"found {value}", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("FigurePage", result.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void EveryCommand_TakesTheSameFigureOptions(string command)
    {
        string figure = Path.Combine(fixture.Temp.Path, $"{command}-{Guid.NewGuid():N}.png");
        CliResult result = CliHarness.Run([.. this.Arguments(command, figure), "--width-in", "3", "--height-in", "2", "--font-pt", "8", "--dpi", "100"]);
        Assert.True(result.ExitCode == 0, $"{command}: {result.Error}");
        byte[] png = File.ReadAllBytes(figure);
        Assert.Equal(300, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(200, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }
}
