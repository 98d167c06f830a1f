namespace HardmaxCore.Classifier;

/// <summary>Why a row or file could not be used as a review.</summary>
public enum SkipReason
{
    /// <summary>The sentiment was not one of positive/negative, pos/neg, 1/0.</summary>
    UnknownLabel,

    /// <summary>The review text was empty or whitespace.</summary>
    EmptyReview,

    /// <summary>A CSV row had fewer columns than the header needs.</summary>
    MissingColumns,

    /// <summary>A <c>.txt</c> file under <c>pos/</c> or <c>neg/</c> not named <c>&lt;id&gt;_&lt;rating&gt;.txt</c>.</summary>
    UnrecognizedFileName,

    /// <summary>A review longer than <see cref="ReviewDataset.MaxReviewBytes"/> (a decompression bomb, or not a review).</summary>
    TooLong,
}
