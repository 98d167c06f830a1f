using HardmaxCore.Classifier;

namespace HardmaxCore.UnitTests.Text;

/// <summary>The text pipeline of SPEC §3.3.</summary>
public sealed class TextPipelineTests
{
    /// <summary>The pipeline that keeps negations.</summary>
    private static readonly TextPipeline KeepNegations = new(new TextPipelineOptions { KeepNegations = true });

    [Fact]
    public void TextPipeline_Tokenize_BrTagsSeparateWords()
    {
        List<string> tokens = TextPipeline.Default.Tokenize("Great movie.<br /><br />Loved<BR/>acting<i>superb</i>");

        Assert.Equal(["great", "movie", "loved", "acting", "superb"], tokens);
    }

    [Fact]
    public void TextPipeline_Tokenize_UrlsRemoved()
    {
        List<string> tokens = TextPipeline.Default.Tokenize(
            "See http://www.imdb.com/title/tt0111161/ and WWW.Example.org/page?x=1 or https://t.co/abc<br />wonderful");

        Assert.Equal(["see", "wonderful"], tokens);
    }

    [Fact]
    public void TextPipeline_Tokenize_UrlOnlyWhereAWordStarts()
    {
        List<string> tokens = TextPipeline.Default.Tokenize("awww.. shttp://x");

        Assert.Equal(["awww", "shttp"], tokens);
    }

    [Fact]
    public void TextPipeline_Tokenize_PunctuationAndDigitsSeparate()
    {
        List<string> tokens = TextPipeline.Default.Tokenize("Wow!!!10/10,best-film ever...2nd viewing;(really)\"cool\"");

        Assert.Equal(["wow", "best", "film", "ever", "nd", "viewing", "really", "cool"], tokens);
    }

    [Fact]
    public void TextPipeline_Tokenize_StopwordsAndOneLetterWordsDropped()
    {
        List<string> tokens = TextPipeline.Default.Tokenize("I am a fan of the X-Men and this movie, it's OK");

        Assert.Equal(["fan", "men", "movie", "ok"], tokens);
    }

    [Fact]
    public void TextPipeline_Tokenize_NegationsDroppedByDefault()
    {
        List<string> tokens = TextPipeline.Default.Tokenize("I didn't like it. Not at all, no, nor would I ever. Never! Don't, won't, isn't.");

        Assert.Equal(["like", "would", "ever", "never"], tokens);
    }

    [Fact]
    public void TextPipeline_Tokenize_NegationsKeptWhenAsked()
    {
        List<string> tokens = KeepNegations.Tokenize("I didn't like it. Not at all, no, nor would I ever. Never! Don't, won't, isn't.");

        Assert.Equal(["didn", "like", "not", "no", "nor", "would", "ever", "never", "don", "won", "isn"], tokens);
    }

    [Fact]
    public void TextPipeline_Tokenize_AngleBracketsThatAreNotTagsSeparate()
    {
        List<string> tokens = TextPipeline.Default.Tokenize("good < bad > ugly <3 love <a\nhref> fine");

        Assert.Equal(["good", "bad", "ugly", "love", "href", "fine"], tokens);
    }

    [Fact]
    public void TextPipeline_Tokenize_NonAsciiLettersSeparateByDefault()
    {
        Assert.Equal(["lie", "caf"], TextPipeline.Default.Tokenize("Amélie café")); // "am" is a stopword

        var unicode = new TextPipeline(new TextPipelineOptions { UnicodeLetters = true });
        Assert.Equal(["amélie", "café", "ÿes"], unicode.Tokenize("AMÉLIE café Ÿes"));
    }

    [Fact]
    public void TextPipeline_Tokenize_EmptyAndSeparatorOnlyTextGiveNoTokens()
    {
        Assert.Empty(TextPipeline.Default.Tokenize(string.Empty));
        Assert.Empty(TextPipeline.Default.Tokenize("<br /><br /> 123 ... !!! http://x.y"));
    }

    [Fact]
    public void TextPipeline_EnumerateTokens_StartsPointIntoTheText()
    {
        const string text = "Hello <br />WORLD, it's a Long-Awaited film";
        var found = new List<(string Token, int Start)>();
        foreach (ReadOnlySpan<char> token in TextPipeline.Default.EnumerateTokens(text))
        {
            found.Add((token.ToString(), -1));
        }

        TokenEnumerator e = TextPipeline.Default.EnumerateTokens(text);
        for (int k = 0; e.MoveNext(); k++)
        {
            found[k] = (found[k].Token, e.CurrentStart);
            Assert.Equal(found[k].Token, text.Substring(e.CurrentStart, e.Current.Length).ToLowerInvariant());
        }

        Assert.Equal([("hello", 0), ("world", 12), ("long", 26), ("awaited", 31), ("film", 39)], found);
    }

    [Fact]
    public void TextPipeline_EnumerateTokens_LongCapitalisedWordsOutgrowTheScratch()
    {
        string word = string.Concat(Enumerable.Repeat("AbCdEfGhIj", 20)); // 200 letters
        List<string> tokens = TextPipeline.Default.Tokenize($"{word} Short {word}");

        Assert.Equal([word.ToLowerInvariant(), "short", word.ToLowerInvariant()], tokens);
    }

    [Fact]
    public void TextPipeline_Clean_JoinsTokens()
    {
        Assert.Equal("movie great", TextPipeline.Default.Clean("The movie was GREAT!<br />"));
    }

    [Fact]
    public void Stopwords_English_IsNltksList()
    {
        Assert.Equal(198, Stopwords.English.Length);
        Assert.Equal(198, Stopwords.English.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains("mightn't", Stopwords.English);
        Assert.All(Stopwords.Negations.Where(n => n != "never"), n => Assert.Contains(n, Stopwords.English));
        Assert.DoesNotContain("not", KeepNegations.StopwordSet);
        Assert.Contains("not", TextPipeline.Default.StopwordSet);
        Assert.Equal(198 - (Stopwords.Negations.Length - 1), KeepNegations.StopwordSet.Count);
    }
}
