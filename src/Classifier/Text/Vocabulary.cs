using System.Runtime.InteropServices;

namespace HardmaxCore.Classifier;

/// <summary>
/// Word ↔ id map of the classifier (SPEC §3.3): <c>&lt;pad&gt;</c> = 0, <c>&lt;unk&gt;</c> = 1, then the training
/// words by frequency, descending, ties by ordinal word order.
/// </summary>
/// <remarks>
/// <code>
/// Vocabulary vocabulary = Vocabulary.Build(split.Train, pipeline);           // training split only
/// EncodedReviews test = vocabulary.Encode(split.Test, pipeline, length: 128); // pads at the end
/// string[] saved = [.. vocabulary.Words];                                  // into the model file
/// Vocabulary again = Vocabulary.FromWords(saved);                          // same ids
/// </code>
/// Instances are immutable and safe to share between threads.
/// </remarks>
public sealed class Vocabulary
{
    /// <summary>Id of the padding token.</summary>
    public const int PadId = 0;

    /// <summary>Id of every word not in the vocabulary.</summary>
    public const int UnknownId = 1;

    /// <summary>Number of reserved ids (<c>&lt;pad&gt;</c>, <c>&lt;unk&gt;</c>).</summary>
    public const int ReservedCount = 2;

    /// <summary>The padding token's word.</summary>
    public const string PadToken = "<pad>";

    /// <summary>The unknown token's word.</summary>
    public const string UnknownToken = "<unk>";

    /// <summary>Default sequence length n (SPEC §3.1).</summary>
    public const int DefaultLength = 128;

    /// <summary>Words by id.</summary>
    private readonly string[] _words;

    /// <summary>Ids by word.</summary>
    private readonly Dictionary<string, int> _ids;

    /// <summary>Span lookup into <see cref="_ids"/>, so tokens need no string.</summary>
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    /// <summary>Training counts by id (0 for the reserved ids); null when rebuilt from a word list.</summary>
    private readonly long[]? _counts;

    /// <summary>Wraps a validated word list.</summary>
    private Vocabulary(string[] words, long[]? counts)
    {
        this._words = words;
        this._counts = counts;
        this._ids = new Dictionary<string, int>(words.Length, StringComparer.Ordinal);
        for (int id = 0; id < words.Length; id++)
        {
            if (!this._ids.TryAdd(words[id], id))
            {
                throw new ArgumentException($"The word '{words[id]}' appears twice (ids {this._ids[words[id]]} and {id}).", nameof(words));
            }
        }

        this._lookup = this._ids.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Number of ids, reserved ones included: the embedding's row count.</summary>
    public int Count => this._words.Length;

    /// <summary>The words by id, <c>&lt;pad&gt;</c> and <c>&lt;unk&gt;</c> first: what a model file stores.</summary>
    public IReadOnlyList<string> Words => this._words;

    /// <summary>True when the vocabulary was built from texts and knows its training counts.</summary>
    public bool HasCounts => this._counts is not null;

    /// <summary>The word of an id, for interpretability.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="id"/> is not in [0, Count).</exception>
    public string WordOf(int id)
    {
        if ((uint)id >= (uint)this._words.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, $"Token ids run from 0 to {this._words.Length - 1}.");
        }

        return this._words[id];
    }

    /// <summary>How often the word of <paramref name="id"/> occurred in the training texts (0 for reserved ids or without counts).</summary>
    public long CountOf(int id) => this._counts is not null && (uint)id < (uint)this._counts.Length ? this._counts[id] : 0;

    /// <summary>The id of a (lower-case) token, or <see cref="UnknownId"/>.</summary>
    public int IdOf(ReadOnlySpan<char> token) => this._lookup.TryGetValue(token, out int id) ? id : UnknownId;

    /// <summary>True when the token has its own id.</summary>
    public bool Contains(ReadOnlySpan<char> token) => this._lookup.ContainsKey(token);

    /// <summary>Builds the vocabulary from the training reviews' texts.</summary>
    /// <inheritdoc cref="Build(IEnumerable{string}, TextPipeline, VocabularyOptions?)"/>
    public static Vocabulary Build(IEnumerable<Review> trainingReviews, TextPipeline pipeline, VocabularyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(trainingReviews);
        return Build(trainingReviews.Select(r => r.Text), pipeline, options);
    }

