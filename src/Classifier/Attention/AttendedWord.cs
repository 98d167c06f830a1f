namespace HardmaxCore.Classifier;

/// <summary>A word of one review with the attention it receives, summed over its occurrences.</summary>
/// <param name="Word">The word (or &lt;unk&gt;).</param>
/// <param name="Count">Occurrences among the tokens the model reads.</param>
/// <param name="Attention"><c>Σ a_j</c> over its positions j, where <c>a_j = mean_i p_ij</c>; the attention of all words sums to 1.</param>
public readonly record struct AttendedWord(string Word, int Count, double Attention);
