using System.CommandLine;
using System.Globalization;

namespace HardmaxCore.Train.Commands;

/// <summary>Options and helpers shared by the interpretability commands (leaders, leader-words, trajectory, explain).</summary>
internal static class InterpretabilityOptions
{
    /// <summary>The --protocol option without a default: null means "as the model was trained".</summary>
    public static Option<string?> Protocol()
    {
        var protocol = new Option<string?>("--protocol") { Description = "standard or paper: the split to rebuild (default: as the model was trained)." };
        protocol.AcceptOnlyFromAmong("standard", "paper");
        return protocol;
    }

    /// <summary>The review text: the arguments joined by spaces, or --text (kept as an alias); null when neither is given.</summary>
    /// <exception cref="CliException">Both are given.</exception>
    public static string? TextOf(string[]? arguments, string? option)
    {
        string? joined = arguments is { Length: > 0 } ? string.Join(' ', arguments) : null;
        if (joined is not null && option is not null)
        {
            throw new CliException("give the review text once: as an argument or with --text, not both.");
        }
        return joined ?? option;
    }

    /// <summary>The review text argument (zero or more words, joined by spaces).</summary>
    public static Argument<string[]> TextArgument() => new("text") { Description = "The review text (in quotes).", Arity = ArgumentArity.ZeroOrMore };

    /// <summary>The --text option, an alias of the text argument kept for earlier command lines.</summary>
    public static Option<string?> TextOption() => new("--text", "-t") { Description = "The review text (the same as giving it as an argument).", HelpName = "TEXT" };

    /// <summary>The --review option.</summary>
    public static Option<string?> Review() => new("--review")
    {
        Description = "A review of the model's test split: its index (0-based) or its source id (e.g. test/pos/1234_9).",
        HelpName = "ID",
    };

    /// <summary>A whole number option with a default, a minimum and a maximum.</summary>
    public static Option<int> Integer(string name, string description, int defaultValue, int minimum, int maximum = int.MaxValue) => new(name)
    {
        Description = $"{description}.",
        HelpName = "N",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            string text = result.Tokens[0].Value;
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= minimum && value <= maximum)
            {
                return value;
            }
            result.AddError(maximum == int.MaxValue
                ? $"{name} expects a whole number ≥ {minimum} (found '{text}')."
                : string.Create(CultureInfo.InvariantCulture, $"{name} expects a whole number from {minimum} to {maximum} (found '{text}')."));
            return defaultValue;
        },
    };

    /// <summary>A number option with a default, in [minimum, maximum].</summary>
    public static Option<double> Number(string name, string description, double defaultValue, double minimum, double maximum) => new(name)
    {
        Description = $"{description}.",
        HelpName = "X",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            string text = result.Tokens[0].Value;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value >= minimum && value <= maximum)
            {
                return value;
            }
            result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} expects a number in [{minimum}, {maximum}] (found '{text}')."));
            return defaultValue;
        },
    };
}
