namespace HardmaxCore.Classifier;

/// <summary>A leader of the last layer: its word, how many tokens of the review it stands for, and its decoder score.</summary>
/// <param name="Word">The word (or &lt;pad&gt;, &lt;unk&gt;).</param>
/// <param name="Count">Occurrences of the word in the (truncated) review.</param>
/// <param name="Score"><c>v·z + b</c> at the leader's final position: positive pushes towards "positive".</param>
public readonly record struct LeaderWord(string Word, int Count, double Score);
