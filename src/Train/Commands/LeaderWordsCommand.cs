using System.CommandLine;
using HardmaxCore.Experiments.Interpretability;
using HardmaxCore.Classifier;
using HardmaxCore.Train.Plotting;

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
                OutputFiles.RequireFigure(outPath, "--out");
            }
            if (csvPath is not null)
            {
                OutputFiles.RequireFolder(csvPath, "--csv");
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
            ModelSplit split = ModelSplit.Load(loaded, p.GetValue(data), ModelSplit.ProtocolNamed(p.GetValue(protocol)), p.GetValue(seed), p.GetValue(allowOverlap), context.Error);
            if (loaded.Architecture == ClassifierArchitecture.Attention)
            {
                LeaderWordsReport.AttendedWords(loaded.AttentionModel, split.Data.Test, p.GetValue(top), p.GetValue(confidence), threadCount, pageOf, outPath!, context.Output);
                context.Error.WriteLine($"{CommandRunner.ToolName} leader-words: attention model, wrote {outPath}.");
                return ExitCodes.Success;
            }
            List<string> written = LeaderWordsReport.LeaderWords(loaded.Model, split, new LeaderWordsSettings(p.GetValue(top), p.GetValue(confidence), p.GetValue(score)), threadCount, p.GetValue(json),
                Provenance.Start(threadCount, split.DataPath), pageOf, outPath, csvPath, context.Output);
            if (written.Count > 0)
            {
                context.Error.WriteLine($"{CommandRunner.ToolName} leader-words: wrote {string.Join(" and ", written)}.");
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
