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
        init => field = value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MinCount), value, "The minimum count must be at least 1.");
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
            : throw new ArgumentOutOfRangeException(nameof(MaxSize), value,
                "The maximum vocabulary size counts <pad> and <unk>, so it must be at least 2.");
    }
}
