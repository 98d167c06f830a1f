using System.Globalization;
using HardmaxCore.Classifier;
using HardmaxCore.Experiments.Plotting;
using ScottPlot;
using Spectre.Console;

namespace HardmaxCore.Experiments.Interpretability;

/// <summary>The attention counterpart of the leader-words table and chart (<see cref="AttendedWordCounts"/>).</summary>
internal static class AttentionFigures
{
    /// <summary>The words of one class as a table: rank, word, reviews, mean attention.</summary>
    public static Table Table(string className, int selected, int reviews, IReadOnlyList<AttendedWordCount> shown, double confidence, int perReview)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(string.Create(c,
            $"Most attended words ({perReview} per review) in {selected} {className} test reviews (of {reviews}) classified correctly with confidence ≥ {confidence}")));
        table.AddColumn(new TableColumn("#").RightAligned());
        table.AddColumn("word");
        table.AddColumn(new TableColumn("reviews").RightAligned());
        table.AddColumn(new TableColumn("mean attention").RightAligned());
        for (int r = 0; r < shown.Count; r++)
        {
            AttendedWordCount w = shown[r];
            table.AddRow((r + 1).ToString(c), Markup.Escape(w.Word), w.Reviews.ToString(c), w.MeanAttention.ToString("P1", c));
        }
        return table;
    }

    /// <summary>
    /// Horizontal bars: the top words of positive reviews (Okabe–Ito blue, upper block) and of negative reviews
    /// (vermillion, lower block), as every other page of the project colours the two classes.
    /// </summary>
    public static byte[] Chart(AttendedWordCounts counts, int top, int dimension, double confidence, int perReview,
        Func<FigurePage, FigurePage>? pageOf = null, string path = "chart.png")
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        AttendedWordCount[] positive = counts.Positive.Take(top).ToArray();
        AttendedWordCount[] negative = counts.Negative.Take(top).ToArray();
        Plot plot = FigureComposer.NewPlot();
        var bars = new List<Bar>();
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        double position = positive.Length + negative.Length;
        void Add(AttendedWordCount word, ScottPlot.Color color)
        {
            position--;
            bars.Add(new Bar { Position = position, Value = word.Reviews, FillColor = color, LineWidth = 0, Size = 0.75, Label = word.MeanAttention.ToString("P0", c) });
            ticks.AddMajor(position, word.Word);
        }
        foreach (AttendedWordCount word in positive)
        {
            Add(word, OkabeIto.Positive);
        }
        position -= 0.6;
        foreach (AttendedWordCount word in negative)
        {
            Add(word, OkabeIto.Negative);
        }
        var plottable = plot.Add.Bars(bars);
        plottable.Horizontal = true;
        plottable.ValueLabelStyle.FontSize = 18;
        plot.Axes.Left.TickGenerator = ticks;
        plot.Axes.Left.TickLabelStyle.FontSize = 14;
        double longest = bars.Count == 0 ? 1 : bars.Max(b => b.Value);
        plot.Axes.SetLimits(0, longest * 1.12, position - 0.6, positive.Length + negative.Length - 0.4);
        plot.HideGrid();
        plot.Title(string.Create(c, $"Most attended words, attention d = {dimension}\npositive (blue, {counts.SelectedPositive}) and negative (vermillion, {counts.SelectedNegative}) reviews"), 13);
        plot.XLabel(string.Create(c, $"reviews where the word is among the {perReview} most attended\n(correct, confidence ≥ {confidence}; bar label: mean attention share)"), 12);
        FigurePage page = FigureSize.Chart(900, Math.Max(360, 140 + 34 * bars.Count));
        return FigureComposer.Compose(plot, 900, pageOf?.Invoke(page) ?? page, FigureComposer.RequireFormat(path));
    }
}
