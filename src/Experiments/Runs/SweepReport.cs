using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HardmaxCore.Classifier;

namespace HardmaxCore.Experiments.Runs;

/// <summary>
/// What a sweep folder holds so far: every finished run (<c>ROOT/&lt;configuration&gt;/seed-&lt;s&gt;/metrics.json</c>) and, per
/// configuration, the mean ± standard deviation, minimum and maximum of its metrics over seeds; the best configuration is
/// the one with the highest mean <b>validation</b> accuracy (test accuracy plays no part in the choice).
/// </summary>
internal sealed class SweepReport
{
    private SweepReport(string root, IReadOnlyList<SweepRunResult> runs, IReadOnlyList<string> unfinished)
    {
        this.Root = root;
        this.Runs = runs;
        this.Unfinished = unfinished;
        this.Configurations = runs
            .GroupBy(r => r.Configuration, StringComparer.Ordinal)
            .Select(Summarize)
            .OrderBy(c => c.Settings.Protocol == EvaluationProtocol.Paper ? 0 : 1)
            .ThenBy(c => c.Settings.Dimension)
            .ThenBy(c => c.Configuration, StringComparer.Ordinal)
            .ToArray();
        this.Best = HighestValidation(this.Configurations);
        this.BestByDimension = this.Configurations
            .GroupBy(c => (c.Settings.Protocol, c.Settings.Dimension))
            .Select(HighestValidation)
            .OfType<SweepConfigurationSummary>()
            .ToArray();
    }

    /// <summary>[AFZ]'s best test accuracy over 100 epochs, paper protocol, by d (their Table 1; SPEC §3.5).</summary>
    public static IReadOnlyDictionary<int, double> AfzPaperAccuracy { get; } = new Dictionary<int, double>
    {
        [2] = 0.791,
        [4] = 0.823,
        [8] = 0.851,
        [16] = 0.882,
    };

    /// <summary>The sweep folder.</summary>
    public string Root { get; }

    /// <summary>The finished runs.</summary>
    public IReadOnlyList<SweepRunResult> Runs { get; }

    /// <summary>Run folders without a finished metrics.json (still running, killed, or not started past their first epoch).</summary>
    public IReadOnlyList<string> Unfinished { get; }

    /// <summary>Per configuration: paper protocol first, then by d, then by name.</summary>
    public IReadOnlyList<SweepConfigurationSummary> Configurations { get; }

    /// <summary>The configuration with the highest mean validation accuracy, or null when nothing finished.</summary>
    public SweepConfigurationSummary? Best { get; }

    /// <summary>
    /// Per protocol and d (in the order of <see cref="Configurations"/>), the configuration with the highest mean validation
    /// accuracy: in a grid over d, the setting to choose at each d.
    /// </summary>
    public IReadOnlyList<SweepConfigurationSummary> BestByDimension { get; }

    /// <summary>Reads every <c>&lt;configuration&gt;/seed-*/metrics.json</c> under <paramref name="root"/>.</summary>
    /// <exception cref="ExperimentException">The folder does not exist, or a metrics.json is not one of <c>hardmax train</c>.</exception>
    public static SweepReport Load(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        if (!Directory.Exists(root))
        {
            throw new ExperimentException($"There is no sweep folder '{root}'; give the folder a sweep wrote its runs to.");
        }
        var runs = new List<SweepRunResult>();
        var unfinished = new List<string>();
        foreach (string configuration in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            foreach (string folder in Directory.GetDirectories(configuration, "seed-*").Order(StringComparer.Ordinal))
            {
                SweepRunResult? result = Read(Path.GetFileName(configuration), folder);
                if (result is null)
                {
                    unfinished.Add(folder);
                }
                else
                {
                    runs.Add(result);
                }
            }
        }
        return new SweepReport(root, runs, unfinished);
    }

    /// <summary>The configuration with the highest finite mean validation accuracy (the first in order on a tie), or null.</summary>
    private static SweepConfigurationSummary? HighestValidation(IEnumerable<SweepConfigurationSummary> configurations)
        => configurations
            .Where(c => double.IsFinite(c.ValidationAccuracy.Mean))
            .OrderByDescending(c => c.ValidationAccuracy.Mean)
            .FirstOrDefault();

