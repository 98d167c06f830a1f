using System.Globalization;
using System.Text.Json.Nodes;
using HardmaxCore.Classifier;
using HardmaxCore.Experiments.Runs;
using HardmaxCore.Experiments.Text;
using Spectre.Console;

namespace HardmaxCore.Experiments.Interpretability;

/// <summary>One model's column of the leader statistics: the model's path, the model and its statistics over the test split.</summary>
/// <param name="Path">The model file or run folder as given.</param>
/// <param name="Model">The model.</param>
/// <param name="Statistics">Its leader statistics.</param>
/// <param name="Split">Its split as JSON (<c>splitSizes</c>).</param>
internal sealed record LeaderColumn(string Path, ClassifierModel Model, LeaderStatistics Statistics, JsonObject Split);

/// <summary>
/// The leader statistics of [AFZ] §5 (SPEC §3.6) over each model's test split, as <c>hardmax leaders</c> reports them: a
/// seeded subset of the reviews, a table with one column per model, and JSON.
/// </summary>
internal static class LeaderReport
{
    /// <summary>Counts the leaders of <paramref name="model"/> over its test reviews (a seeded subset of <paramref name="limit"/> when given).</summary>
    public static LeaderStatistics Count(ClassifierModel model, EncodedReviews test, int? limit, int seed, int threads)
        => LeaderStatistics.Of(LeaderStatistics.Count(model, Subset(test, limit, seed), threads));

    /// <summary>
    /// Writes the statistics: the table to <paramref name="output"/> unless <paramref name="json"/>, the JSON
    /// (<see cref="Json"/>) to <paramref name="output"/> when <paramref name="json"/> and to <paramref name="jsonPath"/>
    /// (atomically) when given.
    /// </summary>
    /// <returns>Whether <paramref name="jsonPath"/> was written.</returns>
    public static bool Write(IReadOnlyList<LeaderColumn> columns, Provenance? provenance, bool json, string? jsonPath, TextWriter output)
    {
        if (!json)
        {
            PlainText.Write(output, Table(columns));
        }
        if (jsonPath is null && !json)
        {
            return false;
        }
        string text = Json(columns, provenance?.Finish().ToJson());
        if (json)
        {
            output.Write(text);
        }
        if (jsonPath is not null)
        {
            AtomicFile.WriteAllBytes(jsonPath, System.Text.Encoding.UTF8.GetBytes(text));
        }
        return jsonPath is not null;
    }

    /// <summary>The statistics as JSON: one entry per model (its path, d, K, α, the split), then the provenance.</summary>
    public static string Json(IReadOnlyList<LeaderColumn> columns, JsonNode? provenance)
    {
        var array = new JsonArray();
        foreach (LeaderColumn column in columns)
        {
            JsonObject entry = column.Statistics.ToJson();
            entry.Insert(0, "model", column.Path);
            entry.Insert(1, "dimension", column.Model.Settings.Dimension);
            entry.Insert(2, "layers", column.Model.Settings.Layers);
            entry.Insert(3, "alpha", (double)column.Model.Parameters.Alpha[0]);
            entry.Insert(4, "split", "test");
            entry["splitSizes"] = column.Split;
            array.Add(entry);
        }
        var root = new JsonObject { ["leaderStatistics"] = array, ["provenance"] = provenance };
        return root.ToJsonString(TrainingJson.Options) + "\n";
    }

    /// <summary>A seeded subset of <paramref name="limit"/> reviews (kept in their order), or all when the limit is absent or not smaller.</summary>
    internal static EncodedReviews Subset(EncodedReviews reviews, int? limit, int seed)
    {
        if (limit is not int n || n >= reviews.Count)
        {
            return reviews;
        }
        int[] all = Enumerable.Range(0, reviews.Count).ToArray();
        new Random(seed + 7777).Shuffle(all);
        int[] pick = all.Take(n).Order().ToArray();
        int length = reviews.Length;
        var ids = new int[n * length];
        var tokenCounts = new int[n];
        var labels = new int[n];
        for (int r = 0; r < n; r++)
        {
            Array.Copy(reviews.Ids, pick[r] * length, ids, r * length, length);
            tokenCounts[r] = reviews.TokenCounts[pick[r]];
            labels[r] = reviews.Labels[pick[r]];
        }
        return new EncodedReviews(ids, tokenCounts, labels, length);
    }

    /// <summary>The table: one row per statistic, one column per model.</summary>
    internal static Table Table(IReadOnlyList<LeaderColumn> columns)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape("Leaders at the last hardmax layer, test split ([AFZ] §5)"));
        table.AddColumn(new TableColumn(""));
        foreach ((string path, ClassifierModel model, _, _) in columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape($"d = {model.Settings.Dimension}\n{Shorten(path)}")).RightAligned());
        }
        void Row(string name, Func<ClassifierModel, LeaderStatistics, string> value)
            => table.AddRow([Markup.Escape(name), .. columns.Select(col => Markup.Escape(value(col.Model, col.Statistics)))]);
        Row("layers K", (m, _) => m.Settings.Layers.ToString(c));
        Row("α", (m, _) => m.Parameters.Alpha[0].ToString("F3", c));
        Row("reviews", (_, s) => s.Reviews.ToString(c));
        Row("leaders: mean", (_, s) => s.Mean.ToString("F2", c));
        Row("leaders: std", (_, s) => s.StandardDeviation.ToString("F2", c));
        Row("leaders: min", (_, s) => s.Min.ToString(c));
        Row("leaders: max", (_, s) => s.Max.ToString(c));
        Row("leaders at layer 0 (pooled)", (_, s) => s.PersistentFraction.ToString("P1", c));
        Row("leaders at layer 0 (mean per review)", (_, s) => s.MeanPersistentFraction.ToString("P1", c));
        return table;
    }

    private static string Shorten(string path)
    {
        string full = Path.GetFullPath(path);
        string name = Path.GetFileName(full) == TrainingRun.ModelFileName ? Path.GetFileName(Path.GetDirectoryName(full) ?? full) : Path.GetFileName(full);
        return name.Length > 24 ? name[..21] + "..." : name;
    }
}
