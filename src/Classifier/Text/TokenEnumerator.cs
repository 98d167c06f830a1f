namespace HardmaxCore.Classifier;

/// <summary>Enumerates the tokens of one text for a <see cref="TextPipeline"/>; see <see cref="TextPipeline.EnumerateTokens"/>.</summary>
public ref struct TokenEnumerator
{
    /// <summary>The pipeline whose rules apply.</summary>
    private readonly TextPipeline _pipeline;

    /// <summary>The raw text.</summary>
    private readonly ReadOnlySpan<char> _text;

    /// <summary>Room for lower-casing words with capitals; replaced by a heap buffer when too short.</summary>
    private Span<char> _scratch;

    /// <summary>Where the search for the next word resumes.</summary>
    private int _position;

    /// <summary>Creates an enumerator positioned before the first token.</summary>
    internal TokenEnumerator(TextPipeline pipeline, ReadOnlySpan<char> text, Span<char> scratch)
    {
        this._pipeline = pipeline;
        this._text = text;
        this._scratch = scratch;
        this._position = 0;
        Current = default;
        CurrentStart = 0;
    }

    /// <summary>The current token, lower case; valid until the next <see cref="MoveNext"/>.</summary>
    public ReadOnlySpan<char> Current { get; private set; }

    /// <summary>Index in the raw text where the current token starts; it spans <c>Current.Length</c> characters there.</summary>
    public int CurrentStart { get; private set; }

    /// <summary>Returns this enumerator, so it can be used in <c>foreach</c>.</summary>
    public readonly TokenEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next token that survives the stopword and length filters.</summary>
    public bool MoveNext()
    {
        while (this._pipeline.NextWord(this._text, ref this._position, out int start, out int end))
        {
            if (end - start < TextPipeline.MinWordLength)
            {
                continue;
            }

            ReadOnlySpan<char> word = this._text[start..end];
            if (this._pipeline.NeedsLowering(word))
            {
                if (this._scratch.Length < word.Length)
                {
                    this._scratch = new char[Math.Max(word.Length, 64)];
                }

                word = this._scratch[..word.ToLowerInvariant(this._scratch)];
            }

            if (this._pipeline.IsDropped(word))
            {
                continue;
            }

            Current = word;
            CurrentStart = start;
            return true;
        }

        Current = default;
        return false;
    }
}
