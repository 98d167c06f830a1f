using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using HardmaxCore.Experiments.Runs;

namespace HardmaxCore.Train.Commands;

/// <summary>Options with range-checked numeric values and messages that say what was expected.</summary>
internal static class CliOptions
{
    /// <summary>An optional whole number in [<paramref name="minimum"/>, <paramref name="maximum"/>]; null when the option is absent.</summary>
    public static Option<int?> Integer(string name, string description, int minimum, int maximum = int.MaxValue, params string[] aliases) => new(name, aliases)
    {
        Description = description,
        HelpName = "N",
        CustomParser = result =>
        {
            string text = result.Tokens[0].Value;
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= minimum && value <= maximum)
            {
                return value;
            }
            result.AddError(maximum == int.MaxValue
                ? $"{name} expects a whole number ≥ {minimum} (found '{text}')."
                : string.Create(CultureInfo.InvariantCulture, $"{name} expects a whole number from {minimum} to {maximum:N0} (found '{text}')."));
            return null;
        },
    };

    /// <summary>
    /// A whole-number training option (<c>--dim</c>, <c>--tokens</c>, <c>--layers</c>, <c>--batch</c>, <c>--epochs</c>,
    /// <c>--min-count</c>, <c>--limit</c>) with the range and message of <see cref="SweepAxis.Range"/>, which the sweep's
    /// axes check too: <c>train</c> and <c>sweep</c> accept the same values.
    /// </summary>
    public static Option<int?> Training(string name, string description, params string[] aliases) => new(name, aliases)
    {
        Description = description,
        HelpName = "N",
        CustomParser = result =>
        {
            string text = result.Tokens[0].Value;
            (int minimum, int maximum) = SweepAxis.Range(name.TrimStart('-'));
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= minimum && value <= maximum)
            {
                return value;
            }
            result.AddError(FlagNames.Rewrite(SweepAxis.Expected(name.TrimStart('-'), text)));
            return null;
        },
    };

    /// <summary>An optional finite number &gt; 0; null when the option is absent.</summary>
    public static Option<double?> Positive(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "X",
        CustomParser = result =>
        {
            string text = result.Tokens[0].Value;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0 && double.IsFinite(value))
            {
                return value;
            }
            result.AddError($"{name} expects a finite number > 0 (found '{text}').");
            return null;
        },
    };

    /// <summary>
    /// The value <paramref name="parse"/> makes of an option's token; its <see cref="ExperimentException"/> becomes the parse
    /// error, with the flags for the property names it gives (<see cref="FlagNames.Rewrite"/>), and the value the default.
    /// </summary>
    public static T Parsed<T>(ArgumentResult result, Func<string, T> parse)
    {
        try
        {
            return parse(result.Tokens[0].Value);
        }
        catch (ExperimentException e)
        {
            result.AddError(FlagNames.Rewrite(e.Message));
            return default!;
        }
    }

    /// <summary>Whether <paramref name="option"/> appeared on the command line.</summary>
    public static bool IsGiven(this ParseResult parseResult, Option option) => parseResult.GetResult(option) is { Implicit: false };

    /// <summary>The --tokens option (n), with the alias --n.</summary>
    public static Option<int?> Tokens(string description) => Training("--tokens", description, "--n");

    /// <summary>The --dim option (d), with the alias --d.</summary>
    public static Option<int?> Dimension(string description) => Training("--dim", description, "--d");

    /// <summary>The --json flag: the result as JSON on stdout instead of the human text.</summary>
    public static Option<bool> Json(string description = "Print the result as JSON on stdout (with provenance) instead of tables.")
        => new("--json") { Description = description };

    /// <summary>The --seed option of commands that rebuild a model's split (default: the seed it was trained with).</summary>
    public static Option<int?> SplitSeed() => Integer("--seed", "Seed of the split to rebuild (default: the one the model was trained with; another seed needs --allow-overlap).", 0);

    /// <summary>The --allow-overlap flag.</summary>
    public static Option<bool> AllowOverlap() => new("--allow-overlap")
    {
        Description = "Allow a --protocol or --seed other than the model's: its 'test' reviews then include reviews it was trained on.",
    };

    /// <summary>The --scale option of figures: pixels per point for PNG (2 for print at 192 dpi).</summary>
    public static Option<double?> Scale() => Positive("--scale", "The same as --dpi 96·S (kept for earlier command lines).");

    /// <summary>The --dpi option of figures, the same as --scale DPI/96.</summary>
    public static Option<double?> Dpi() => Positive("--dpi", "PNG resolution in dots per inch (default 200; e.g. 300 for print). SVG and PDF are vector.");
}
