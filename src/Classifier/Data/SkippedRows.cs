using System.Globalization;
using System.Text;

namespace HardmaxCore.Classifier;

/// <summary>Counts of skipped rows by reason, with the first few locations as examples.</summary>
public sealed class SkippedRows
{
    /// <summary>How many locations are kept as examples.</summary>
    public const int MaxExamples = 5;

    /// <summary>Counts indexed by <see cref="SkipReason"/>.</summary>
    private readonly int[] _counts = new int[Enum.GetValues<SkipReason>().Length];

    /// <summary>The first <see cref="MaxExamples"/> skipped locations, with their reason.</summary>
    private readonly List<string> _examples = [];

    /// <summary>Total number of skipped rows.</summary>
    public int Total { get; private set; }

    /// <summary>The first few skipped rows, e.g. <c>line 5: unknown label 'maybe'</c>.</summary>
    public IReadOnlyList<string> Examples => this._examples;

    /// <summary>Number of rows skipped for <paramref name="reason"/>.</summary>
    public int this[SkipReason reason] => this._counts[(int)reason];

    /// <summary>Records one skipped row.</summary>
    public void Add(SkipReason reason, string location, string? detail = null)
    {
        this._counts[(int)reason]++;
        Total++;
        if (this._examples.Count < MaxExamples)
        {
            this._examples.Add(detail is null
                ? $"{location}: {Describe(reason)}"
                : $"{location}: {Describe(reason)} {detail}");
        }
    }

    /// <summary>A short lower-case name for a reason, as printed in summaries.</summary>
    public static string Describe(SkipReason reason) => reason switch
    {
        SkipReason.UnknownLabel => "unknown label",
        SkipReason.EmptyReview => "empty review",
        SkipReason.MissingColumns => "missing columns",
        SkipReason.UnrecognizedFileName => "unrecognized file name",
        SkipReason.TooLong => "longer than 16 MiB (a CSV row: 16 million characters)",
        _ => reason.ToString(),
    };

    /// <summary>E.g. <c>skipped 3 rows: 2 unknown label, 1 empty review</c>, or <c>skipped 0 rows</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"skipped {Total} {(Total == 1 ? "row" : "rows")}");
        string separator = ": ";
        foreach (SkipReason reason in Enum.GetValues<SkipReason>())
        {
            int count = this._counts[(int)reason];
            if (count > 0)
            {
                sb.Append(separator).Append(CultureInfo.InvariantCulture, $"{count} {Describe(reason)}");
                separator = ", ";
            }
        }

        return sb.ToString();
    }
}
