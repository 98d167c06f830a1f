using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using HardmaxCore.Experiments.Interpretability;
using HardmaxCore.Classifier;
using Spectre.Console;

namespace HardmaxCore.Train.Commands;

/// <summary>
/// <c>hardmax leaders</c>: the leader statistics of [AFZ] §5 (SPEC §3.6) over each model's test split, one column per
/// model: distinct last-layer leaders of the hardmax dynamics per review (mean, std, min, max) and the fraction of them
/// that were already leaders at layer 0.
/// </summary>
/// <remarks>
/// <code>hardmax leaders --model M [--model M2 …] [--data PATH] [--protocol paper|standard] [--seed S] [--limit N] [--threads N] [--json] [--json-out FILE]</code>
/// <c>--limit N</c> means what it means in <c>train</c>: a seeded subset of N reviews (here of each test split).
/// </remarks>
internal static class LeadersCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var models = new Option<string[]>("--model", "-m")
        {
            Description = "A model file written by 'hardmax train' (or its run folder); repeat for several models.",
            HelpName = "MODEL",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
        };
        var data = TrainCommand.DataOption();
        var protocol = InterpretabilityOptions.Protocol();
        Option<int?> seed = CliOptions.SplitSeed();
        var allowOverlap = CliOptions.AllowOverlap();
        Option<int?> limit = CliOptions.Integer("--limit", "Use a seeded subset of N reviews of each test split (quick runs; default: all).", 1);
        var threads = TrainCommand.ThreadsOption();
        var json = CliOptions.Json("Print the statistics as JSON on stdout (with provenance) instead of the table.");
        var jsonOut = new Option<string?>("--json-out") { Description = "Also write the statistics as JSON to this file (atomically).", HelpName = "FILE" };
        var command = new Command("leaders", "Leader statistics of [AFZ] §5 over the test split: distinct last-layer leaders and the fraction that led from layer 0.")
        {
            models, data, protocol, seed, allowOverlap, limit, threads, json, jsonOut,
        };
        command.SetAction(parseResult => CommandRunner.Execute(parseResult, context =>
        {
            ParseResult p = context.ParseResult;
            string? jsonPath = p.GetValue(jsonOut);
            if (jsonPath is not null)
            {
                InterpretabilityOptions.RequireDirectoryOf(jsonPath, "--json-out");
            }
            int threadCount = p.GetValue(threads) ?? Environment.ProcessorCount;
            var columns = new List<(string Path, ClassifierModel Model, LeaderStatistics Statistics)>();
            var splits = new List<ModelSplit>();
            Provenance? provenance = null;
            foreach (string path in p.GetValue(models)!)
            {
                (ClassifierModel model, JsonObject header) = InterpretabilityOptions.LoadModel(path);
                ModelSplit split = ModelSplit.Load(model, header, p.GetValue(data), InterpretabilityOptions.ProtocolOf(p.GetValue(protocol)), p.GetValue(seed), p.GetValue(allowOverlap), context.Error);
                provenance ??= Provenance.Start(threadCount, split.DataPath);
                splits.Add(split);
                EncodedReviews reviews = Subset(split.Data.Test, p.GetValue(limit), split.Seed);
                ReviewLeaders[] counts = LeaderStatistics.Count(model, reviews, threadCount);
                columns.Add((path, model, LeaderStatistics.Of(counts)));
            }
            if (!p.GetValue(json))
            {
                InterpretabilityOptions.Write(context.Output, Table(columns));
            }
            if (jsonPath is not null || p.GetValue(json))
            {
                var array = new JsonArray();
                foreach ((string path, ClassifierModel model, LeaderStatistics statistics) in columns)
                {
                    JsonObject entry = statistics.ToJson();
                    entry.Insert(0, "model", path);
                    entry.Insert(1, "dimension", model.Settings.Dimension);
                    entry.Insert(2, "layers", model.Settings.Layers);
                    entry.Insert(3, "alpha", (double)model.Parameters.Alpha[0]);
                    entry.Insert(4, "split", "test");
                    array.Add(entry);
                }
                for (int m = 0; m < array.Count; m++)
                {
                    array[m]!["splitSizes"] = splits[m].ToJson();
                }
                var root = new JsonObject { ["leaderStatistics"] = array, ["provenance"] = provenance?.Finish().ToJson() };
                string text = root.ToJsonString(TrainingJson.Options) + "\n";
                if (p.GetValue(json))
                {
                    context.Output.Write(text);
                }
                if (jsonPath is not null)
                {
                    AtomicFile.WriteAllBytes(jsonPath, Encoding.UTF8.GetBytes(text));
                    context.Error.WriteLine($"{CommandRunner.ToolName} leaders: wrote {jsonPath}.");
                }
            }
            return ExitCodes.Success;
        }));
        return command;
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
    internal static Table Table(IReadOnlyList<(string Path, ClassifierModel Model, LeaderStatistics Statistics)> columns)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape("Leaders at the last hardmax layer, test split ([AFZ] §5)"));
        table.AddColumn(new TableColumn(""));
        foreach ((string path, ClassifierModel model, _) in columns)
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
