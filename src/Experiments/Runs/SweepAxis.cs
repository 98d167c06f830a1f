using System.Globalization;
using HardmaxCore.Classifier;

namespace HardmaxCore.Experiments.Runs;

/// <summary>
/// One training option of a sweep with the values it takes, e.g. <c>dim = 2,4,8,16</c> or <c>lr = 1e-3,5e-4</c>. Values are
/// canonical strings (<c>1e-3</c> becomes <c>0.001</c>), so equal settings give equal configuration names.
/// </summary>
/// <remarks>
/// The axis names (<see cref="Names"/>) are the keys of configuration names and folders (<c>dim=4,lr=0.0005</c>); messages
/// never use them but name the property they set (<see cref="Property"/>: <c>TrainingOptions.Dimension lists 4 twice</c>),
/// which the <c>hardmax</c> tool shows as the flag the user typed.
/// </remarks>
/// <param name="Name">The axis's name in <see cref="Names"/> (the key in configuration names).</param>
/// <param name="Values">The canonical values, in the order given, without repeats.</param>
internal sealed record SweepAxis(string Name, IReadOnlyList<string> Values)
{
    /// <summary>
    /// The options a sweep can vary, in the stable order used for configuration names and for the plan:
    /// architecture, protocol, dim, layers, tokens, temperature, epochs, batch, lr, optimizer, min-count, keep-negations,
    /// mask-padding, val-fraction, limit, clip-norm, alpha-init: every option of <c>train</c> that shapes a run.
    /// </summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "architecture", "protocol", "dim", "layers", "tokens", "temperature", "epochs", "batch", "lr", "optimizer", "min-count",
        "keep-negations", "mask-padding", "val-fraction", "limit", "clip-norm", "alpha-init",
    ];

    /// <summary>The name messages use for the axis <paramref name="name"/>: the property of <see cref="TrainingOptions"/> it sets, qualified (<c>TrainingOptions.Dimension</c>).</summary>
    /// <exception cref="ArgumentException">Not one of <see cref="Names"/>.</exception>
    public static string Property(string name) => nameof(TrainingOptions) + "." + name switch
    {
        "architecture" => nameof(TrainingOptions.Architecture),
        "protocol" => nameof(TrainingOptions.Protocol),
        "dim" => nameof(TrainingOptions.Dimension),
        "layers" => nameof(TrainingOptions.Layers),
        "tokens" => nameof(TrainingOptions.Tokens),
        "temperature" => nameof(TrainingOptions.Temperature),
        "epochs" => nameof(TrainingOptions.Epochs),
        "batch" => nameof(TrainingOptions.BatchSize),
        "lr" => nameof(TrainingOptions.LearningRate),
        "optimizer" => nameof(TrainingOptions.Optimizer),
        "min-count" => nameof(TrainingOptions.MinCount),
        "keep-negations" => nameof(TrainingOptions.KeepNegations),
        "mask-padding" => nameof(TrainingOptions.MaskPadding),
        "val-fraction" => nameof(TrainingOptions.ValidationFraction),
        "limit" => nameof(TrainingOptions.Limit),
        "clip-norm" => nameof(TrainingOptions.ClipNorm),
        "alpha-init" => nameof(TrainingOptions.InitialAlpha),
        _ => throw new ArgumentException(CannotVary(name), nameof(name)),
    };

    /// <summary>What messages call the seeds of a sweep: <c>SweepPlan.Seeds</c>.</summary>
    public const string SeedsName = nameof(SweepPlan) + "." + nameof(SweepPlan.Seeds);

    /// <summary>Parses the seeds of a sweep: whole numbers ≥ 0 and ranges (<c>0-4</c>, <c>0,3,7</c>), as <see cref="ParseIntegers"/>.</summary>
    /// <exception cref="ArgumentException">Malformed, a reversed range, or a negative seed.</exception>
    public static IReadOnlyList<int> ParseSeeds(string text) => ParseIntegers(SeedsName, text, 0);

    /// <summary>
    /// The range of a whole-number axis (<c>dim</c>, <c>tokens</c>, <c>layers</c>, <c>batch</c>, <c>epochs</c>,
    /// <c>min-count</c>, <c>limit</c>): the one bound <c>train</c> and <c>sweep</c> share. The maxima are
    /// <see cref="SizeLimits"/>'; <c>limit</c> is at least 10 reviews.
    /// </summary>
    /// <exception cref="ArgumentException">Not a whole-number axis.</exception>
    public static (int Minimum, int Maximum) Range(string name) => name switch
    {
        "dim" => (1, SizeLimits.MaxDimension),
        "tokens" => (1, SizeLimits.MaxTokens),
        "layers" => (0, SizeLimits.MaxLayers),
        "batch" => (1, SizeLimits.MaxBatch),
        "epochs" or "min-count" => (1, int.MaxValue),
        "limit" => (10, int.MaxValue),
        _ => throw new ArgumentException($"'{name}' is not a whole-number sweep axis.", nameof(name)),
    };

    /// <summary>
    /// What the whole-number axis <paramref name="name"/> expects, for an out-of-range value <paramref name="found"/>, in
    /// property terms (<c>TrainingOptions.Dimension expects a whole number from 1 to 65,536 (found '0').</c>): the same
    /// sentence in <c>train</c> and <c>sweep</c>.
    /// </summary>
    public static string Expected(string name, string found)
    {
        (int minimum, int maximum) = Range(name);
        return maximum == int.MaxValue
            ? string.Create(CultureInfo.InvariantCulture, $"{Property(name)} expects a whole number ≥ {minimum} (found '{found}').")
            : string.Create(CultureInfo.InvariantCulture, $"{Property(name)} expects a whole number from {minimum} to {maximum:N0} (found '{found}').");
    }

    /// <summary>
    /// Parses a comma-separated list for the option <paramref name="name"/>. Whole-number options also take ranges
    /// (<c>0-4</c> is 0, 1, 2, 3, 4; <c>2,4,8-10</c>); numbers are invariant-culture; booleans are true/false.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown option, empty or malformed list, a value out of range, or a repeat.</exception>
    public static SweepAxis Parse(string name, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        List<string> values = name switch
        {
            "architecture" => Words(name, text, value => value is "hardmax" or "attention"),
            "protocol" => Words(name, text, value => value is "paper" or "standard"),
            "optimizer" => Words(name, text, value => TryParseOptimizer(value, out _)),
            "keep-negations" or "mask-padding" => Words(name, text, value => value is "true" or "false"),
            "dim" or "tokens" or "layers" or "batch" or "epochs" or "min-count" or "limit" => Bounded(name, text),
            "lr" or "temperature" or "clip-norm" => Numbers(name, text, upperBound: double.PositiveInfinity),
            "val-fraction" => Numbers(name, text, upperBound: 1),
            "alpha-init" => Numbers(name, text, upperBound: double.PositiveInfinity, allowZero: true),
            _ => throw new ArgumentException(CannotVary(name), nameof(name)),
        };
        string? repeated = values.GroupBy(v => v, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (repeated is not null)
        {
            throw new ArgumentException($"{Property(name)} lists {repeated} twice ('{text}'); every value makes one configuration.", nameof(text));
        }
        return new SweepAxis(name, values);
    }

    /// <summary>The whole-number values of a sweep axis, each within the same bounds as the option of <c>train</c> (<see cref="Range"/>).</summary>
    private static List<string> Bounded(string name, string text)
    {
        (int minimum, int maximum) = Range(name);
        var values = new List<string>();
        foreach (int value in ParseIntegers(Property(name), text, minimum))
        {
            if (value > maximum)
            {
                throw new ArgumentException(Expected(name, value.ToString(CultureInfo.InvariantCulture)), nameof(text));
            }
            values.Add(Invariant(value));
        }
        return values;
    }

    /// <summary>
    /// Parses a list of whole numbers ≥ <paramref name="minimum"/>: items separated by commas, each a number or a range
    /// <c>a-b</c> with a ≤ b (both included), e.g. <c>0-4</c> or <c>0,2,5-7</c>. Order is kept.
    /// </summary>
    /// <param name="name">What messages call the list: a qualified property (<c>TrainingOptions.Dimension</c>, <see cref="SeedsName"/>).</param>
    /// <param name="text">The list.</param>
    /// <param name="minimum">The smallest value allowed.</param>
    /// <exception cref="ArgumentException">Empty item, not a number, a reversed range, or a value below the minimum.</exception>
    public static IReadOnlyList<int> ParseIntegers(string name, string text, int minimum)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = new List<int>();
        foreach (string raw in text.Split(','))
        {
            string item = raw.Trim();
            int dash = item.IndexOf('-', 1 < item.Length ? 1 : 0);
            if (dash > 0)
            {
                int first = Integer(name, item[..dash], text);
                int last = Integer(name, item[(dash + 1)..], text);
                if (last < first)
                {
                    throw new ArgumentException($"{name}: the range '{item}' runs backwards; write it as {last}-{first}.", nameof(text));
                }
                if ((long)last - first >= 100_000)
                {
                    throw new ArgumentException($"{name}: the range '{item}' has more than 100,000 values.", nameof(text));
                }
                // A long counter: with last = int.MaxValue an int counter would wrap to int.MinValue.
                for (long value = first; value <= last; value++)
                {
                    values.Add(Minimum(name, (int)value, minimum));
                }
            }
            else
            {
                values.Add(Minimum(name, Integer(name, item, text), minimum));
            }
        }
        return values;
    }

    /// <summary>Parses <c>adam</c> or <c>lazy-adam</c> (case-insensitive).</summary>
    public static bool TryParseOptimizer(string text, out OptimizerKind kind)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "adam":
                kind = OptimizerKind.Adam;
                return true;
            case "lazy-adam":
                kind = OptimizerKind.LazyAdam;
                return true;
            default:
                kind = OptimizerKind.Adam;
                return false;
        }
    }

    /// <summary>The canonical value of <paramref name="name"/> in <paramref name="options"/>, as in a configuration name.</summary>
    public static string ValueOf(TrainingOptions options, string name) => name switch
    {
        "architecture" => options.Architecture == ClassifierArchitecture.Attention ? "attention" : "hardmax",
        "protocol" => options.Protocol == EvaluationProtocol.Paper ? "paper" : "standard",
        "dim" => Invariant(options.Dimension),
        "layers" => Invariant(options.Layers),
        "tokens" => Invariant(options.Tokens),
        "temperature" => Invariant(options.Temperature),
        "epochs" => Invariant(options.Epochs),
        "batch" => Invariant(options.BatchSize),
        "lr" => Invariant(options.LearningRate),
        "optimizer" => options.Optimizer == OptimizerKind.LazyAdam ? "lazy-adam" : "adam",
        "min-count" => Invariant(options.MinCount),
        "keep-negations" => options.KeepNegations ? "true" : "false",
        "mask-padding" => options.MaskPadding ? "true" : "false",
        "val-fraction" => Invariant(options.ValidationFraction),
        "limit" => options.Limit is int limit ? Invariant(limit) : "all",
        "clip-norm" => Invariant(options.ClipNorm),
        "alpha-init" => options.InitialAlpha is double alpha ? Invariant(alpha) : "uniform",
        _ => throw new ArgumentException($"Unknown sweep option '{name}'.", nameof(name)),
    };

    /// <summary>Returns <paramref name="options"/> with option <paramref name="name"/> set to the canonical <paramref name="value"/>.</summary>
    public static TrainingOptions Apply(TrainingOptions options, string name, string value) => name switch
    {
        "architecture" => options with { Architecture = value == "attention" ? ClassifierArchitecture.Attention : ClassifierArchitecture.Hardmax },
        "protocol" => options with { Protocol = value == "paper" ? EvaluationProtocol.Paper : EvaluationProtocol.Standard },
        "dim" => options with { Dimension = int.Parse(value, CultureInfo.InvariantCulture) },
        "layers" => options with { Layers = int.Parse(value, CultureInfo.InvariantCulture) },
        "tokens" => options with { Tokens = int.Parse(value, CultureInfo.InvariantCulture) },
        "temperature" => options with { Temperature = double.Parse(value, CultureInfo.InvariantCulture) },
        "epochs" => options with { Epochs = int.Parse(value, CultureInfo.InvariantCulture) },
        "batch" => options with { BatchSize = int.Parse(value, CultureInfo.InvariantCulture) },
        "lr" => options with { LearningRate = double.Parse(value, CultureInfo.InvariantCulture) },
        "optimizer" => options with { Optimizer = value == "lazy-adam" ? OptimizerKind.LazyAdam : OptimizerKind.Adam },
        "min-count" => options with { MinCount = int.Parse(value, CultureInfo.InvariantCulture) },
        "keep-negations" => options with { KeepNegations = value == "true" },
        "mask-padding" => options with { MaskPadding = value == "true" },
        "val-fraction" => options with { ValidationFraction = double.Parse(value, CultureInfo.InvariantCulture) },
        "limit" => options with { Limit = int.Parse(value, CultureInfo.InvariantCulture) },
        "clip-norm" => options with { ClipNorm = double.Parse(value, CultureInfo.InvariantCulture) },
        "alpha-init" => options with { InitialAlpha = double.Parse(value, CultureInfo.InvariantCulture) },
        _ => throw new ArgumentException($"Unknown sweep option '{name}'.", nameof(name)),
    };

    private static string CannotVary(string name) => $"A sweep cannot vary '{name}'; it can vary {string.Join(", ", Names)}.";

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static int Integer(string name, string item, string text)
        => int.TryParse(item.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new ArgumentException($"{name} expects whole numbers and ranges like 0-4 or 2,4,8 (found '{item}' in '{text}').", nameof(text));

    private static int Minimum(string name, int value, int minimum)
        => value >= minimum ? value : throw new ArgumentException($"{name} takes values ≥ {minimum} (found {value}).", nameof(name));

    private static List<string> Words(string name, string text, Func<string, bool> valid)
    {
        var values = new List<string>();
        foreach (string raw in text.Split(','))
        {
            string value = raw.Trim().ToLowerInvariant();
            if (!valid(value))
            {
                throw new ArgumentException($"{Property(name)} does not take '{raw.Trim()}' (in '{text}').", nameof(text));
            }
            values.Add(value);
        }
        return values;
    }

    private static List<string> Numbers(string name, string text, double upperBound, bool allowZero = false)
    {
        var values = new List<string>();
        foreach (string raw in text.Split(','))
        {
            string item = raw.Trim();
            if (!double.TryParse(item, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value) || value < 0 || (value == 0 && !allowZero) || value >= upperBound)
            {
                string range = allowZero ? "≥ 0" : double.IsPositiveInfinity(upperBound) ? "> 0" : $"in (0, {Invariant(upperBound)})";
                throw new ArgumentException($"{Property(name)} expects numbers {range}, separated by commas (found '{item}' in '{text}').", nameof(text));
            }
            values.Add(Invariant(value + 0.0)); // + 0.0 turns −0 into 0
        }
        return values;
    }
}
