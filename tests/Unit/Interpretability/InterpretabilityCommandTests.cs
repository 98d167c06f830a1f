using System.Text.Json;
using HardmaxCore.Experiments.Plotting;
using HardmaxCore.UnitTests.Cli;
using HardmaxCore.UnitTests.Training;
using SixLabors.ImageSharp;

namespace HardmaxCore.UnitTests.Interpretability;

/// <summary>One tiny d = 2 model (K = 3 layers, n = 16 tokens) trained through the CLI on 300 synthetic reviews, shared by the tests.</summary>
public sealed class TinyModelFixture : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public TinyModelFixture()
    {
        string data = SyntheticReviews.WriteCsv(this._folder.Path, 300);
        this.Run = Path.Combine(this._folder.Path, "run");
        CliResult train = CliHarness.Run("train", "--data", data, "--dim", "2", "--layers", Layers.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tokens", "16", "--epochs", "4", "--batch", "16", "--lr", "0.03", "--threads", "1", "--out", this.Run);
        Assert.True(train.ExitCode == 0, train.Error);
    }

    /// <summary>K of the tiny model.</summary>
    public const int Layers = 3;

    /// <summary>The run folder (model.bin, metrics.json).</summary>
    public string Run { get; }

    /// <summary>The model file.</summary>
    public string Model => Path.Combine(this.Run, "model.bin");

    /// <summary>A scratch folder for outputs.</summary>
    public string Folder => this._folder.Path;

    public void Dispose() => this._folder.Dispose();
}

public sealed class InterpretabilityCommandTests(TinyModelFixture tiny) : IClassFixture<TinyModelFixture>
{
    private string Out(string name) => Path.Combine(tiny.Folder, Guid.NewGuid().ToString("N")[..8] + "-" + name);

