using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using HardmaxCore.Train.Interpretability;
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
/// <remarks><code>hardmax leader-words --model M [--data PATH] [--protocol paper|standard] [--top 15] [--confidence 0.95] [--score 2] --out words.png</code></remarks>
internal static class LeaderWordsCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = EvaluateCommand.ModelOption();
        var data = TrainCommand.DataOption();
        var protocol = InterpretabilityOptions.Protocol();
        Option<int> top = InterpretabilityOptions.Integer("--top", "How many words to show", 15, 1);
        Option<double> confidence = InterpretabilityOptions.Number("--confidence", "Keep correctly classified reviews whose true-label probability is at least this", 0.95, 0.5, 1);
        Option<double> score = InterpretabilityOptions.Number("--score", "Keep leaders with |v·z + b| above this", 2, 0, double.MaxValue);
        var threads = TrainCommand.ThreadsOption();
        var output = new Option<string>("--out", "-o") { Description = "The bar chart (PNG).", HelpName = "FILE.png", Required = true };
        var command = new Command("leader-words", "The most frequent strong leader words of confidently, correctly classified test reviews ([AFZ] §5).")
        {
            model, data, protocol, top, confidence, score, threads, output,
        };
        command.SetAction(parseResult => CommandRunner.Execute(parseResult, context =>
        {
            ParseResult p = context.ParseResult;
            string outPath = p.GetValue(output)!;
            InterpretabilityOptions.RequireDirectoryOf(outPath, "--out");
            if (AttentionCommands.IsAttention(p.GetValue(model)!))
            {
                return AttentionCommands.AttendedWords(context, p.GetValue(model)!, p.GetValue(data), p.GetValue(protocol), p.GetValue(top),
                    p.GetValue(confidence), p.GetValue(threads) ?? Environment.ProcessorCount, outPath);
            }
            (ClassifierModel classifier, JsonObject header) = InterpretabilityOptions.LoadModel(p.GetValue(model)!);
            PreparedData prepared = ModelEvaluationData.Load(classifier, header, p.GetValue(data), InterpretabilityOptions.ProtocolOf(p.GetValue(protocol)), null, context.Error);
            LeaderWordCounts counts = LeaderWordCounts.Count(classifier, prepared.Test, p.GetValue(confidence), p.GetValue(score), p.GetValue(threads) ?? Environment.ProcessorCount);
            LeaderWordCount[] shown = counts.Words.Take(p.GetValue(top)).ToArray();
            InterpretabilityOptions.Write(context.Output, Table(counts, shown, p.GetValue(confidence), p.GetValue(score)));
            AtomicFile.WriteAllBytes(outPath, Chart(counts, shown, classifier.Settings.Dimension, p.GetValue(confidence), p.GetValue(score)));
            context.Error.WriteLine($"{CommandRunner.ToolName} leader-words: wrote {outPath}.");
            return ExitCodes.Success;
        }));
        return command;
    }

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

    /// <summary>Horizontal bars, most frequent on top, green when the word's mean score is positive, red when negative.</summary>
    internal static byte[] Chart(LeaderWordCounts counts, IReadOnlyList<LeaderWordCount> shown, int dimension, double confidence, double score)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        Plot plot = Figures.NewPlot();
        var bars = new List<Bar>();
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int r = 0; r < shown.Count; r++)
        {
            double position = shown.Count - 1 - r;
            bars.Add(new Bar
            {
                Position = position,
                Value = shown[r].Reviews,
                FillColor = shown[r].MeanScore >= 0 ? Figures.Positive : Figures.Negative,
                LineWidth = 0,
                Size = 0.75,
                Label = shown[r].MeanScore.ToString("+0.0;-0.0", c),
            });
            ticks.AddMajor(position, shown[r].Word);
        }
        var plottable = plot.Add.Bars(bars);
        plottable.Horizontal = true;
        plottable.ValueLabelStyle.FontSize = 11;
        plot.Axes.Left.TickGenerator = ticks;
        plot.Axes.Left.TickLabelStyle.FontSize = 14;
        double longest = shown.Count == 0 ? 1 : shown.Max(w => w.Reviews);
        plot.Axes.SetLimits(0, longest * 1.12, -0.6, Math.Max(shown.Count, 1) - 0.4);
        plot.HideGrid();
        plot.Title(string.Create(c, $"Strong leader words (|v·z + b| > {score}), d = {dimension}: green = positive mean score, red = negative"), 16);
        plot.XLabel(string.Create(c, $"reviews where the word is a last-layer leader ({counts.Selected} correct reviews with confidence ≥ {confidence}); bar label: mean score"), 12);
        return Figures.Png(plot, 900, Math.Max(360, 120 + 34 * shown.Count));
    }
}
