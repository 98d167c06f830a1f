using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HardmaxCore.Experiments.Export;
using HardmaxCore.Train.Commands;
using HardmaxCore.Experiments.Interpretability;

namespace HardmaxCore.UnitTests.Cli;

/// <summary>Issue 11, the command line as a researcher meets it: tests that need no IMDb data.</summary>
public sealed partial class CommandLinePassTests
{
    /// <summary>A tiny trained-shape model (untrained weights) saved to <paramref name="folder"/>/model.bin.</summary>
    internal static string TinyModel(string folder, int tokens = 8, int dimension = 2, int layers = 2)
    {
        var vocabulary = Vocabulary.FromWords(["<pad>", "<unk>", "great", "awful", "film", "plot"]);
        var parameters = ClassifierParameters<float>.Initialize(vocabulary.Count, dimension, seed: 11);
        var model = new ClassifierModel(new ClassifierSettings(tokens, dimension, layers, 1e-3, false), new TextPipelineOptions(), vocabulary, parameters);
        string path = Path.Combine(folder, "model.bin");
        model.Save(path);
        return path;
    }

    private static string Metrics(TempDirectory temp, int epochs)
    {
        string folder = Path.Combine(temp.Path, "run");
        Directory.CreateDirectory(folder);
        var rows = Enumerable.Range(1, epochs).Select(e => string.Create(CultureInfo.InvariantCulture,
            $"{{\"epoch\": {e}, \"trainLoss\": {0.7 - 0.01 * e}, \"trainAccuracy\": {0.5 + 0.02 * e}, \"validationAccuracy\": {0.5 + 0.015 * e}, \"testAccuracy\": {0.5 + 0.014 * e}, \"testAccuracyHardmax\": {0.5 + 0.013 * e}}}"));
        File.WriteAllText(Path.Combine(folder, "metrics.json"), $"{{\"selectedEpoch\": {epochs}, \"epochs\": [{string.Join(",", rows)}]}}");
        return folder;
    }

    /// <summary>The file is well-formed XML whose root is an SVG element.</summary>
    private static void AssertSvg(string path)
    {
        var document = System.Xml.Linq.XDocument.Parse(File.ReadAllText(path));
        Assert.Equal("svg", document.Root!.Name.LocalName);
        Assert.Equal("http://www.w3.org/2000/svg", document.Root.Name.NamespaceName);
    }

