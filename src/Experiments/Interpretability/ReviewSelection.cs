using System.Globalization;
using HardmaxCore.Experiments.Evaluation;

namespace HardmaxCore.Experiments.Interpretability;

/// <summary>The review an interpretability job reads: its text, or a review of the model's test split; exactly one.</summary>
/// <param name="Text">The review's text, or null.</param>
/// <param name="Review">A review of the model's test split: its index (0-based) or its source id (<see cref="TestReview.Find"/>), or null.</param>
internal sealed record ReviewSelection(string? Text, string? Review)
{
    /// <summary>The review's text and a title for it; <paramref name="load"/> prepares the model's split only when <see cref="Review"/> needs it.</summary>
    /// <exception cref="ExperimentException">Neither or both are given, the text is empty, or the id is unknown (<see cref="TestReview.Find"/>).</exception>
    public (string Text, string Title) Resolve(Func<ModelSplit> load)
    {
        if ((this.Text is null) == (this.Review is null))
        {
            throw new ExperimentException(this.Text is null
                ? "give the review text as an argument (in quotes) or ReviewSelection.Review ID (an index or source id in the model's test split)."
                : "give either the review text or ReviewSelection.Review ID, not both.");
        }
        if (this.Text is not null)
        {
            return string.IsNullOrWhiteSpace(this.Text) ? throw new ExperimentException("the review text is empty.") : (this.Text, "Review");
        }
        ModelSplit split = load();
        return TestReview.Find(split.Data.Split.Test, this.Review!,
            string.Create(CultureInfo.InvariantCulture, $"the {ModelSplit.Name(split.Protocol)} protocol's split, seed {split.Seed}"));
    }
}
