using System.CommandLine;
using System.Text.Json.Nodes;
using HardmaxCore.Experiments.Interpretability;
using HardmaxCore.Classifier;

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
                OutputFiles.RequireFolder(jsonPath, "--json-out");
            }
            int threadCount = p.GetValue(threads) ?? Environment.ProcessorCount;
            var columns = new List<LeaderColumn>();
            Provenance? provenance = null;
            foreach (string path in p.GetValue(models)!)
            {
                (ClassifierModel model, JsonObject header) = LoadedModel.LoadHardmax(path);
                ModelSplit split = ModelSplit.Load(model, header, p.GetValue(data), ModelSplit.ProtocolNamed(p.GetValue(protocol)), p.GetValue(seed), p.GetValue(allowOverlap), context.Error);
                provenance ??= Provenance.Start(threadCount, split.DataPath);
                columns.Add(new LeaderColumn(path, model, LeaderReport.Count(model, split.Data.Test, p.GetValue(limit), split.Seed, threadCount), split.ToJson()));
            }
            if (LeaderReport.Write(columns, provenance, p.GetValue(json), jsonPath, context.Output))
            {
                context.Error.WriteLine($"{CommandRunner.ToolName} leaders: wrote {jsonPath}.");
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