    private static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.True(png.AsSpan(0, 8).SequenceEqual(HardmaxCore.Experiments.Plotting.FigureComposer.PngSignature), "not a PNG");
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    [Theory]
    [InlineData("curves.gif")]
    [InlineData("curves.json")]
    [InlineData("curves")]
    public void Curves_OtherExtension_IsRefusedWithTheList(string name)
    {
        using var temp = new TempDirectory();
        string run = Metrics(temp, 3);
        string output = Path.Combine(temp.Path, name);
        CliResult result = CliHarness.Run("curves", run, "--out", output);
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains(".png, .svg or .pdf", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Curves_WritesSvgForSvg_AndScaledPngForPng()
    {
        using var temp = new TempDirectory();
        string run = Metrics(temp, 3);
        string svg = Path.Combine(temp.Path, "c.svg");
        Assert.Equal(0, CliHarness.Run("curves", run, "--out", svg).ExitCode);
        AssertSvg(svg);
        string png = Path.Combine(temp.Path, "c.png");
        Assert.Equal(0, CliHarness.Run("curves", run, "--out", png).ExitCode);
        // The default page: 6.5 × 2.6 in at 200 dpi.
        Assert.Equal((1300, 520), PngSize(File.ReadAllBytes(png)));
        Assert.Equal(0, CliHarness.Run("curves", run, "--out", png, "--scale", "2").ExitCode);
        Assert.Equal((1248, 499), PngSize(File.ReadAllBytes(png)));
        Assert.Equal(0, CliHarness.Run("curves", run, "--out", png, "--dpi", "144").ExitCode);
        Assert.Equal((936, 374), PngSize(File.ReadAllBytes(png)));
        Assert.Equal(0, CliHarness.Run("curves", run, "--out", png, "--width-in", "3.25", "--height-in", "2", "--dpi", "300").ExitCode);
        Assert.Equal((975, 600), PngSize(File.ReadAllBytes(png)));
    }

    [Fact]
    public void Simulate_Figure2AndPlot_FollowTheExtension()
    {
        using var temp = new TempDirectory();
        string gif = Path.Combine(temp.Path, "f.gif");
        CliResult refused = CliHarness.Run("simulate", "--figure2", "--out", gif);
        Assert.Equal(ExitCodes.BadInput, refused.ExitCode);
        Assert.Contains(".png, .svg or .pdf", refused.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(gif));
        string svg = Path.Combine(temp.Path, "f.svg");
        Assert.Equal(0, CliHarness.Run("simulate", "--figure2", "--out", svg).ExitCode);
        AssertSvg(svg);
        string plot = Path.Combine(temp.Path, "p.svg");
        CliResult run = CliHarness.Run("simulate", "--example", "square", "--plot", plot);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"wrote {plot}", run.Error, StringComparison.Ordinal);
        AssertSvg(plot);
    }

    [Fact]
    public void EpochTicks_AreWholeNumbers_AtMostTwelve()
    {
        foreach ((double first, double last) in new[] { (1.0, 3.0), (1.0, 7.0), (1.0, 100.0), (5.0, 37.0) })
        {
            int[] ticks = TrainingCurves.EpochTickPositions(first, last);
            Assert.True(ticks.Length is >= 2 and <= 12, $"{ticks.Length} ticks for {first}..{last}");
            Assert.All(ticks, t => Assert.InRange(t, first, last));
            // Evenly spaced whole epochs.
            Assert.Single(ticks.Zip(ticks.Skip(1), (a, b) => b - a).Distinct());
        }
    }

    [Theory]
    [InlineData("train", "--dimm", "--dim")]
    [InlineData("train", "--epoch", "--epochs")]
    [InlineData("evaluate", "--splt", "--split")]
    [InlineData("bench", "--seconds2", "--seconds")]
    public void Typo_SuggestsTheNearestOption(string command, string typo, string expected)
    {
        CliResult result = CliHarness.Run(command, typo, "2");
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains($"Did you mean '{expected}' for '{typo}'?", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Typo_FarFromEveryOption_SuggestsNothing()
    {
        CliResult result = CliHarness.Run("train", "--zzzzzz", "2");
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.DoesNotContain("Did you mean", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_ShowsLowerCaseDefaults_AndNoSpecReference()
    {
        foreach (string command in new[] { "train", "evaluate", "predict", "leaders", "leader-words", "trajectory", "explain", "curves", "bench", "simulate", "export" })
        {
            CliResult help = CliHarness.Run(command, "--help");
            Assert.Equal(0, help.ExitCode);
            Assert.DoesNotContain("SPEC", help.Output, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"\[default: [A-Z]", help.Output);
        }
    }

    [Fact]
    public void Bench_TokensAndDim_AreTheNames_NAndDAliases_JsonHasProvenance()
    {
        CliResult named = CliHarness.Run("bench", "--tokens", "5", "--dim", "3", "--layers", "1", "--batch", "2", "--seconds", "0.1", "--json");
        CliResult aliased = CliHarness.Run("bench", "--n", "5", "--d", "3", "--layers", "1", "--batch", "2", "--seconds", "0.1", "--json");
        foreach (CliResult result in new[] { named, aliased })
        {
            Assert.Equal(0, result.ExitCode);
            using JsonDocument json = result.Json();
            Assert.Equal(5, json.RootElement.GetProperty("n").GetInt32());
            Assert.Equal(3, json.RootElement.GetProperty("d").GetInt32());
            AssertProvenance(json.RootElement.GetProperty("provenance"));
        }
    }

    /// <summary>Every provenance field is present; the commit is a 40-digit hex or 'unknown'; the times are ordered.</summary>
    internal static void AssertProvenance(JsonElement provenance)
    {
        foreach (string field in new[] { "version", "commit", "runtime", "os", "cpu", "kernel", "threads", "dataSha256", "startedAt", "finishedAt" })
        {
            Assert.True(provenance.TryGetProperty(field, out _), $"provenance lacks '{field}'");
        }
        Assert.Matches("^([0-9a-f]{40}|unknown)$", provenance.GetProperty("commit").GetString()!);
        Assert.Contains(provenance.GetProperty("kernel").GetString(), new[] { "Vector512", "Vector256", "Scalar", Environment.GetEnvironmentVariable("HARDMAX_KERNEL") });
        Assert.True(provenance.GetProperty("threads").GetInt32() >= 1);
        DateTime started = DateTime.Parse(provenance.GetProperty("startedAt").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        DateTime finished = DateTime.Parse(provenance.GetProperty("finishedAt").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        Assert.True(finished >= started);
    }

    [Fact]
    public void Provenance_HashesTheDataFile_AndNamesTheBuildCommit()
    {
        using var temp = new TempDirectory();
        string data = temp.File("reviews.csv", "review,sentiment\nfine film,positive\n");
        JsonElement json = JsonDocument.Parse(Provenance.Start(3, data).Finish().ToJson().ToJsonString()).RootElement;
        AssertProvenance(json);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(data))), json.GetProperty("dataSha256").GetString());
        Assert.Equal(3, json.GetProperty("threads").GetInt32());
        // This repository is a git checkout, so the SDK embedded the commit.
        Assert.Matches("^[0-9a-f]{40}$", json.GetProperty("commit").GetString()!);
    }

    [Fact]
    public void Predict_OneOutputPerInputLine_BlankLinesIncluded()
    {
        using var temp = new TempDirectory();
        string model = TinyModel(temp.Path);
        string file = temp.File("reviews.txt", "a great film\n\nawful plot\n   \nzzz qqq\n");
        CliResult text = CliHarness.Run("predict", "--model", model, "--file", file);
        Assert.Equal(0, text.ExitCode);
        string[] lines = text.Output.Split('\n')[..^1];
        Assert.Equal(5, lines.Length);
        Assert.Contains("blank line", lines[1], StringComparison.Ordinal);
        Assert.Contains("blank line", lines[3], StringComparison.Ordinal);
        Assert.Contains("no word of this review is in the model's vocabulary", lines[4], StringComparison.Ordinal);
        Assert.DoesNotContain("no word", lines[0], StringComparison.Ordinal);
        Assert.Contains("1 of 5 reviews have no word the model knows", text.Error, StringComparison.Ordinal);

        CliResult json = CliHarness.Run("predict", "--model", model, "--file", file, "--json");
        string[] objects = json.Output.Split('\n')[..^1];
        Assert.Equal(5, objects.Length);
        for (int line = 0; line < objects.Length; line++)
        {
            using JsonDocument document = JsonDocument.Parse(objects[line]);
            Assert.Equal(line + 1, document.RootElement.GetProperty("line").GetInt32());
            AssertProvenance(document.RootElement.GetProperty("provenance"));
        }
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(objects[1]).RootElement.GetProperty("probability").ValueKind);
        Assert.Equal(0, JsonDocument.Parse(objects[4]).RootElement.GetProperty("knownTokens").GetInt32());
        Assert.True(JsonDocument.Parse(objects[0]).RootElement.GetProperty("knownTokens").GetInt32() > 0);
    }

    [Fact]
    public void Predict_JsonWritesReadableCharacters()
    {
        using var temp = new TempDirectory();
        string model = TinyModel(temp.Path);
        CliResult json = CliHarness.Run("predict", "--model", model, "zzz qqq <b>é</b>", "--json");
        Assert.Equal(0, json.ExitCode);
        // Unknown words and padding: the leaders are <unk> and/or <pad>, written as such.
        Assert.Matches("\"word\":\"<(pad|unk)>\"", json.Output);
        Assert.DoesNotContain("\\u003C", json.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<b>é</b>", json.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_FileDash_ReadsStandardInput()
    {
        using var temp = new TempDirectory();
        string model = TinyModel(temp.Path);
        TextReader saved = Console.In;
        try
        {
            Console.SetIn(new StringReader("great film\n\nawful\n"));
            CliResult result = CliHarness.Run("predict", "--model", model, "--file", "-");
            Assert.Equal(0, result.ExitCode);
            Assert.Equal(3, result.Output.Split('\n')[..^1].Length);
        }
        finally
        {
            Console.SetIn(saved);
        }
    }

    [Fact]
    public void Export_Npy_HeaderParses_AndDataIsTheEmbedding()
    {
        using var temp = new TempDirectory();
        string modelPath = TinyModel(temp.Path, dimension: 3);
        ClassifierModel model = ClassifierModel.Load(modelPath).Model;
        string npy = Path.Combine(temp.Path, "emb.npy");
        CliResult result = CliHarness.Run("export", "--model", modelPath, "--embeddings", npy);
        Assert.Equal(0, result.ExitCode);
        byte[] bytes = File.ReadAllBytes(npy);
        Assert.Equal(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }, bytes[..8]);
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        int dataStart = 10 + headerLength;
        Assert.Equal(0, dataStart % 64);
        string header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.EndsWith("\n", header, StringComparison.Ordinal);
        Assert.Matches(@"^\{'descr': '<f4', 'fortran_order': False, 'shape': \(6, 3\), \} *\n$", header);
        Assert.Equal(dataStart + 4 * model.Parameters.Embedding.Length, bytes.Length);
        for (int i = 0; i < model.Parameters.Embedding.Length; i++)
        {
            Assert.Equal(
                BitConverter.SingleToInt32Bits(model.Parameters.Embedding[i]),
                BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(dataStart + 4 * i)));
        }
        Assert.Equal(model.Vocabulary.Words, File.ReadAllText(ModelExport.VocabularyPath(npy)).Split('\n')[..^1]);
    }

    [Fact]
    public void Export_Csv_RoundTripsEveryNumber_AndRefusesOtherExtensions()
    {
        using var temp = new TempDirectory();
        string modelPath = TinyModel(temp.Path, dimension: 2);
        ClassifierModel model = ClassifierModel.Load(modelPath).Model;
        string csv = Path.Combine(temp.Path, "emb.csv");
        Assert.Equal(0, CliHarness.Run("export", "--model", modelPath, "--embeddings", csv).ExitCode);
        string[] lines = File.ReadAllText(csv).Split('\n')[..^1];
        Assert.Equal("word,e0,e1", lines[0]);
        Assert.Equal(model.Vocabulary.Count + 1, lines.Length);
        for (int w = 0; w < model.Vocabulary.Count; w++)
        {
            string[] cells = lines[w + 1].Split(',');
            Assert.Equal(model.Vocabulary.Words[w], cells[0]);
            for (int l = 0; l < 2; l++)
            {
                Assert.Equal(model.Parameters.Embedding[w * 2 + l], float.Parse(cells[l + 1], CultureInfo.InvariantCulture));
            }
        }
        CliResult refused = CliHarness.Run("export", "--model", modelPath, "--embeddings", Path.Combine(temp.Path, "emb.parquet"));
        Assert.Equal(ExitCodes.BadInput, refused.ExitCode);
        Assert.Contains(".npy", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Trajectory_TextArgument_Json_HasEveryLayer()
    {
        using var temp = new TempDirectory();
        string model = TinyModel(temp.Path, layers: 3);
        CliResult result = CliHarness.Run("trajectory", "--model", model, "great film awful plot", "--json");
        Assert.Equal(0, result.ExitCode);
        using JsonDocument json = result.Json();
        JsonElement layers = json.RootElement.GetProperty("trajectory");
        Assert.Equal(4, layers.GetArrayLength());
        int tokens = json.RootElement.GetProperty("tokens").GetArrayLength();
        foreach (JsonElement layer in layers.EnumerateArray())
        {
            Assert.Equal(tokens, layer.GetProperty("positions").GetArrayLength());
            Assert.All(layer.GetProperty("positions").EnumerateArray(), p => Assert.Equal(2, p.GetArrayLength()));
            Assert.Equal(layer.GetProperty("leaders").GetArrayLength(), layer.GetProperty("leaderWords").GetArrayLength());
        }
        AssertProvenance(json.RootElement.GetProperty("provenance"));
        // --text is kept as an alias of the argument; giving both is refused.
        Assert.Equal(0, CliHarness.Run("trajectory", "--model", model, "--text", "great film", "--json").ExitCode);
        Assert.Equal(ExitCodes.BadInput, CliHarness.Run("trajectory", "--model", model, "great", "--text", "film", "--json").ExitCode);
        CliResult nothing = CliHarness.Run("trajectory", "--model", model, "great film");
        Assert.Equal(ExitCodes.BadInput, nothing.ExitCode);
        Assert.Contains("--out DIR", nothing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_Legend_SaysWhatGreyAndPlainMean_AndHasBothColours()
    {
        using var temp = new TempDirectory();
        string model = TinyModel(temp.Path, tokens: 4);
        string html = Path.Combine(temp.Path, "r.html");
        // 'the' and 'a' are stopwords (plain); more than 4 tokens, so the last ones are not read (grey).
        CliResult result = CliHarness.Run("explain", "--model", model, "the great film a awful plot great film plot", "--out", html);
        Assert.Equal(0, result.ExitCode);
        string page = File.ReadAllText(html);
        Assert.Contains("plain text: dropped before the model (stopwords, one-letter words)", page, StringComparison.Ordinal);
        Assert.Contains("grey italics</span>after the first 4 tokens: not read", page, StringComparison.Ordinal);
        Assert.Contains("rgba(0,114,178,", page, StringComparison.Ordinal);
        Assert.Contains("rgba(213,94,0,", page, StringComparison.Ordinal);
        Assert.DoesNotContain("not read by the model. Hover", page, StringComparison.Ordinal);
        Assert.Contains("class=\"unread\"", page, StringComparison.Ordinal);
    }

    /// <summary>
    /// Near-black text (#222) on a highlight chip over white keeps WCAG contrast ≥ 4.5 : 1 for every score. The chip is
    /// the colour c at opacity a over white: channel = 255 − a·(255 − c); luminance and contrast as WCAG 2.1 defines them.
    /// The bound is exact arithmetic on the opacity printed with two decimals, so no tolerance is needed.
    /// </summary>
    [Property(MaxTest = 300)]
    public void Explain_ChipContrast_AtLeast4_5(NormalFloat score)
    {
        string css = ReviewHtml.Background(score.Get);
        Match m = Regex.Match(css, @"rgba\((\d+),(\d+),(\d+),([0-9.]+)\)");
        Assert.True(m.Success, css);
        double alpha = double.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture);
        double Channel(int g) => 255 - alpha * (255 - int.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture));
        double chip = Luminance(Channel(1), Channel(2), Channel(3));
        double text = Luminance(0x22, 0x22, 0x22);
        Assert.True((chip + 0.05) / (text + 0.05) >= 4.5, $"{css}: contrast {(chip + 0.05) / (text + 0.05):F2}");
    }

    private static double Luminance(double r, double g, double b)
    {
        static double Linear(double c)
        {
            c /= 255;
            return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * Linear(r) + 0.7152 * Linear(g) + 0.0722 * Linear(b);
    }

    /// <summary>
    /// ROC-AUC by ranks equals the definition: the fraction of (positive, negative) pairs ordered correctly, ties one half.
    /// Scores are small integers so ties are frequent. Both sides are sums of halves divided by the same n₊n₋, exact in
    /// double below 2⁵³, so they agree to the last bit up to the one rounding of each division: compare within 1e-15.
    /// </summary>
    [Property(MaxTest = 300)]
    public void RocAuc_EqualsPairCounting(int[] rawScores, bool[] rawLabels)
    {
        int n = Math.Min(rawScores.Length, rawLabels.Length);
        float[] scores = rawScores.Take(n).Select(s => (float)(s % 5)).ToArray();
        int[] labels = rawLabels.Take(n).Select(l => l ? 1 : 0).ToArray();
        double auc = BinaryMetrics.RocAuc(scores, labels);
        double pairs = 0;
        long positives = labels.Count(l => l == 1);
        long negatives = n - positives;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                if (labels[i] == 1 && labels[j] == 0)
                {
                    pairs += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }
        if (positives == 0 || negatives == 0)
        {
            Assert.True(double.IsNaN(auc));
            return;
        }
        Assert.Equal(pairs / (positives * negatives), auc, 1e-15);
    }

    [Property]
    public void F1_IsTheHarmonicMeanOfPrecisionAndRecall(PositiveInt tp, NonNegativeInt fp, NonNegativeInt fn)
    {
        double precision = (double)tp.Get / (tp.Get + fp.Get);
        double recall = (double)tp.Get / (tp.Get + fn.Get);
        // Two formulas of the same number; each has a few roundings of relative size 2⁻⁵³, so 1e-14 relative is ample.
        double expected = 2 * precision * recall / (precision + recall);
        Assert.Equal(expected, BinaryMetrics.F1(tp.Get, fp.Get, fn.Get), 1e-14 * expected);
    }

    [Fact]
    public void DataPaths_RecordedDataGone_NamesDataAndTheEnvironmentVariable()
    {
        string gone = Path.Combine(Path.GetTempPath(), $"hardmax-gone-{Guid.NewGuid():N}", "aclImdb.tar.gz");
        string? environment = Environment.GetEnvironmentVariable(DataPaths.EnvironmentVariable);
        if (!string.IsNullOrEmpty(environment))
        {
            Assert.Equal(environment, DataPaths.Recorded(gone));
            return;
        }
        // The experiments layer names the setting; the tool shows the flag (FlagNames).
        ExperimentException e = Assert.Throws<ExperimentException>(() => DataPaths.Recorded(gone));
        Assert.Contains("give TrainingOptions.DataPath (the same reviews)", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("--data", e.Message, StringComparison.Ordinal);
        Assert.Contains("give --data (the same reviews)", CommandRunner.Describe(e), StringComparison.Ordinal);
        Assert.Contains("$HARDMAX_IMDB", e.Message, StringComparison.Ordinal);
        Assert.Null(DataPaths.Recorded(null));
        Assert.Equal(typeof(CommandLinePassTests).Assembly.Location, DataPaths.Recorded(typeof(CommandLinePassTests).Assembly.Location));
    }
}
