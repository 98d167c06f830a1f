namespace HardmaxCore.Train.Model;

/// <summary>Reviews as token ids, n per review (padding 0 at the end), with their labels (1 positive, 0 negative).</summary>
/// <param name="Tokens">n.</param>
/// <param name="Ids">Row-major count × n.</param>
/// <param name="Labels">One label per review.</param>
internal sealed record EncodedReviews(int Tokens, int[] Ids, int[] Labels)
{
    /// <summary>Number of reviews.</summary>
    public int Count => this.Labels.Length;

    /// <summary>The ids of review r.</summary>
    public ReadOnlySpan<int> Review(int r) => this.Ids.AsSpan(r * this.Tokens, this.Tokens);

    /// <summary>The reviews at the given positions, in that order.</summary>
    public EncodedReviews Subset(IReadOnlyList<int> rows)
    {
        var ids = new int[rows.Count * this.Tokens];
        var labels = new int[rows.Count];
        for (int r = 0; r < rows.Count; r++)
        {
            this.Review(rows[r]).CopyTo(ids.AsSpan(r * this.Tokens, this.Tokens));
            labels[r] = this.Labels[rows[r]];
        }
        return new EncodedReviews(this.Tokens, ids, labels);
    }
}
