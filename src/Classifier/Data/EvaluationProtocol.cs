namespace HardmaxCore.Classifier;

/// <summary>How the reviews are divided into train and test (SPEC §3.4).</summary>
public enum EvaluationProtocol
{
    /// <summary>The archive's own split: aclImdb train (25,000) / test (25,000).</summary>
    Standard,

    /// <summary>[AFZ]'s split: all reviews shuffled with a seed, 70 % train / 30 % test.</summary>
    Paper,
}
