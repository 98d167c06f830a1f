using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace HardmaxCore.Train.Commands;

/// <summary>Options with range-checked numeric values and messages that say what was expected.</summary>
internal static class CliOptions
{
    /// <summary>An optional whole number in [<paramref name="minimum"/>, <paramref name="maximum"/>]; null when the option is absent.</summary>
    public static Option<int?> Integer(string name, string description, int minimum, int maximum = int.MaxValue) => new(name)
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

    /// <summary>Whether <paramref name="option"/> appeared on the command line.</summary>
    public static bool IsGiven(this ParseResult parseResult, Option option) => parseResult.GetResult(option) is { Implicit: false };
}