    private static void AssertPng(string path, int? width = null, int? height = null)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.AsSpan().StartsWith(FigureComposer.PngSignature), $"{path} is not a PNG");
        IImageInfo info = Image.Identify(bytes);
        Assert.True(info.Width >= 200 && info.Height >= 200, $"{path} is {info.Width} × {info.Height}");
        if (width is int w)
        {
            Assert.Equal(w, info.Width);
        }
        if (height is int h)
        {
            Assert.Equal(h, info.Height);
        }
    }

    [Fact]
    public void Leaders_TinyModel_PrintsTableAndWritesJson()
    {
        string json = this.Out("leaders.json");
        CliResult result = CliHarness.Run("leaders", "--model", tiny.Model, "--model", tiny.Run, "--threads", "1", "--json-out", json);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("leaders: mean", result.Output, StringComparison.Ordinal);
        Assert.Contains("d = 2", result.Output, StringComparison.Ordinal);
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(json));
        JsonElement[] columns = [.. document.RootElement.GetProperty("leaderStatistics").EnumerateArray()];
        Assert.Equal(2, columns.Length);
        foreach (JsonElement column in columns)
        {
            Assert.Equal(90, column.GetProperty("reviews").GetInt32()); // 30 % of 300 (paper protocol)
            Assert.Equal(2, column.GetProperty("dimension").GetInt32());
            double mean = column.GetProperty("mean").GetDouble();
            Assert.InRange(mean, column.GetProperty("min").GetInt32(), column.GetProperty("max").GetInt32());
            Assert.True(column.GetProperty("min").GetInt32() >= 1);
            Assert.InRange(column.GetProperty("persistentFraction").GetDouble(), 0.0, 1.0);
        }
        Assert.Equal(columns[0].GetProperty("mean").GetDouble(), columns[1].GetProperty("mean").GetDouble());
    }

    [Fact]
    public void LeaderWords_TinyModel_WritesPngAndTable()
    {
        string png = this.Out("words.png");
        CliResult result = CliHarness.Run("leader-words", "--model", tiny.Model, "--confidence", "0.5", "--score", "0", "--top", "5", "--threads", "1", "--out", png);
        Assert.True(result.ExitCode == 0, result.Error);
        AssertPng(png, width: 1300);
        Assert.Contains("mean score", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Trajectory_TinyModel_WritesOnePngPerLayerAndGifWithAFramePerLayer()
    {
        string folder = this.Out("trajectory");
        CliResult result = CliHarness.Run("trajectory", "--model", tiny.Model, "--text", "great wonderful film but the plot was dull", "--size", "300", "--out", folder);
        Assert.True(result.ExitCode == 0, result.Error);
        for (int k = 0; k <= TinyModelFixture.Layers; k++)
        {
            AssertPng(Path.Combine(folder, $"layer-{k:00}.png"), width: 300, height: 435);
        }
        Assert.False(File.Exists(Path.Combine(folder, $"layer-{TinyModelFixture.Layers + 1:00}.png")));
        byte[] gif = File.ReadAllBytes(Path.Combine(folder, "trajectory.gif"));
        Assert.True(gif.AsSpan().StartsWith("GIF89a"u8), "trajectory.gif is not a GIF89a file");
        using Image animation = Image.Load(gif);
        Assert.Equal(TinyModelFixture.Layers + 1, animation.Frames.Count);
        Assert.Equal(300, animation.Width);
    }

    [Fact]
    public void Trajectory_ReviewFromTestSplit_ByIndexAndBySourceId()
    {
        CliResult byIndex = CliHarness.Run("trajectory", "--model", tiny.Run, "--review", "0", "--size", "200", "--out", this.Out("by-index"));
        Assert.True(byIndex.ExitCode == 0, byIndex.Error);
        Assert.Contains("csv/line", byIndex.Error, StringComparison.Ordinal);

        CliResult unknown = CliHarness.Run("trajectory", "--model", tiny.Run, "--review", "no/such/review", "--out", this.Out("unknown"));
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("no review of the test split", unknown.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", unknown.Error, StringComparison.Ordinal);

        CliResult outOfRange = CliHarness.Run("trajectory", "--model", tiny.Run, "--review", "90", "--out", this.Out("range"));
        Assert.Equal(2, outOfRange.ExitCode);
        Assert.Contains("indices 0 to 89", outOfRange.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_EscapesMarkup_AndHighlightsWords()
    {
        string html = this.Out("review.html");
        CliResult result = CliHarness.Run("explain", "--model", tiny.Model, "--out", html,
            "A great film <script>alert('x')</script> & a \"wonderful\" <b>dull</b> plot");
        Assert.True(result.ExitCode == 0, result.Error);
        string page = File.ReadAllText(html);
        Assert.StartsWith("<!DOCTYPE html>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>dull", page, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", page, StringComparison.Ordinal);
        Assert.Contains("&amp;", page, StringComparison.Ordinal);
        Assert.Contains("class=\"w leader\"", page, StringComparison.Ordinal);
        Assert.Contains(">great</span>", page, StringComparison.Ordinal);
        Assert.Contains("P(positive) = ", page, StringComparison.Ordinal);
        Assert.Matches(@"^0\.\d{4}  (positive|negative)  wrote ", result.Output);
    }

    [Fact]
    public void Explain_ReviewLongerThanN_GreysTheWordsNotRead()
    {
        string html = this.Out("long.html");
        string text = string.Join(' ', Enumerable.Repeat("great film dull plot", 6)) + " superb";
        CliResult result = CliHarness.Run("explain", "--model", tiny.Model, "--out", html, text);
        Assert.True(result.ExitCode == 0, result.Error);
        string page = File.ReadAllText(html);
        // 25 tokens, n = 16: the last 9 are not read.
        Assert.Equal(9, System.Text.RegularExpressions.Regex.Matches(page, "<span class=\"unread\" title=").Count);
        Assert.Contains(">superb</span>", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Curves_TinyRun_WritesPng()
    {
        string png = this.Out("curves.png");
        CliResult result = CliHarness.Run("curves", tiny.Run, Path.Combine(tiny.Run, "metrics.json"), "--out", png);
        Assert.True(result.ExitCode == 0, result.Error);
        AssertPng(png, width: 1300, height: 520);
    }

    [Fact]
    public void Trajectory_ModelWithDimensionThree_DrawsALabelledProjection()
    {
        string data = SyntheticReviews.WriteCsv(tiny.Folder, 120, seed: 3);
        string run = this.Out("run-d3");
        Assert.Equal(0, CliHarness.Run("train", "--data", data, "--dim", "3", "--layers", "2", "--tokens", "12", "--epochs", "1", "--threads", "1", "--out", run).ExitCode);
        string folder = this.Out("trajectory-d3");
        CliResult result = CliHarness.Run("trajectory", "--model", run, "--text", "great dull film", "--size", "240", "--out", folder);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("projection", result.Error, StringComparison.Ordinal);
        AssertPng(Path.Combine(folder, "layer-02.png"));
    }

    [Theory]
    [InlineData("leaders", "--model", "/nonexistent/model.bin")]
    [InlineData("leader-words", "--model", "/nonexistent/model.bin", "--out", "OUT/w.png")]
    [InlineData("leader-words", "--model", "MODEL", "--out", "/nonexistent/folder/w.png")]
    [InlineData("leader-words", "--model", "MODEL", "--confidence", "1.5", "--out", "OUT/w.png")]
    [InlineData("trajectory", "--model", "/nonexistent/model.bin", "--text", "good", "--out", "OUT/t")]
    [InlineData("trajectory", "--model", "MODEL", "--out", "OUT/t")]
    [InlineData("trajectory", "--model", "MODEL", "--text", "good", "--review", "3", "--out", "OUT/t")]
    [InlineData("explain", "--model", "MODEL", "--out", "OUT/e.html")]
    [InlineData("explain", "--model", "/nonexistent/model.bin", "good", "--out", "OUT/e.html")]
    [InlineData("curves", "/nonexistent/run", "--out", "OUT/c.png")]
    [InlineData("curves", "OUT", "--out", "OUT/c.png")]
    [InlineData("simulate", "--figure2")]
    [InlineData("simulate", "--figure2", "--example", "square", "--out", "OUT/f.png")]
    [InlineData("simulate", "--input", "D3", "--plot", "OUT/p.png")]
    public void InterpretabilityCommands_BadInput_OneLineAndExitTwo(params string[] args)
    {
        string d3 = Path.Combine(tiny.Folder, "d3.json");
        File.WriteAllText(d3, """{"alpha": 0.5, "tokens": [[1, 0, 0], [0, 1, 0], [0.2, 0.3, 0.1]]}""");
        string[] resolved = args.Select(a => a.Replace("OUT", tiny.Folder, StringComparison.Ordinal).Replace("MODEL", tiny.Model, StringComparison.Ordinal).Replace("D3", d3, StringComparison.Ordinal)).ToArray();
        CliResult result = CliHarness.Run(resolved);
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }
}

public sealed class SimulatePlotTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => this._folder.Dispose();

    [Fact]
    public void SimulateFigure2_RunsWithoutData_AndWritesTheGrid()
    {
        string png = Path.Combine(this._folder.Path, "fig2.png");
        CliResult result = CliHarness.Run("simulate", "--figure2", "--out", png);
        Assert.True(result.ExitCode == 0, result.Error);
        byte[] bytes = File.ReadAllBytes(png);
        Assert.True(bytes.AsSpan().StartsWith(FigureComposer.PngSignature));
        IImageInfo info = Image.Identify(bytes);
        // One text width (6.5 in) across at 200 dpi, the default page of the grid (layers 0, 1, 2, 5, 30 × four examples under a title).
        Assert.Equal(1300, info.Width);
        Assert.Equal((int)Math.Round(FigureSize.Figure2.HeightInches * FigureSize.Figure2.Dpi), info.Height);
        Assert.Equal(FigureSize.TextWidth, FigureSize.Figure2.WidthInches);
    }

    [Fact]
    public void SimulatePlot_Example_WritesPngAndKeepsJsonWithoutTrajectory()
    {
        string png = Path.Combine(this._folder.Path, "square.png");
        CliResult result = CliHarness.Run("simulate", "--example", "square-nonleader", "--plot", png);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.True(File.ReadAllBytes(png).AsSpan().StartsWith(FigureComposer.PngSignature));
        using JsonDocument json = result.Json();
        Assert.False(json.RootElement.TryGetProperty("trajectory", out JsonElement trajectory) && trajectory.ValueKind != JsonValueKind.Null);
    }
}
