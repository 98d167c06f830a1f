using System.Globalization;
using System.Net;
using System.Text;
using HardmaxCore.Classifier;

using HardmaxCore.Experiments.Plotting;
using HardmaxCore.Experiments.Text;

namespace HardmaxCore.Experiments.Interpretability;

/// <summary>
/// A review as a self-contained HTML page (SPEC §3.6 "review highlighting"): every word the model reads is highlighted
/// by the role it plays at the last hardmax layer: a leader (bold, outlined) or a follower, coloured by the decoder score
/// <c>v·z + b</c> of the leader it ends at (Okabe–Ito blue positive, vermillion negative, stronger for larger |score|,
/// readable for colour-blind readers). Words the text pipeline drops before the model (stopwords, one-letter words) stay
/// plain near-black text; words past the first n tokens, which the model never reads, are grey and italic. All review
/// text is HTML-encoded; the page has no scripts and loads nothing.
/// </summary>
internal static partial class ReviewHtml
{
    /// <summary>|score| at which the highlight reaches about three quarters of its full strength.</summary>
    public const double ScoreScale = 3;

    /// <summary>Renders the page.</summary>
    /// <param name="review">The anatomy of <paramref name="text"/> under the model.</param>
    /// <param name="text">The raw review, exactly as it was encoded.</param>
    /// <param name="pipeline">The model's text pipeline (used to find where each token sits in the text).</param>
    /// <param name="title">A heading, e.g. the review's id (encoded here).</param>
    public static string Render(ReviewAnatomy review, string text, TextPipeline pipeline, string title)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        int k = review.Layers;
        var isLeader = new HashSet<int>(review.Leaders[k]);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(Encode(title)).Append("</title>\n<style>\n")
            .Append("body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:52em;margin:2em auto;line-height:1.9;color:#222;padding:0 1em}\n")
            .Append(".verdict{font-size:1.3em;margin:.2em 0}.pos{color:#005a8c}.neg{color:#a84300}\n")
            .Append(".review{white-space:pre-wrap;border:1px solid #ddd;border-radius:6px;padding:1em;background:#fcfcfc}\n")
            .Append(".w{border-radius:3px;padding:0 1px}.leader{font-weight:bold;outline:2px solid #333;outline-offset:0}\n")
            .Append(".unread{color:#767676;font-style:italic}.legend .w,.legend .unread{margin-right:.4em}.legend .item{margin-right:1.2em;white-space:nowrap}table{border-collapse:collapse;margin:.5em 0}\n")
            .Append("td,th{border-bottom:1px solid #eee;padding:.1em .8em;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}\n")
            .Append("small{color:#666}\n</style>\n</head>\n<body>\n");
        string label = review.SoftmaxProbability > 0.5 ? "positive" : "negative";
        html.Append("<h1>").Append(Encode(title)).Append("</h1>\n");
        html.Append(c, $"<p class=\"verdict {label[..3]}\">P(positive) = {review.SoftmaxProbability:F3}: <b>{label}</b></p>\n");
        html.Append(c, $"<p><small>softmax layers (as trained); with hardmax layers P = {review.HardmaxProbability:F3}. d = {review.Dimension}, K = {k} layers; ")
            .Append(c, $"{review.Leaders[k].Length} distinct leaders at layer {k}, of which {review.Leaders[k].Count(u => review.IsLeader(0, u))} were leaders at layer 0.");
        int pad = Array.IndexOf(review.WordIds, Vocabulary.PadId);
        if (pad >= 0)
        {
            html.Append(c, $" The padding ({review.Multiplicity[pad]} of the {review.TokenPoint.Length} tokens, part of the mean as in [AFZ]) ")
                .Append(isLeader.Contains(pad) ? "is itself a leader" : $"follows '{Encode(review.Words[review.FinalLeader[pad]])}'")
                .Append(c, $" (score {review.FinalScore[review.FinalLeader[pad]]:+0.00;-0.00}).");
        }
        html.Append("</small></p>\n");
        html.Append("<p class=\"legend\"><small>")
            .Append("<span class=\"item\"><span class=\"w leader\" style=\"").Append(Background(2.5)).Append("\">leader</span>a leader at the last layer</span> ")
            .Append("<span class=\"item\"><span class=\"w\" style=\"").Append(Background(2.5)).Append("\">follower</span>follows a leader</span> ")
            .Append("<span class=\"item\"><span class=\"w\" style=\"").Append(Background(2.5)).Append("\">blue</span>")
            .Append("<span class=\"w\" style=\"").Append(Background(-2.5)).Append("\">vermillion</span>decoder score v·z + b of the leader a word ends at, &gt; 0 or &lt; 0 (paler: closer to 0)</span> ")
            .Append("<span class=\"item\">plain text: dropped before the model (stopwords, one-letter words)</span> ")
            .Append(c, $"<span class=\"item\"><span class=\"unread\">grey italics</span>after the first {review.TokenPoint.Length} tokens: not read</span> ")
            .Append("<span class=\"item\">Hover a word for details.</span></small></p>\n");

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
            if (position >= review.TokenPoint.Length || review.TokenPoint[position] < 0)
            {
                html.Append("<span class=\"unread\" title=\"after the first ").Append(review.TokenPoint.Length).Append(" tokens: not read\">")
                    .Append(Encode(word)).Append("</span>");
            }
            else
            {
                int u = review.TokenPoint[position];
                int leader = review.FinalLeader[u];
                double score = review.FinalScore[leader];
                string known = review.WordIds[u] == Vocabulary.UnknownId ? " (unknown word: &lt;unk&gt;)" : "";
                string tip = isLeader.Contains(u)
                    ? string.Create(c, $"leader at layer {k}; score {score:+0.00;-0.00}; {review.Multiplicity[u]}× in the review{known}")
                    : string.Create(c, $"follows the leader '{Encode(review.Words[leader])}' (score {score:+0.00;-0.00}){known}");
                html.Append("<span class=\"w").Append(isLeader.Contains(u) ? " leader" : "").Append("\" style=\"").Append(Background(score))
                    .Append("\" title=\"").Append(tip).Append("\">").Append(Encode(word)).Append("</span>");
            }
            next = start + length;
            position++;
        }
        html.Append(ReviewHtml.Gap(text[next..])).Append("</div>\n");

        html.Append(c, $"<h2>Leaders at layer {k}</h2>\n<table>\n<tr><th>word</th><th>tokens</th><th>followers</th><th>score v·z + b</th><th>leader at layer 0</th></tr>\n");
        foreach (int u in review.Leaders[k].OrderByDescending(u => Math.Abs(review.FinalScore[u])))
        {
            int followers = Enumerable.Range(0, review.Count).Where(w => review.FinalLeader[w] == u).Sum(w => review.Multiplicity[w]);
            html.Append("<tr><td><span class=\"w leader\" style=\"").Append(Background(review.FinalScore[u])).Append("\">").Append(Encode(review.Words[u])).Append("</span></td>")
                .Append(c, $"<td class=\"num\">{review.Multiplicity[u]}</td><td class=\"num\">{followers}</td><td class=\"num\">{review.FinalScore[u]:+0.00;-0.00}</td><td>{(review.IsLeader(0, u) ? "yes" : "no (emerged)")}</td></tr>\n");
        }
        html.Append("</table>\n<p><small>Made by <code>hardmax explain</code> (HardmaxCore); the model of Alcalde, Fantuzzi and Zuazua, SIAM J. Math. Data Sci. 2025.</small></p>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>HTML-encodes text (&lt; &gt; &amp; " ' and non-ASCII as entities where needed).</summary>
    public static string Encode(string text) => WebUtility.HtmlEncode(TerminalText.Escape(text, keepLayout: true));

    /// <summary>
    /// The text between two words, encoded, with the HTML line breaks of IMDb reviews (<c>&lt;br /&gt;</c>) as line
    /// breaks (the review box keeps white space), not as literal tags.
    /// </summary>
    internal static string Gap(string text) => Encode(LineBreak().Replace(text, "\n"));

    [System.Text.RegularExpressions.GeneratedRegex(@"<br\s*/?>", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex LineBreak();

    /// <summary>
    /// A CSS background: Okabe–Ito blue (#0072B2) for positive, vermillion (#D55E00) for negative scores, opacity
    /// <c>0.08 + 0.5·tanh(|score|/3)</c>: at most 0.58, so near-black text keeps a contrast above 4.5 : 1 on the strongest chip.
    /// </summary>
    internal static string Background(double score)
    {
        double strength = 0.08 + 0.5 * Math.Tanh(Math.Abs(score) / ScoreScale);
        return score >= 0
            ? "background:" + OkabeIto.Rgba(OkabeIto.Blue, strength)
            : "background:" + OkabeIto.Rgba(OkabeIto.Vermillion, strength);
    }
}
