using System.Globalization;
using System.Text;
using HardmaxCore.Classifier;

namespace HardmaxCore.Experiments.Interpretability;

/// <summary>
/// One review as HTML with every word highlighted by its role, as <c>hardmax explain</c> writes it: leaders and followers
/// and decoder scores for a hardmax model (<see cref="ReviewHtml"/>), attention weights for an attention model
/// (<see cref="AttentionHtml"/>).
/// </summary>
internal static class ReviewExplanation
{
    /// <summary>The HTML page of <paramref name="text"/> and a line for a human: the probability, the label (and the most attended words).</summary>
    /// <param name="classifier">The model, of either architecture.</param>
    /// <param name="text">The review.</param>
    /// <param name="title">The page's title.</param>
    public static (byte[] Html, string Summary) Render(SentimentClassifier classifier, string text, string title)
    {
        var pipeline = new TextPipeline(classifier.Text);
        CultureInfo c = CultureInfo.InvariantCulture;
        if (classifier.Architecture == ClassifierArchitecture.Attention)
        {
            AttentionExplanation explanation = classifier.Explain(text);
            string top = string.Join(", ", explanation.Top.Take(5).Select(w => string.Create(c, $"{w.Word} {w.Attention:P1}")));
            return (Encoding.UTF8.GetBytes(AttentionHtml.Render(explanation, text, pipeline, classifier.Dimension, title)),
                string.Create(c, $"{explanation.Probability:F4}  {Label(explanation.Probability)}  most attended: {top}"));
        }
        ReviewAnatomy anatomy = classifier.Anatomy(text);
        return (Encoding.UTF8.GetBytes(ReviewHtml.Render(anatomy, text, pipeline, title)),
            string.Create(c, $"{anatomy.SoftmaxProbability:F4}  {Label(anatomy.SoftmaxProbability)}"));
    }

    private static string Label(double probability) => probability > 0.5 ? "positive" : "negative";
}
