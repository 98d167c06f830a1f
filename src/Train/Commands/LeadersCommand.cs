using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using HardmaxCore.Train.Interpretability;
using HardmaxCore.Classifier;
using Spectre.Console;

namespace HardmaxCore.Train.Commands;

/// <summary>
/// <c>hardmax leaders</c>: the leader statistics of [AFZ] §5 (SPEC §3.6) over each model's test split, one column per
/// model: distinct last-layer leaders of the hardmax dynamics per review (mean, std, min, max) and the fraction of them
/// that were already leaders at layer 0.
/// </summary>
/// <remarks><code>hardmax leaders --model M [--model M2 …] [--data PATH] [--protocol paper|standard] [--limit N] [--threads N] [--json FILE]</code></remarks>
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
        Option<int?> limit = CliOptions.Integer("--limit", "Use only the first N reviews of each test split (default: all).", 1);
        var threads = TrainCommand.ThreadsOption();
        var json = new Option<string?>("--json") { Description = "Also write the statistics as JSON to this file (atomically).", HelpName = "FILE" };
        var command = new Command("leaders", "Leader statistics of [AFZ] §5 over the test split: distinct last-layer leaders and the fraction that led from layer 0.")
        {
            models, data, protocol, limit, threads, json,
        };
        command.SetAction(parseResult => CommandRunner.Execute(parseResult, context =>
        {
            ParseResult p = context.ParseResult;
            string? jsonPath = p.GetValue(json);
            if (jsonPath is not null)
            {
                InterpretabilityOptions.RequireDirectoryOf(jsonPath, "--json");
            }
            var columns = new List<(string Path, ClassifierModel Model, LeaderStatistics Statistics)>();
            foreach (string path in p.GetValue(models)!)
            {
                (ClassifierModel model, JsonObject header) = InterpretabilityOptions.LoadModel(path);
                PreparedData prepared = ModelEvaluationData.Load(model, header, p.GetValue(data), InterpretabilityOptions.ProtocolOf(p.GetValue(protocol)), null, context.Error);
                var reviews = prepared.Test;
                if (p.GetValue(limit) is int n && n < reviews.Count)
                {
                    reviews = new EncodedReviews(reviews.Ids[..(n * reviews.Length)], reviews.TokenCounts[..n], reviews.Labels[..n], reviews.Length);
                }
                ReviewLeaders[] counts = LeaderStatistics.Count(model, reviews, p.GetValue(threads) ?? Environment.ProcessorCount);
                columns.Add((path, model, LeaderStatistics.Of(counts)));
            }
            InterpretabilityOptions.Write(context.Output, Table(columns));
            if (jsonPath is not null)
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
                var root = new JsonObject { ["leaderStatistics"] = array };
                AtomicFile.WriteAllBytes(jsonPath, Encoding.UTF8.GetBytes(root.ToJsonString(TrainingJson.Options) + "\n"));
                context.Error.WriteLine($"{CommandRunner.ToolName} leaders: wrote {jsonPath}.");
            }
            return ExitCodes.Success;
        }));
        return command;
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
