using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace HardmaxCore.Classifier;

/// <summary>
/// Throw helpers for the classifier's options: a message names the property, qualified by its record, the rule and the
/// value found (<c>TrainingOptions.BatchSize must be ≥ 1 (found 0).</c>), never a command-line flag; the tool that binds
/// the property to a flag rewrites the name.
/// </summary>
[StackTraceHidden]
internal static class Throw
{
    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> with <paramref name="property"/> as the parameter name.</summary>
    /// <returns>Never returns; typed so that it can stand in an expression.</returns>
    [DoesNotReturn]
    public static T OutOfRange<T>(string record, string property, T found, string rule, string? advice = null)
        => throw new ArgumentOutOfRangeException(property, found, $"{record}.{property} must be {rule} (found {Format(found)}).{(advice is null ? "" : " " + advice)}");

    /// <summary>The value when it lies in [<paramref name="minimum"/>, <paramref name="maximum"/>]; throws otherwise.</summary>
    public static int InRange(int value, int minimum, int maximum, string record, string property)
        => value >= minimum && value <= maximum
            ? value
            : OutOfRange(record, property, value, maximum == int.MaxValue ? $"≥ {minimum}" : $"between {minimum} and {maximum}");

    /// <summary>The value when it is positive and finite; throws otherwise.</summary>
    public static double Positive(double value, string record, string property, string? advice = null)
        => value > 0 && double.IsFinite(value) ? value : OutOfRange(record, property, value, "positive and finite", advice);

    /// <summary>The value when it is a defined member of <typeparamref name="TEnum"/>; throws otherwise.</summary>
    public static TEnum Defined<TEnum>(TEnum value, string record, string property)
        where TEnum : struct, Enum
        => Enum.IsDefined(value) ? value : OutOfRange(record, property, value, $"one of {string.Join(", ", Enum.GetNames<TEnum>())}");

    private static string Format<T>(T value) => value switch
    {
        null => "null",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
