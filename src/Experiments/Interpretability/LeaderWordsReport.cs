using System.Globalization;
using System.Text.Json.Nodes;
using HardmaxCore.Classifier;
using HardmaxCore.Experiments.Clustering;
using HardmaxCore.Experiments.Evaluation;
using HardmaxCore.Experiments.Plotting;
using HardmaxCore.Experiments.Text;
using ScottPlot;
using Spectre.Console;

namespace HardmaxCore.Experiments.Interpretability;

/// <summary>What a leader-word count keeps and shows.</summary>
/// <param name="Top">How many words to show (the most frequent).</param>
/// <param name="Confidence">The reviews kept: correctly classified with a true-label probability at least this.</param>
/// <param name="Score">The leaders kept: |v·z + b| above this.</param>
internal sealed record LeaderWordsSettings(int Top, double Confidence, double Score);

/// <summary>
/// The leader words of [AFZ] §5 (SPEC §3.6, <see cref="LeaderWordCounts"/>) as a table, a CSV, JSON and a bar chart, as
/// <c>hardmax leader-words</c> shows them.
/// </summary>
internal static class LeaderWordsReport
{
    /// <summary>The words counted per review for an attention model (its most attended).</summary>
    public const int WordsPerReview = 3;

    /// <summary>
    /// An attention model's most attended words in the confidently, correctly classified test reviews: a table per class
    /// to <paramref name="output"/> and the chart to <paramref name="chartPath"/> (.png, .svg or .pdf).
    /// </summary>
    public static void AttendedWords(
        AttentionModel model, EncodedReviews test, int top, double confidence, int threads, Func<FigurePage, FigurePage> pageOf, string chartPath, TextWriter output)
    {
        AttendedWordCounts counts = AttendedWordCounts.Count(model, test, confidence, WordsPerReview, threads);
        PlainText.Write(output, AttentionFigures.Table("positive", counts.SelectedPositive, counts.Reviews, counts.Positive.Take(top).ToArray(), confidence, WordsPerReview));
        PlainText.Write(output, AttentionFigures.Table("negative", counts.SelectedNegative, counts.Reviews, counts.Negative.Take(top).ToArray(), confidence, WordsPerReview));
        AtomicFile.WriteAllBytes(chartPath, AttentionFigures.Chart(counts, top, model.Settings.Dimension, confidence, WordsPerReview, pageOf, chartPath));
    }

    /// <summary>
    /// A hardmax model's leader words (<see cref="LeaderWordCounts.Count"/>) in the test part of <paramref name="split"/>: the
    /// <see cref="LeaderWordsSettings.Top"/> most frequent as JSON (with the split and provenance) or a table to <paramref name="output"/>,
    /// the chart to <paramref name="chartPath"/> and every counted word as CSV to <paramref name="csvPath"/> (each when given).
    /// </summary>
    /// <returns>The files written, in order.</returns>
    /// <exception cref="ExperimentException">No word to show (the message says which threshold to lower); nothing was written.</exception>
    public static List<string> LeaderWords(
        ClassifierModel model, ModelSplit split, LeaderWordsSettings settings, int threads, bool json, Provenance provenance,
        Func<FigurePage, FigurePage> pageOf, string? chartPath, string? csvPath, TextWriter output)
    {
        (int top, double confidence, double score) = settings;
        LeaderWordCounts counts = LeaderWordCounts.Count(model, split.Data.Test, confidence, score, threads);
        LeaderWordCount[] shown = counts.Words.Take(top).ToArray();
        if (shown.Length == 0)
        {
            throw new ExperimentException(counts.Selected == 0
                ? string.Create(CultureInfo.InvariantCulture,
                    $"no leader word to show: none of the {counts.Reviews} test reviews is classified correctly with confidence ≥ {confidence}. Lower LeaderWordsSettings.Confidence (e.g. 0.8), or train the model longer. Nothing was written.")
                : string.Create(CultureInfo.InvariantCulture,
                    $"no leader word to show: in the {counts.Selected} of {counts.Reviews} test reviews classified correctly with confidence ≥ {confidence}, no last-layer leader has |v·z + b| > {score}. Lower LeaderWordsSettings.Score (e.g. {Math.Round(score / 2, 2)}), or LeaderWordsSettings.Confidence. Nothing was written."));
        }
        if (json)
        {
            JsonObject result = ToJson(counts, shown, confidence, score, model.Settings.Dimension);
            result["split"] = split.ToJson();
            result["provenance"] = provenance.Finish().ToJson();
            output.WriteLine(result.ToJsonString(TrainingJson.Options));
        }
        else
        {
            PlainText.Write(output, Table(counts, shown, confidence, score));
        }
        var written = new List<string>();
        if (chartPath is not null)
        {
            AtomicFile.WriteAllBytes(chartPath, Chart(counts, shown, model.Settings.Dimension, confidence, score, pageOf, chartPath));
            written.Add(chartPath);
        }
        if (csvPath is not null)
        {
            AtomicFile.WriteAllBytes(csvPath, System.Text.Encoding.UTF8.GetBytes(Csv(counts)));
            written.Add(csvPath);
        }
        return written;
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
        Func<FigurePage, FigurePage>? pageOf = null, string path = "chart.png")
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
        FigurePage chart = FigureSize.Chart(1000, height);
        return FigureComposer.Compose(plot, 1000, pageOf?.Invoke(chart) ?? chart, FigureComposer.RequireFormat(path));
    }
}
