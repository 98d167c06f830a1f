using System.Collections.Frozen;

namespace HardmaxCore.Classifier;

/// <summary>The English stopword list of NLTK (<c>nltk.corpus.stopwords.words('english')</c>) and the negations one may keep.</summary>
/// <remarks>
/// This is the current 198-word NLTK list. Older NLTK releases ship 179 words; the 19 extra entries are all
/// contractions with an apostrophe (<c>he'd</c>, <c>i'm</c>, ...), which can never match a token here because
/// the pipeline keeps letters only, so both lists drop exactly the same tokens.
/// </remarks>
internal static class Stopwords
{
    /// <summary>NLTK's English stopwords, in NLTK's file order.</summary>
    public static readonly string[] English =
    [
        "a", "about", "above", "after", "again", "against", "ain", "all", "am", "an",
        "and", "any", "are", "aren", "aren't", "as", "at", "be", "because", "been",
        "before", "being", "below", "between", "both", "but", "by", "can", "couldn",
        "couldn't", "d", "did", "didn", "didn't", "do", "does", "doesn", "doesn't",
        "doing", "don", "don't", "down", "during", "each", "few", "for", "from",
        "further", "had", "hadn", "hadn't", "has", "hasn", "hasn't", "have", "haven",
        "haven't", "having", "he", "he'd", "he'll", "her", "here", "hers", "herself",
        "he's", "him", "himself", "his", "how", "i", "i'd", "if", "i'll", "i'm", "in",
        "into", "is", "isn", "isn't", "it", "it'd", "it'll", "it's", "its", "itself",
        "i've", "just", "ll", "m", "ma", "me", "mightn", "mightn't", "more", "most",
        "mustn", "mustn't", "my", "myself", "needn", "needn't", "no", "nor", "not",
        "now", "o", "of", "off", "on", "once", "only", "or", "other", "our", "ours",
        "ourselves", "out", "over", "own", "re", "s", "same", "shan", "shan't", "she",
        "she'd", "she'll", "she's", "should", "shouldn", "shouldn't", "should've",
        "so", "some", "such", "t", "than", "that", "that'll", "the", "their",
        "theirs", "them", "themselves", "then", "there", "these", "they", "they'd",
        "they'll", "they're", "they've", "this", "those", "through", "to", "too",
        "under", "until", "up", "ve", "very", "was", "wasn", "wasn't", "we", "we'd",
        "we'll", "we're", "were", "weren", "weren't", "we've", "what", "when",
        "where", "which", "while", "who", "whom", "why", "will", "with", "won",
        "won't", "wouldn", "wouldn't", "y", "you", "you'd", "you'll", "your",
        "you're", "yours", "yourself", "yourselves", "you've",
    ];

    /// <summary>
    /// Words kept when <see cref="TextPipelineOptions.KeepNegations"/> is on: not, no, nor, never and the
    /// negating contraction stems NLTK lists (<c>don't</c> becomes the token <c>don</c>), with their full forms.
    /// </summary>
    public static readonly string[] Negations =
    [
        "not", "no", "nor", "never",
        "ain", "aren", "couldn", "didn", "doesn", "don", "hadn", "hasn", "haven", "isn", "mightn", "mustn",
        "needn", "shan", "shouldn", "wasn", "weren", "won", "wouldn",
        "aren't", "couldn't", "didn't", "doesn't", "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't",
        "mustn't", "needn't", "shan't", "shouldn't", "wasn't", "weren't", "won't", "wouldn't",
    ];

    /// <summary>The stopwords to drop: all of <see cref="English"/>, less <see cref="Negations"/> when they are kept.</summary>
    public static FrozenSet<string> Create(bool keepNegations) =>
        (keepNegations ? English.Except(Negations, StringComparer.Ordinal) : English)
            .ToFrozenSet(StringComparer.Ordinal);
}
