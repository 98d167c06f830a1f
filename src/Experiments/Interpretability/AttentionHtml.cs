using System.Globalization;
using System.Text;
using HardmaxCore.Classifier;
using HardmaxCore.Experiments.Plotting;

namespace HardmaxCore.Experiments.Interpretability;

/// <summary>
/// A review as a self-contained HTML page under the standard self-attention classifier, the usual way: every word the
/// model reads is shaded by the attention it receives, <c>a_j = mean_i p_ij</c> (darker = more), and the words that
/// receive the most are listed. Attention has no sign, so the shade says how much a word weighs in the pooled vector,
/// not which way it pushes. Text is HTML-encoded; no scripts, nothing loaded.
/// </summary>
internal static class AttentionHtml
{
    /// <summary>Words listed under the review.</summary>
    public const int TopWords = 15;

    /// <summary>Renders the page.</summary>
    /// <param name="review">The explanation of <paramref name="text"/>.</param>
    /// <param name="text">The raw review, exactly as it was encoded.</param>
    /// <param name="pipeline">The model's text pipeline (to find where each token sits in the text).</param>
    /// <param name="dimension">d, for the caption.</param>
    /// <param name="title">A heading (encoded here).</param>
    public static string Render(AttentionExplanation review, string text, TextPipeline pipeline, int dimension, string title)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        double max = review.Attention.Length == 0 ? 1 : review.Attention.Max();
        int m = review.Attention.Length;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(ReviewHtml.Encode(title)).Append("</title>\n<style>\n")
            .Append("body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:52em;margin:2em auto;line-height:1.9;color:#222;padding:0 1em}\n")
            .Append(".verdict{font-size:1.3em;margin:.2em 0}.pos{color:#005a8c}.neg{color:#a84300}\n")
            .Append(".review{white-space:pre-wrap;border:1px solid #ddd;border-radius:6px;padding:1em;background:#fcfcfc}\n")
            .Append(".w{border-radius:3px;padding:0 1px}.unread{color:#999}table{border-collapse:collapse;margin:.5em 0}\n")
            .Append("td,th{border-bottom:1px solid #eee;padding:.1em .8em;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}\n")
            .Append("small{color:#666}\n</style>\n</head>\n<body>\n");
        string label = review.Probability > 0.5 ? "positive" : "negative";
        html.Append("<h1>").Append(ReviewHtml.Encode(title)).Append("</h1>\n");
        html.Append(c, $"<p class=\"verdict {label[..3]}\">P(positive) = {review.Probability:F3}: <b>{label}</b></p>\n");
        html.Append(c, $"<p><small>Standard self-attention classifier (one softmax head, d = {dimension}, padding masked). ")
            .Append(c, $"Shade: attention a word receives, averaged over the {m} query positions (the shares sum to 1; the darkest word gets {max:P1}). ")
            .Append("It is the weight of the word's value vector in the pooled vector the dense layers read; it does not say whether the word pushes towards positive or negative. ")
            .Append("<span class=\"unread\">grey</span>: not read by the model. Hover a word for its share.</small></p>\n");
        html.Append("<div class=\"review\">");
        int position = 0;
        int next = 0;
        var enumerator = pipeline.EnumerateTokens(text, stackalloc char[64]);
        while (enumerator.MoveNext())
        {
            int start = enumerator.CurrentStart;
            int length = enumerator.Current.Length;
            html.Append(ReviewHtml.Gap(text[next..start]));
            string word = text.Substring(start, length);
            if (position >= m)
            {
                html.Append("<span class=\"unread\" title=\"after the first ").Append(review.Tokens).Append(" tokens: not read\">")
                    .Append(ReviewHtml.Encode(word)).Append("</span>");
            }
            else
            {
                double a = review.Attention[position];
                string known = review.Ids[position] == Vocabulary.UnknownId ? " (unknown word: &lt;unk&gt;)" : "";
                html.Append("<span class=\"w\" style=\"").Append(Background(a / max)).Append("\" title=\"")
                    .Append(string.Create(c, $"attention {a:P2}{known}")).Append("\">").Append(ReviewHtml.Encode(word)).Append("</span>");
            }
            next = start + length;
            position++;
        }
        html.Append(ReviewHtml.Gap(text[next..])).Append("</div>\n");
        html.Append(c, $"<h2>Most attended words</h2>\n<table>\n<tr><th>word</th><th>tokens</th><th>attention received</th></tr>\n");
        foreach (AttendedWord w in review.Top.Take(TopWords))
        {
            html.Append("<tr><td><span class=\"w\" style=\"").Append(Background(w.Attention / Math.Max(max, w.Attention))).Append("\">")
                .Append(ReviewHtml.Encode(w.Word)).Append("</span></td>")
                .Append(c, $"<td class=\"num\">{w.Count}</td><td class=\"num\">{w.Attention:P2}</td></tr>\n");
        }
        html.Append("</table>\n<p><small>Made by <code>hardmax explain</code> (HardmaxCore) on a model trained with <code>--architecture attention</code>.</small></p>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>A blue background whose opacity grows with the share of the largest attention (a floor keeps every read word visible).</summary>
    private static string Background(double relative)
        => "background:" + OkabeIto.Rgba(OkabeIto.Blue, 0.06 + 0.8 * Math.Clamp(relative, 0, 1));
}
