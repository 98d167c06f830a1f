namespace HardmaxCore.Classifier;

/// <summary>Options of <see cref="Vocabulary.Build(IEnumerable{string}, TextPipeline, VocabularyOptions?)"/>.</summary>
public readonly record struct VocabularyOptions
{
    /// <summary>Creates the defaults: minimum count 1, no maximum size.</summary>
    public VocabularyOptions()
    {
    }

    /// <summary>Words seen fewer times than this in the training texts map to <c>&lt;unk&gt;</c>; at least 1.</summary>
    public int MinCount
    {
        get;
        init => field = Throw.InRange(value, 1, int.MaxValue, nameof(VocabularyOptions), nameof(this.MinCount));
    } = 1;

    /// <summary>
    /// Largest number of ids, <c>&lt;pad&gt;</c> and <c>&lt;unk&gt;</c> included (so the embedding has at most this many
    /// rows); the most frequent words are kept. Null for no limit; otherwise at least 2.
    /// </summary>
    public int? MaxSize
    {
        get;
        init => field = value is null or >= Vocabulary.ReservedCount
            ? value
            : Throw.OutOfRange(nameof(VocabularyOptions), nameof(this.MaxSize), value, "null (no limit) or ≥ 2, since it counts <pad> and <unk>");
    }
}
