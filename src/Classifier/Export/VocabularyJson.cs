using System.Text.Json.Nodes;

namespace HardmaxCore.Classifier;

/// <summary>
/// The vocabulary of a model as JSON for other languages: the word → id map and the tokenizer's rules written out, so
/// that a few lines of Python give exactly the ids <see cref="Vocabulary.Encode(ReadOnlySpan{char}, TextPipeline, Span{int})"/> gives.
/// </summary>
/// <remarks>
/// <para>The tokenizer (SPEC §3.3) is one left-to-right scan, which one regular expression reproduces: at each position,
/// an HTML tag (<c>&lt;</c>, then an ASCII letter, <c>/</c> or <c>!</c>, up to the next <c>&gt;</c> with no <c>&lt;</c> or
/// newline between) or a URL starting a word (<c>http://</c>, <c>https://</c> or <c>www.</c> in any case, up to
/// whitespace or <c>&lt;</c>) is skipped; a run of ASCII letters is a word (group 1); everything else separates words.
/// Words are lower-cased (ASCII only), those shorter than two letters and the stopwords are dropped, each word maps to
/// its id or to <c>&lt;unk&gt;</c> = 1, and the ids are cut to n or padded with <c>&lt;pad&gt;</c> = 0 at the end:</para>
/// <code>
/// words = [w.lower() for w in re.findall(v["pattern"], text) if w]
/// ids = ([v["vocabulary"].get(w, 1) for w in words if len(w) &gt;= 2 and w not in v["stopwords"]] + [0] * v["tokens"])[:v["tokens"]]
/// </code>
/// <para>Letters are ASCII only (the model files record no other choice): "naïve" gives <c>na</c> and <c>ve</c> (a stopword,
/// dropped), "Pokémon" gives <c>pok</c> and <c>mon</c>. The pattern avoids case-insensitive
/// matching on purpose: Python's <c>re.IGNORECASE</c> lets <c>[a-z]</c> match the Kelvin sign and the long s.</para>
/// </remarks>
public static class VocabularyJson
{
    /// <summary>
    /// The tokenizer as one regular expression, the same in Python's <c>re</c> and .NET's <c>Regex</c>: tags and URLs match
    /// with group 1 empty, words match in group 1.
    /// </summary>
    public const string Pattern = @"<[A-Za-z/!][^<>\n]*>|(?:[Hh][Tt][Tt][Pp][Ss]?://|[Ww][Ww][Ww]\.)[^ \t\r\n\f\v\xa0<]*|([A-Za-z]+)";

    /// <summary>The file format name and version recorded in the JSON.</summary>
    public const string Format = "hardmax-vocabulary/1";

    /// <summary>The vocabulary JSON beside an exported model: <c>model.onnx</c> → <c>model.vocab.json</c>.</summary>
    public static string PathBeside(string modelPath) => Path.ChangeExtension(modelPath, ".vocab.json");

    /// <summary>The JSON object: format, n, the reserved ids, the tokenizer's pattern, rules and stopwords, and the map word → id.</summary>
    /// <param name="vocabulary">The model's vocabulary.</param>
    /// <param name="text">The model's text pipeline options.</param>
    /// <param name="tokens">n, the ids per review.</param>
    /// <exception cref="ArgumentException">The options treat non-ASCII letters as letters, which the pattern does not describe.</exception>
    public static JsonObject Create(Vocabulary vocabulary, TextPipelineOptions text, int tokens)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (text.UnicodeLetters)
        {
            throw new ArgumentException("The vocabulary JSON describes the ASCII-letter tokenizer; this pipeline treats every Unicode letter as a letter.", nameof(text));
        }
        var pipeline = new TextPipeline(text);
        var map = new JsonObject();
        for (int id = 0; id < vocabulary.Count; id++)
        {
            map[vocabulary.Words[id]] = id;
        }
        return new JsonObject
        {
            ["format"] = Format,
            ["tokens"] = tokens,
            ["padId"] = Vocabulary.PadId,
            ["unknownId"] = Vocabulary.UnknownId,
            ["padding"] = "end",
            ["pattern"] = Pattern,
            ["minWordLength"] = TextPipeline.MinWordLength,
            ["keepNegations"] = text.KeepNegations,
            ["rules"] = new JsonArray(
                "words = group 1 of every match of 'pattern' scanned left to right (re.findall); matches with group 1 empty are HTML tags and URLs, skipped",
                "lower-case each word (its letters are ASCII A-Z/a-z only: any other character, accented letters included, separates words, so 'naïve' gives 'na', 've' and 'Pokémon' gives 'pok', 'mon')",
                "drop words shorter than minWordLength letters and the stopwords (NLTK's English list, less the negations when keepNegations)",
                "map each word to vocabulary[word], or to unknownId when absent",
                "cut to 'tokens' ids, or pad with padId at the end to 'tokens' ids; the models treat the trailing padId run as padding"),
            ["stopwords"] = new JsonArray(pipeline.StopwordSet.Order(StringComparer.Ordinal).Select(w => (JsonNode)JsonValue.Create(w)).ToArray()),
            ["vocabulary"] = map,
        };
    }
}