    /// <summary>
    /// The Markdown table: one row per configuration, the best of each protocol and d (on validation) in bold, [AFZ]
    /// beside paper-protocol rows; then the best overall and, when the grid has several d or protocols, the best of each.
    /// </summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        CultureInfo c = CultureInfo.InvariantCulture;
        text.AppendLine("| configuration | d | protocol | runs | validation acc | test acc (softmax) | test min – max | test acc (hardmax) | agreement | selected epoch | α | seconds | train reviews/s | [AFZ] |");
        text.AppendLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (SweepConfigurationSummary s in this.Configurations)
        {
            string name = this.BestByDimension.Contains(s) ? $"**{s.Configuration}**" : s.Configuration;
            string afz = s.Settings.Protocol == EvaluationProtocol.Paper && AfzPaperAccuracy.TryGetValue(s.Settings.Dimension, out double a)
                ? a.ToString("F3", c) : Undefined;
            text.AppendLine(string.Create(c,
                $"| {name} | {s.Settings.Dimension} | {Protocol(s.Settings)} | {s.TestAccuracy.Count} | {PlusMinus(s.ValidationAccuracy, "F4")} | {PlusMinus(s.TestAccuracy, "F4")} | {Range(s.TestAccuracy, "F4")} | {PlusMinus(s.TestAccuracyHardmax, "F4")} | {PlusMinus(s.TestAgreement, "F4")} | {PlusMinus(s.SelectedEpoch, "F1")} | {PlusMinus(s.Alpha, "F2")} | {PlusMinus(s.Seconds, "F0")} | {PlusMinus(s.ReviewsPerSecond, "F0")} | {afz} |"));
        }
        text.AppendLine();
        text.AppendLine(string.Create(c, $"mean ± sample standard deviation over seeds (runs = seeds finished); the test accuracies are at the epoch selected on validation. {this.Runs.Count} finished run(s), {this.Unfinished.Count} unfinished."));
        if (this.Best is { } best)
        {
            text.AppendLine(string.Create(c,
                $"Best configuration on mean validation accuracy: {best.Configuration} (validation {PlusMinus(best.ValidationAccuracy, "F4")}; its test accuracy {PlusMinus(best.TestAccuracy, "F4")})."));
        }
        if (this.BestByDimension.Count > 1)
        {
            text.AppendLine("Best per protocol and d on mean validation accuracy (bold above): " + string.Join("; ", this.BestByDimension.Select(b => string.Create(c,
                $"{Protocol(b.Settings)} d = {b.Settings.Dimension}: {b.Configuration} (validation {Value(b.ValidationAccuracy.Mean, "F4")}, test {Value(b.TestAccuracy.Mean, "F4")}, {b.TestAccuracy.Count} runs)"))) + ".");
        }
        return text.ToString();
    }

    /// <summary>Everything as JSON: per configuration every statistic (n, mean, std, min, max), the runs, the best, the unfinished folders.</summary>
    public JsonObject ToJson()
    {
        var configurations = new JsonArray();
        foreach (SweepConfigurationSummary s in this.Configurations)
        {
            configurations.Add(new JsonObject
            {
                ["configuration"] = s.Configuration,
                ["dimension"] = s.Settings.Dimension,
                ["protocol"] = Protocol(s.Settings),
                ["settings"] = JsonSerializer.SerializeToNode(s.Settings with { Seed = 0 }, TrainingJson.Options),
                ["seeds"] = new JsonArray(s.Seeds.Select(x => (JsonNode)x).ToArray()),
                ["afz"] = s.Settings.Protocol == EvaluationProtocol.Paper && AfzPaperAccuracy.TryGetValue(s.Settings.Dimension, out double a) ? a : null,
                ["validationAccuracy"] = Json(s.ValidationAccuracy),
                ["testAccuracy"] = Json(s.TestAccuracy),
                ["testAccuracyHardmax"] = Json(s.TestAccuracyHardmax),
                ["testAgreement"] = Json(s.TestAgreement),
                ["selectedEpoch"] = Json(s.SelectedEpoch),
                ["alpha"] = Json(s.Alpha),
                ["seconds"] = Json(s.Seconds),
                ["trainReviewsPerSecond"] = Json(s.ReviewsPerSecond),
                ["peakWorkingSetBytes"] = Json(s.PeakWorkingSetBytes),
            });
        }
        return new JsonObject
        {
            ["root"] = this.Root,
            ["note"] = "mean ± sample standard deviation (n − 1) over seeds; test accuracies at the epoch selected on validation; best = highest mean validation accuracy",
            ["best"] = this.Best?.Configuration,
            ["bestByDimension"] = new JsonArray(this.BestByDimension.Select(b => (JsonNode)new JsonObject
            {
                ["protocol"] = Protocol(b.Settings),
                ["dimension"] = b.Settings.Dimension,
                ["configuration"] = b.Configuration,
            }).ToArray()),
            ["configurations"] = configurations,
            ["runs"] = new JsonArray(this.Runs.Select(r => (JsonNode)new JsonObject
            {
                ["configuration"] = r.Configuration,
                ["seed"] = r.Settings.Seed,
                ["folder"] = r.Folder,
                ["selectedEpoch"] = r.SelectedEpoch,
                ["validationAccuracy"] = Finite(r.ValidationAccuracy),
                ["testAccuracy"] = Finite(r.TestAccuracy),
                ["testAccuracyHardmax"] = Finite(r.TestAccuracyHardmax),
                ["testAgreement"] = Finite(r.TestAgreement),
                ["alpha"] = Finite(r.Alpha),
                ["seconds"] = Finite(r.Seconds),
                ["trainReviewsPerSecond"] = Finite(r.ReviewsPerSecond),
                ["peakWorkingSetBytes"] = r.PeakWorkingSetBytes,
            }).ToArray()),
            ["unfinished"] = new JsonArray(this.Unfinished.Select(u => (JsonNode)u).ToArray()),
        };
    }

    private static string Protocol(TrainingOptions settings) => settings.Protocol == EvaluationProtocol.Paper ? "paper" : "standard";

    /// <summary>What a table shows for a value that is not defined (no runs, or a metric the runs do not have, such as the hardmax accuracy of the attention baseline); JSON has null.</summary>
    internal const string Undefined = "–";

    /// <summary>mean ± std; the mean alone when n &lt; 2; <see cref="Undefined"/> when the mean is not a finite number.</summary>
    private static string PlusMinus(SampleStatistics s, string format)
    {
        if (s.Count == 0 || !double.IsFinite(s.Mean))
        {
            return Undefined;
        }
        string mean = Value(s.Mean, format);
        return double.IsFinite(s.StandardDeviation) ? $"{mean} ± {Value(s.StandardDeviation, format)}" : mean;
    }

    /// <summary>min – max, or <see cref="Undefined"/> when either is not a finite number.</summary>
    private static string Range(SampleStatistics s, string format)
        => double.IsFinite(s.Minimum) && double.IsFinite(s.Maximum) ? $"{Value(s.Minimum, format)} – {Value(s.Maximum, format)}" : Undefined;

    /// <summary>The value in <paramref name="format"/>, or <see cref="Undefined"/> when it is NaN or infinite.</summary>
    private static string Value(double value, string format) => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : Undefined;

    private static JsonObject Json(SampleStatistics s) => new()
    {
        ["n"] = s.Count,
        ["mean"] = Finite(s.Mean),
        ["std"] = Finite(s.StandardDeviation),
        ["min"] = Finite(s.Minimum),
        ["max"] = Finite(s.Maximum),
    };

    private static JsonNode? Finite(double value) => TrainingJson.Number(value);

    private static SweepConfigurationSummary Summarize(IGrouping<string, SweepRunResult> group)
    {
        SweepRunResult[] runs = group.OrderBy(r => r.Settings.Seed).ToArray();
        SampleStatistics Of(Func<SweepRunResult, double> metric) => SampleStatistics.Of(runs.Select(metric).ToArray());
        return new SweepConfigurationSummary(
            group.Key, runs[0].Settings, runs.Select(r => r.Settings.Seed).ToArray(),
            Of(r => r.ValidationAccuracy), Of(r => r.TestAccuracy), Of(r => r.TestAccuracyHardmax), Of(r => r.TestAgreement),
            Of(r => r.SelectedEpoch), Of(r => r.Alpha), Of(r => r.Seconds), Of(r => r.ReviewsPerSecond),
            SampleStatistics.Of(runs.Where(r => r.PeakWorkingSetBytes is not null).Select(r => (double)r.PeakWorkingSetBytes!.Value).ToArray()));
    }

    /// <summary>The finished run in <paramref name="folder"/>, or null when it has no metrics.json or has not finished.</summary>
    private static SweepRunResult? Read(string configuration, string folder)
    {
        string path = Path.Combine(folder, TrainingRun.MetricsFileName);
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            JsonObject metrics = JsonNode.Parse(UserFile.ReadAllBytes(path, "metrics file", UserFile.TextFileCap))?.AsObject() ?? throw new JsonException("empty file");
            TrainingOptions settings = metrics["settings"].Deserialize<TrainingOptions>(TrainingJson.Options) ?? throw new JsonException("no settings");
            List<EpochMetrics> epochs = metrics["epochs"].Deserialize<List<EpochMetrics>>(TrainingJson.Options) ?? [];
            bool finished = metrics["finished"]?.GetValue<bool>() ?? epochs.Count >= settings.Epochs;
            EpochMetrics? selected = metrics["selected"].Deserialize<EpochMetrics>(TrainingJson.Options);
            if (!finished || selected is null || epochs.Count == 0)
            {
                return null;
            }
            double[] rates = epochs.Select(e => e.TrainReviewsPerSecond).Order().ToArray();
            double median = rates.Length % 2 == 1 ? rates[rates.Length / 2] : (rates[rates.Length / 2 - 1] + rates[rates.Length / 2]) / 2;
            return new SweepRunResult(
                configuration, folder, settings, selected.Epoch, selected.ValidationAccuracy, selected.TestAccuracy, selected.TestAccuracyHardmax,
                selected.TestAgreement, selected.Alpha, epochs.Sum(e => e.Seconds), median, metrics["peakWorkingSetBytes"]?.GetValue<long>());
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new ExperimentException($"'{path}' is not a metrics.json of 'hardmax train': {e.Message}", e);
        }
    }
}
