using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using HardmaxCore.Experiments.Interpretability;
using HardmaxCore.Classifier;
using HardmaxCore.Train.Plotting;
using ScottPlot;
using Spectre.Console;

namespace HardmaxCore.Train.Commands;

/// <summary>
/// <c>hardmax leader-words</c>: the leader words of [AFZ] §5 (SPEC §3.6). Over the test reviews the model classifies
/// correctly with confidence ≥ c, the distinct last-layer leaders of the hardmax dynamics whose decoder score
/// <c>|v·z + b|</c> exceeds s, counted once per review; the most frequent as a bar chart and a table.
/// </summary>
/// <remarks><code>hardmax leader-words --model M [--data PATH] [--protocol P] [--seed S] [--top 15] [--confidence 0.95] [--score 2] [--out words.png|words.svg] [--csv words.csv] [--json] [--scale S]</code></remarks>
internal static class LeaderWordsCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = EvaluateCommand.ModelOption();
        var data = TrainCommand.DataOption();
        var protocol = InterpretabilityOptions.Protocol();
        Option<int?> seed = CliOptions.SplitSeed();
        var allowOverlap = CliOptions.AllowOverlap();
        Option<int> top = InterpretabilityOptions.Integer("--top", "How many words to show", 15, 1);
        Option<double> confidence = InterpretabilityOptions.Number("--confidence", "Keep correctly classified reviews whose true-label probability is at least this", 0.95, 0.5, 1);
        Option<double> score = InterpretabilityOptions.Number("--score", "Keep leaders with |v·z + b| above this", 2, 0, double.MaxValue);
        var threads = TrainCommand.ThreadsOption();
        var output = new Option<string?>("--out", "-o") { Description = "The bar chart: .png, .svg or .pdf (by the extension).", HelpName = "FILE.png|FILE.svg|FILE.pdf" };
        var csv = new Option<string?>("--csv") { Description = "Also write every counted word (not only the top) as CSV: rank,word,reviews,meanScore,positiveReviews.", HelpName = "FILE.csv" };
        var json = CliOptions.Json("Print the counts as JSON on stdout (with provenance) instead of the table.");
        var command = new Command("leader-words", "The most frequent strong leader words of confidently, correctly classified test reviews ([AFZ] §5).")
        {
            model, data, protocol, seed, allowOverlap, top, confidence, score, threads, output, csv, json,
        };
        FigureOptions figure = FigureOptions.AddTo(command);
        command.SetAction(parseResult => CommandRunner.Execute(parseResult, context =>
        {
            ParseResult p = context.ParseResult;
            string? outPath = p.GetValue(output);
            string? csvPath = p.GetValue(csv);
            if (outPath is null && csvPath is null && !p.GetValue(json))
            {
                throw new CliException("give --out FILE.png|FILE.svg for the chart, --csv FILE for the counts, --json for JSON on stdout, or several.");
            }
            if (outPath is not null)
            {
                FigureOptions.Check(outPath, "--out");
            }
            if (csvPath is not null)
            {
                InterpretabilityOptions.RequireDirectoryOf(csvPath, "--csv");
            }
            // The chart's height follows the number of bars: the page is made once they are counted; the options are checked now.
            figure.Page(p, FigureSize.Chart(1000, 1000));
            Func<HardmaxCore.Experiments.Plotting.FigurePage, HardmaxCore.Experiments.Plotting.FigurePage> pageOf = defaults => figure.Page(p, defaults);
            int threadCount = p.GetValue(threads) ?? Environment.ProcessorCount;
            using SentimentClassifier loaded = LoadedModel.Open(p.GetValue(model)!);
            if (loaded.Architecture == ClassifierArchitecture.Attention && outPath is null)
            {
                throw new CliException("an attention model's attended words are drawn as a chart: give --out FILE.png.");
            }
            ModelSplit split = ModelSplit.Load(loaded, p.GetValue(data), InterpretabilityOptions.ProtocolOf(p.GetValue(protocol)), p.GetValue(seed), p.GetValue(allowOverlap), context.Error);
            if (loaded.Architecture == ClassifierArchitecture.Attention)
            {
                return AttentionCommands.AttendedWords(context, loaded, split, p.GetValue(top),
                    p.GetValue(confidence), threadCount, pageOf, outPath!);
            }
            ClassifierModel classifier = loaded.Model;
            var provenance = Provenance.Start(threadCount, split.DataPath);
            double c = p.GetValue(confidence);
            double s = p.GetValue(score);
            LeaderWordCounts counts = LeaderWordCounts.Count(classifier, split.Data.Test, c, s, threadCount);
            LeaderWordCount[] shown = counts.Words.Take(p.GetValue(top)).ToArray();
            if (shown.Length == 0)
            {
                throw new CliException(counts.Selected == 0
                    ? string.Create(CultureInfo.InvariantCulture,
                        $"no leader word to show: none of the {counts.Reviews} test reviews is classified correctly with confidence ≥ {c}. Lower --confidence (e.g. 0.8), or train the model longer. Nothing was written.")
                    : string.Create(CultureInfo.InvariantCulture,
                        $"no leader word to show: in the {counts.Selected} of {counts.Reviews} test reviews classified correctly with confidence ≥ {c}, no last-layer leader has |v·z + b| > {s}. Lower --score (e.g. {Math.Round(s / 2, 2)}), or --confidence. Nothing was written."));
            }
            var written = new List<string>();
            if (p.GetValue(json))
            {
                JsonObject result = ToJson(counts, shown, c, s, classifier.Settings.Dimension);
                result["split"] = split.ToJson();
                result["provenance"] = provenance.Finish().ToJson();
                context.Output.WriteLine(result.ToJsonString(TrainingJson.Options));
            }
            else
            {
                InterpretabilityOptions.Write(context.Output, Table(counts, shown, c, s));
            }
            if (outPath is not null)
            {
                AtomicFile.WriteAllBytes(outPath, Chart(counts, shown, classifier.Settings.Dimension, c, s, pageOf, outPath));
                written.Add(outPath);
            }
            if (csvPath is not null)
            {
                AtomicFile.WriteAllBytes(csvPath, System.Text.Encoding.UTF8.GetBytes(Csv(counts)));
                written.Add(csvPath);
            }
            if (written.Count > 0)
            {
                context.Error.WriteLine($"{CommandRunner.ToolName} leader-words: wrote {string.Join(" and ", written)}.");
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Every counted word as CSV with a header: rank,word,reviews,meanScore,positiveReviews (words quoted when needed).</summary>
    internal static string Csv(LeaderWordCounts counts)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        var text = new System.Text.StringBuilder("rank,word,reviews,meanScore,positiveReviews\n");
        for (int r = 0; r < counts.Words.Count; r++)
        {
            LeaderWordCount w = counts.Words[r];
            string word = w.Word.Contains(',', StringComparison.Ordinal) || w.Word.Contains('"', StringComparison.Ordinal)
                ? "\"" + w.Word.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
                : w.Word;
            text.Append(c, $"{r + 1},{word},{w.Reviews},{w.MeanScore:R},{w.Positive}\n");
        }
        return text.ToString();
    }

    /// <summary>The counts as JSON: the filters, the reviews looked at and kept, and the shown words.</summary>
    internal static JsonObject ToJson(LeaderWordCounts counts, IReadOnlyList<LeaderWordCount> shown, double confidence, double score, int dimension) => new()
    {
        ["dimension"] = dimension,
        ["confidence"] = confidence,
        ["score"] = score,
        ["reviews"] = counts.Reviews,
        ["selected"] = counts.Selected,
        ["specialTokens"] = counts.SpecialTokens,
        ["words"] = new JsonArray(shown.Select((w, r) => (JsonNode)new JsonObject
        {
            ["rank"] = r + 1,
            ["word"] = w.Word,
            ["reviews"] = w.Reviews,
            ["meanScore"] = w.MeanScore,
            ["positiveReviews"] = w.Positive,
        }).ToArray()),
    };

    /// <summary>The words as a table: rank, word, reviews, mean score, share of positive reviews.</summary>
    internal static Table Table(LeaderWordCounts counts, IReadOnlyList<LeaderWordCount> shown, double confidence, double score)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(string.Create(c,
            $"Leader words with |v·z + b| > {score} in {counts.Selected} of {counts.Reviews} test reviews classified correctly with confidence ≥ {confidence}")));
        table.AddColumn(new TableColumn("#").RightAligned());
        table.AddColumn("word");
        table.AddColumn(new TableColumn("reviews").RightAligned());
        table.AddColumn(new TableColumn("mean score").RightAligned());
        table.AddColumn(new TableColumn("positive reviews").RightAligned());
        for (int r = 0; r < shown.Count; r++)
        {
            LeaderWordCount w = shown[r];
            table.AddRow(
                (r + 1).ToString(c), Markup.Escape(w.Word), w.Reviews.ToString(c), w.MeanScore.ToString("+0.00;-0.00", c),
                ((double)w.Positive / w.Reviews).ToString("P0", c));
        }
        if (counts.SpecialTokens > 0)
        {
            table.Caption(Markup.Escape($"<pad>/<unk> were such leaders {counts.SpecialTokens} times (not listed)"));
        }
        return table;
    }

    /// <summary>
    /// Horizontal bars, most frequent on top, Okabe–Ito blue when the word's mean score is positive, vermillion when
    /// negative; the words on the left, the mean score at the end of each bar. PNG or SVG by <paramref name="path"/>'s extension.
    /// </summary>
    internal static byte[] Chart(
        LeaderWordCounts counts, IReadOnlyList<LeaderWordCount> shown, int dimension, double confidence, double score,
        Func<HardmaxCore.Experiments.Plotting.FigurePage, HardmaxCore.Experiments.Plotting.FigurePage>? pageOf = null, string path = "chart.png")
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        Plot plot = FigureComposer.NewPlot();
        var bars = new List<Bar>();
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int r = 0; r < shown.Count; r++)
        {
            double position = shown.Count - 1 - r;
            bars.Add(new Bar
            {
                Position = position,
                Value = shown[r].Reviews,
                FillColor = shown[r].MeanScore >= 0 ? OkabeIto.Positive : OkabeIto.Negative,
                LineWidth = 0,
                Size = 0.75,
                Label = shown[r].MeanScore.ToString("+0.0;-0.0", c),
            });
            ticks.AddMajor(position, shown[r].Word);
        }
        var plottable = plot.Add.Bars(bars);
        plottable.Horizontal = true;
        // Bar labels in design pixels: 18 is 8.4 pt on the default 6.5 in page.
        plottable.ValueLabelStyle.FontSize = 18;
        plot.Axes.Left.TickGenerator = ticks;
        plot.Axes.Left.TickLabelStyle.FontSize = 14;
        double longest = shown.Count == 0 ? 1 : shown.Max(w => w.Reviews);
        plot.Axes.SetLimits(0, longest * 1.12, -0.6, Math.Max(shown.Count, 1) - 0.4);
        plot.HideGrid();
        plot.Title(string.Create(c, $"Leader words with |v·z + b| > {score}, d = {dimension}"), 16);
        plot.XLabel(string.Create(c, $"reviews where the word leads at the last layer\n(of {counts.Selected} correct with confidence ≥ {confidence})"), 12);
        // The colour key, inside the frame where the shortest bars leave room (lower right).
        Legend legend = plot.ShowLegend(Alignment.LowerRight);
        legend.ManualItems.Add(new LegendItem { LabelText = "mean score > 0", FillColor = OkabeIto.Positive });
        legend.ManualItems.Add(new LegendItem { LabelText = "mean score < 0", FillColor = OkabeIto.Negative });
        int height = Math.Max(360, 120 + 34 * shown.Count);
        // The page's width is the command's (or its default); the height follows the number of bars unless given.
        HardmaxCore.Experiments.Plotting.FigurePage chart = FigureSize.Chart(1000, height);
        return FigureComposer.Compose(plot, 1000, pageOf?.Invoke(chart) ?? chart, FigureOptions.FormatOf(path, "--out"));
    }
}
