namespace HardmaxCore.Classifier;

/// <summary>Reviews encoded as fixed-length rows of token ids, ready for the model (SPEC §3.1, §3.3).</summary>
/// <remarks>
/// Row <c>i</c> is <c>Ids[i*Length .. (i+1)*Length)</c>: the first <c>TokenCounts[i]</c> entries are word ids
/// (<see cref="Vocabulary.UnknownId"/> for unknown words), the rest are <see cref="Vocabulary.PadId"/>.
/// </remarks>
public sealed class EncodedReviews
{
    /// <summary>Wraps already encoded arrays.</summary>
    /// <exception cref="ArgumentException">The array lengths do not agree.</exception>
    public EncodedReviews(int[] ids, int[] tokenCounts, int[] labels, int length)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(tokenCounts);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        if (ids.Length != tokenCounts.Length * length || labels.Length != tokenCounts.Length)
        {
            throw new ArgumentException(
                $"Expected {tokenCounts.Length} rows of {length} ids and {tokenCounts.Length} labels; got {ids.Length} ids and {labels.Length} labels.",
                nameof(ids));
        }

        Ids = ids;
        TokenCounts = tokenCounts;
        Labels = labels;
        Length = length;
    }

    /// <summary>Number of reviews (rows).</summary>
    public int Count => TokenCounts.Length;

    /// <summary>Ids per review, n (128 by default).</summary>
    public int Length { get; }

    /// <summary>All ids, row-major, <c>Count × Length</c>.</summary>
    public int[] Ids { get; }

    /// <summary>Per review, how many leading ids are words (the rest are padding); for masking the padding out.</summary>
    public int[] TokenCounts { get; }

    /// <summary>Per review, the label: 0 = negative, 1 = positive.</summary>
    public int[] Labels { get; }

    /// <summary>The ids of review <paramref name="i"/>.</summary>
    public ReadOnlySpan<int> Row(int i) => Ids.AsSpan(i * Length, Length);
}
