namespace HardmaxCore.Classifier;

/// <summary>Which part of the official aclImdb train/test split a review came from.</summary>
public enum ReviewSplit
{
    /// <summary>Not known: the review came from a CSV, which carries no split.</summary>
    Unspecified = 0,

    /// <summary>The archive's <c>train/</c> folder.</summary>
    Train = 1,

    /// <summary>The archive's <c>test/</c> folder.</summary>
    Test = 2,
}
