using System.Text.Json.Serialization;

namespace HardmaxCore.Classifier;

/// <summary>How the embedding is updated (SPEC §3.2); α, v and b always take a dense Adam step.</summary>
public enum OptimizerKind
{
    /// <summary>
    /// Dense Adam, PyTorch's <c>torch.optim.Adam</c> on a dense embedding: every row of E moves every step, rows without
    /// gradient with their decaying momentum (the whole V × d moments are read and written each batch).
    /// </summary>
    [JsonStringEnumMemberName("adam")]
    Adam,

    /// <summary>
    /// Lazy Adam, PyTorch's <c>torch.optim.SparseAdam</c>: a row of E, its m and its v change only in a step where the row has
    /// gradient (a word of the batch); the bias corrections use the global step count t. The other rows keep their
    /// moments frozen until their word appears again. Work per batch: O(distinct words of the batch · d) instead of O(V · d).
    /// </summary>
    [JsonStringEnumMemberName("lazy-adam")]
    LazyAdam,
}
