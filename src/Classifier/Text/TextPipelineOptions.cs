namespace HardmaxCore.Classifier;

/// <summary>Options of the <see cref="TextPipeline"/>; the defaults follow SPEC §3.3 and [AFZ].</summary>
public readonly record struct TextPipelineOptions
{
    /// <summary>Keep not, no, nor, never and the negating stems (don, didn, isn, ...) instead of dropping them as stopwords.</summary>
    public bool KeepNegations { get; init; }

    /// <summary>
    /// Treat every Unicode letter as a letter (<c>amélie</c> stays one word). Off by default: only a–z count,
    /// as in the usual <c>re.sub('[^a-z]', ' ', text)</c>, so <c>amélie</c> becomes <c>am lie</c>.
    /// </summary>
    public bool UnicodeLetters { get; init; }
}