    /// <summary>Builds the vocabulary from training texts: count tokens, keep those seen at least MinCount times, sort.</summary>
    /// <param name="trainingTexts">The raw texts of the training split only.</param>
    /// <param name="pipeline">The tokenizer; use the same one to encode.</param>
    /// <param name="options">Minimum count (default 1) and maximum size (default none).</param>
    /// <remarks>Order: count descending, ties by <see cref="string.CompareOrdinal(string, string)"/>; ids 0 and 1 reserved.</remarks>
    public static Vocabulary Build(IEnumerable<string> trainingTexts, TextPipeline pipeline, VocabularyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(trainingTexts);
        ArgumentNullException.ThrowIfNull(pipeline);
        VocabularyOptions o = options ?? new VocabularyOptions();

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        Dictionary<string, long>.AlternateLookup<ReadOnlySpan<char>> lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> scratch = stackalloc char[64];
        foreach (string text in trainingTexts)
        {
            foreach (ReadOnlySpan<char> token in pipeline.EnumerateTokens(text, scratch))
            {
                CollectionsMarshal.GetValueRefOrAddDefault(lookup, token, out _)++;
            }
        }

        var kept = new List<KeyValuePair<string, long>>(counts.Count);
        foreach (KeyValuePair<string, long> pair in counts)
        {
            if (pair.Value >= o.MinCount)
            {
                kept.Add(pair);
            }
        }

        kept.Sort(static (a, b) => a.Value != b.Value ? b.Value.CompareTo(a.Value) : string.CompareOrdinal(a.Key, b.Key));
        int size = Math.Min(kept.Count, (o.MaxSize ?? int.MaxValue) - ReservedCount);

        string[] words = new string[ReservedCount + size];
        long[] frequencies = new long[words.Length];
        words[PadId] = PadToken;
        words[UnknownId] = UnknownToken;
        for (int k = 0; k < size; k++)
        {
            words[ReservedCount + k] = kept[k].Key;
            frequencies[ReservedCount + k] = kept[k].Value;
        }

        return new Vocabulary(words, frequencies);
    }

    /// <summary>Rebuilds a vocabulary from <see cref="Words"/> as saved in a model file; ids are list positions.</summary>
    /// <exception cref="ArgumentException">
    /// The list does not start with <c>&lt;pad&gt;</c>, <c>&lt;unk&gt;</c>, or has an empty or repeated word.
    /// </exception>
    public static Vocabulary FromWords(IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        string[] list = [.. words];
        if (list.Length < ReservedCount || list[PadId] != PadToken || list[UnknownId] != UnknownToken)
        {
            throw new ArgumentException(
                $"A vocabulary word list starts with '{PadToken}' and '{UnknownToken}' (ids 0 and 1); this one starts with " +
                $"{string.Join(", ", list.Take(2).Select(w => $"'{w}'"))}. Was it saved from Vocabulary.Words?",
                nameof(words));
        }

        for (int id = ReservedCount; id < list.Length; id++)
        {
            if (string.IsNullOrEmpty(list[id]))
            {
                throw new ArgumentException($"The word of id {id} is empty.", nameof(words));
            }
        }

        return new Vocabulary(list, counts: null);
    }

    /// <summary>Encodes one text: token ids truncated to, or padded with <see cref="PadId"/> at the end to, <c>ids.Length</c>.</summary>
    /// <returns>Number of real tokens written (the rest of <paramref name="ids"/> is padding).</returns>
    public int Encode(ReadOnlySpan<char> text, TextPipeline pipeline, Span<int> ids)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        int count = 0;
        if (!ids.IsEmpty)
        {
            foreach (ReadOnlySpan<char> token in pipeline.EnumerateTokens(text, stackalloc char[64]))
            {
                ids[count++] = IdOf(token);
                if (count == ids.Length)
                {
                    break;
                }
            }
        }

        ids[count..].Fill(PadId);
        return count;
    }

    /// <summary>Encodes one text into a new array of <paramref name="length"/> ids.</summary>
    public int[] Encode(string text, TextPipeline pipeline, int length = DefaultLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        int[] ids = new int[length];
        Encode(text, pipeline, ids);
        return ids;
    }

    /// <summary>Encodes reviews into fixed-length rows with their labels; rows are encoded in parallel, results do not depend on it.</summary>
    public EncodedReviews Encode(IReadOnlyList<Review> reviews, TextPipeline pipeline, int length = DefaultLength)
    {
        ArgumentNullException.ThrowIfNull(reviews);
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);

        int[] ids = new int[reviews.Count * length];
        int[] tokenCounts = new int[reviews.Count];
        int[] labels = new int[reviews.Count];
        Parallel.For(0, reviews.Count, i =>
        {
            tokenCounts[i] = Encode(reviews[i].Text, pipeline, ids.AsSpan(i * length, length));
            labels[i] = reviews[i].Label;
        });
        return new EncodedReviews(ids, tokenCounts, labels, length);
    }

    /// <summary>The words of some ids joined by spaces, padding left out; for debugging and display.</summary>
    public string Decode(ReadOnlySpan<int> ids)
    {
        var words = new List<string>(ids.Length);
        foreach (int id in ids)
        {
            if (id != PadId)
            {
                words.Add(WordOf(id));
            }
        }

        return string.Join(' ', words);
    }
}
