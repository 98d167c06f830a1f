using System.Buffers;
using System.Collections.Frozen;
using System.Text;

namespace HardmaxCore.Classifier;

/// <summary>
/// Turns a raw review into tokens (SPEC §3.3): lowercase; HTML tags (<c>&lt;br /&gt;</c>) and URLs removed;
/// letters only, everything else a separator; English stopwords (NLTK) and one-letter words dropped.
/// </summary>
/// <remarks>
/// Effectively computes, in one pass and without allocating per token:
/// <code>
/// text = text.lower()
/// text = re.sub(r'&lt;[a-z/!][^&lt;&gt;\n]*&gt;', ' ', text)     # tags
/// text = re.sub(r'(https?://|www\.)[^\s&lt;]*', ' ', text)   # URLs
/// text = re.sub(r'[^a-z]', ' ', text)                   # letters only
/// tokens = [w for w in text.split() if len(w) &gt; 1 and w not in stopwords]
/// </code>
/// A URL is recognised only where a word starts. Usage:
/// <code>
/// var pipeline = new TextPipeline(new TextPipelineOptions { KeepNegations = true });
/// foreach (ReadOnlySpan&lt;char&gt; token in pipeline.EnumerateTokens(review.Text)) { ... }
/// </code>
/// Instances are immutable and safe to share between threads.
/// </remarks>
public sealed class TextPipeline
{
    /// <summary>Shortest word kept: one-letter words are dropped.</summary>
    public const int MinWordLength = 2;

    /// <summary>Every ASCII character that can never start a word or tag: the search skips runs of them at once.</summary>
    private static readonly SearchValues<char> AsciiSeparators = SearchValues.Create(
        Enumerable.Range(0, 128).Select(c => (char)c).Where(c => !char.IsAsciiLetter(c) && c != '<').ToArray());

    /// <summary>The ASCII letters.</summary>
    private static readonly SearchValues<char> AsciiLetters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>Characters that end a URL: whitespace and '&lt;'.</summary>
    private static readonly SearchValues<char> UrlTerminators = SearchValues.Create(" \t\r\n\f\v\u00A0<");

    /// <summary>The stopwords to drop for these options.</summary>
    private readonly FrozenSet<string> _stopwords;

    /// <summary>Span lookup into <see cref="_stopwords"/>, so tokens need no string.</summary>
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _stopwordLookup;

    /// <summary>Creates a pipeline with the given options.</summary>
    public TextPipeline(TextPipelineOptions options = default)
    {
        Options = options;
        this._stopwords = Stopwords.Create(options.KeepNegations);
        this._stopwordLookup = this._stopwords.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The pipeline with default options (negations dropped, ASCII letters).</summary>
    public static TextPipeline Default { get; } = new();

    /// <summary>The options this pipeline was made with.</summary>
    public TextPipelineOptions Options { get; }

    /// <summary>The stopwords this pipeline drops.</summary>
    public IReadOnlySet<string> StopwordSet => this._stopwords;

    /// <summary>True when a lower-case word is dropped: shorter than <see cref="MinWordLength"/> or a stopword.</summary>
    public bool IsDropped(ReadOnlySpan<char> word) => word.Length < MinWordLength || this._stopwordLookup.Contains(word);

    /// <summary>Enumerates the tokens of <paramref name="text"/> without allocating per token.</summary>
    /// <param name="text">The raw review.</param>
    /// <param name="scratch">
    /// Room for lower-casing a word that has capitals (e.g. <c>stackalloc char[64]</c>); a longer word gets a
    /// heap buffer. Tokens that were already lower case point into <paramref name="text"/> itself.
    /// </param>
    /// <remarks>Each token is valid until the next <c>MoveNext</c>.</remarks>
    public TokenEnumerator EnumerateTokens(ReadOnlySpan<char> text, Span<char> scratch = default) => new(this, text, scratch);

    /// <summary>The tokens of <paramref name="text"/> as strings.</summary>
    public List<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<string>();
        foreach (ReadOnlySpan<char> token in EnumerateTokens(text, stackalloc char[64]))
        {
            tokens.Add(token.ToString());
        }

        return tokens;
    }

    /// <summary>The tokens of <paramref name="text"/> joined by single spaces, e.g. for display.</summary>
    public string Clean(string text) => string.Join(' ', Tokenize(text));

    /// <summary>
    /// Finds the next maximal run of letters at or after <paramref name="position"/> that is not inside a tag or URL.
    /// </summary>
    /// <returns>False when the text has no more words.</returns>
    internal bool NextWord(ReadOnlySpan<char> text, ref int position, out int start, out int end)
    {
        bool unicode = Options.UnicodeLetters;
        int n = text.Length;
        int i = position;
        while (i < n)
        {
            int skip = text[i..].IndexOfAnyExcept(AsciiSeparators);
            if (skip < 0)
            {
                break;
            }

            i += skip;
            char c = text[i];
            if (char.IsAsciiLetter(c) || (unicode && c >= 0x80 && char.IsLetter(c)))
            {
                if ((c | 0x20) is 'h' or 'w' && TryUrlEnd(text, i, out int urlEnd))
                {
                    i = urlEnd;
                    continue;
                }

                int s = i++;
                if (unicode)
                {
                    while (i < n && (char.IsAsciiLetter(text[i]) || (text[i] >= 0x80 && char.IsLetter(text[i]))))
                    {
                        i++;
                    }
                }
                else
                {
                    int run = text[i..].IndexOfAnyExcept(AsciiLetters);
                    i = run < 0 ? n : i + run;
                }

                start = s;
                end = i;
                position = i;
                return true;
            }

            if (c == '<' && TryTagEnd(text, i, out int tagEnd))
            {
                i = tagEnd;
                continue;
            }

            i++; // '<' that opens no tag, or a non-ASCII non-letter
        }

        start = end = position = n;
        return false;
    }

    /// <summary>
    /// At a '&lt;' followed by a letter, '/' or '!', finds the closing '&gt;' before any other '&lt;' or newline.
    /// </summary>
    private static bool TryTagEnd(ReadOnlySpan<char> text, int i, out int end)
    {
        end = i;
        if (i + 1 >= text.Length || !(char.IsAsciiLetter(text[i + 1]) || text[i + 1] is '/' or '!'))
        {
            return false;
        }

        int close = text[(i + 1)..].IndexOfAny('>', '<', '\n');
        if (close < 0 || text[i + 1 + close] != '>')
        {
            return false;
        }

        end = i + 1 + close + 1;
        return true;
    }

    /// <summary>At the start of a word, recognises <c>http://</c>, <c>https://</c> or <c>www.</c> and finds the URL's end (whitespace or '&lt;').</summary>
    private static bool TryUrlEnd(ReadOnlySpan<char> text, int i, out int end)
    {
        end = i;
        ReadOnlySpan<char> rest = text[i..];
        if (!(rest.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
              || rest.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
              || rest.StartsWith("www.", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        int stop = rest.IndexOfAny(UrlTerminators);
        end = stop < 0 ? text.Length : i + stop;
        return true;
    }

    /// <summary>True when <paramref name="word"/> must be copied to be lower case.</summary>
    internal bool NeedsLowering(ReadOnlySpan<char> word) =>
        word.ContainsAnyInRange('A', 'Z') || (Options.UnicodeLetters && !Ascii.IsValid(word));
}
