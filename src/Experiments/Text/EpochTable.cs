using System.Globalization;
using HardmaxCore.Classifier;

namespace HardmaxCore.Experiments.Text;

/// <summary>
/// The epoch table of <c>train</c>: one row per finished epoch, laid out by <see cref="TextTable"/> to fit the terminal
/// (full headers, else short ones with a legend line, else the least important columns dropped). The attention
/// architecture has no hardmax columns (no α, no hardmax layers).
/// </summary>
internal sealed class EpochTable
{
    private static readonly TextColumn[] Hardmax =
    [
        new("epoch", "epoch", "epoch", 5, int.MaxValue),
        new("train loss", "loss", "train loss", 6, 9),
        new("train acc", "train", "train accuracy", 6, 4),
        new("val acc", "val", "validation accuracy", 6, int.MaxValue),
        new("test acc", "test", "test accuracy", 6, int.MaxValue),
        new("test hardmax", "t.hard", "test accuracy with hardmax layers", 6, 8),
        new("agree", "agree", "softmax/hardmax agreement", 5, 1),
        new("alpha", "α", "α", 6, 3),
        new("seconds", "s", "seconds per epoch", 5, 6),
        new("reviews/s", "rev/s", "training reviews/s", 6, 2),
    ];

    private readonly bool _hardmax;

    private EpochTable(bool hardmax, int? width)
    {
        this._hardmax = hardmax;
        this.Table = new TextTable(hardmax ? Hardmax : [.. Hardmax.Where(c => c.Header is not ("test hardmax" or "agree" or "alpha"))], width);
    }

    /// <summary>The layout.</summary>
    public TextTable Table { get; }

    /// <summary>The table of a run of the hardmax (true) or attention (false) architecture, to fit <paramref name="width"/> (null: no limit).</summary>
    public static EpochTable Create(bool hardmax, int? width) => new(hardmax, width);

    /// <summary>The header line.</summary>
    public string Header => this.Table.Header;

    /// <summary>The legend lines (none when every header is in full).</summary>
    public IReadOnlyList<string> Legend => this.Table.Legend;

    /// <summary>One epoch's row; undefined values print as <c>–</c>.</summary>
    public string Row(EpochMetrics m)
    {
        var cells = new List<string>
        {
            m.Epoch.ToString(CultureInfo.InvariantCulture),
            TextTable.Number(m.TrainLoss, "F4"),
            TextTable.Number(m.TrainAccuracy, "F4"),
            TextTable.Number(m.ValidationAccuracy, "F4"),
            TextTable.Number(m.TestAccuracy, "F4"),
        };
        if (this._hardmax)
        {
            cells.Add(TextTable.Number(m.TestAccuracyHardmax, "F4"));
            cells.Add(TextTable.Number(m.TestAgreement, "F3"));
            cells.Add(TextTable.Number(m.Alpha, "F4"));
        }
        cells.Add(TextTable.Seconds(m.Seconds));
        cells.Add(TextTable.Number(m.TrainReviewsPerSecond, "F0"));
        return this.Table.Row(cells);
    }
}
