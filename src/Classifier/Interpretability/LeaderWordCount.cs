namespace HardmaxCore.Classifier;

/// <summary>How often a word was a strong leader, and its mean decoder score when it was.</summary>
/// <param name="Word">The word.</param>
/// <param name="Reviews">Reviews in which it was a last-layer leader with |score| above the threshold.</param>
/// <param name="MeanScore">Mean of <c>v·z + b</c> at its last-layer position over those reviews.</param>
/// <param name="Positive">Of those reviews, how many were positive.</param>
public readonly record struct LeaderWordCount(string Word, int Reviews, double MeanScore, int Positive);
