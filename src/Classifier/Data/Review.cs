namespace HardmaxCore.Classifier;

/// <summary>One labelled movie review.</summary>
/// <param name="Text">The raw review text, HTML and all, exactly as stored.</param>
/// <param name="Label">0 = negative, 1 = positive.</param>
/// <param name="SourceId">Where it came from: <c>train/pos/123_9</c> for the archive or folder, <c>csv/line 17</c> for a CSV.</param>
/// <param name="Split">The official split it belongs to, when known.</param>
/// <param name="Id">The numeric id: the file's <c>&lt;id&gt;</c> for the archive or folder, the data row number (1-based) for a CSV.</param>
/// <param name="Rating">The 1–10 star rating from the file name, when known.</param>
public sealed record Review(string Text, int Label, string SourceId, ReviewSplit Split, int Id, int? Rating)
{
    /// <summary>A review of one's own: no file, no official split, id 0.</summary>
    /// <param name="text">The review text.</param>
    /// <param name="label"><see cref="Negative"/> (0) or <see cref="Positive"/> (1).</param>
    public Review(string text, int label)
        : this(text, label, "memory", ReviewSplit.Unspecified, 0, null)
    {
    }

    /// <summary>Label of a negative review.</summary>
    public const int Negative = 0;

    /// <summary>Label of a positive review.</summary>
    public const int Positive = 1;

    /// <summary>The fixed order every loader returns: split, label, numeric id, then source id (ordinal).</summary>
    public static Comparison<Review> CanonicalOrder { get; } = static (a, b) =>
    {
        int c = a.Split.CompareTo(b.Split);
        if (c != 0)
        {
            return c;
        }

        c = a.Label.CompareTo(b.Label);
        if (c != 0)
        {
            return c;
        }

        c = a.Id.CompareTo(b.Id);
        return c != 0 ? c : string.CompareOrdinal(a.SourceId, b.SourceId);
    };

    /// <summary>Prints the source id and label, not the (long) text.</summary>
    public override string ToString() => $"{SourceId} ({(Label == Positive ? "pos" : "neg")})";
}
