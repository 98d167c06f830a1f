namespace HardmaxCore.Clustering;

/// <summary>What <see cref="BetaSearch.ForClusters"/> found.</summary>
/// <param name="Result">The run whose count is closest to the one asked for (its β is <see cref="QuantizerResult.Beta"/>).</param>
/// <param name="Trace">Every fit in order: β and the number of clusters it gave.</param>
/// <param name="Reason">One line: the β found and how, or the closest count reached.</param>
public sealed record BetaSearchResult(QuantizerResult Result, (double Beta, int Clusters)[] Trace, string Reason);
