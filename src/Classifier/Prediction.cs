using System.Globalization;
using System.Text.Json.Nodes;

namespace HardmaxCore.Classifier;

/// <summary>What a classifier says about one review.</summary>
/// <param name="Text">The review.</param>
/// <param name="Probability">σ(logit) with softmax layers: the probability that the review is positive.</param>
/// <param name="Leaders">The leader words of the last hardmax layer, by decreasing |score| (empty for an attention model).</param>
public sealed record Prediction(string Text, double Probability, IReadOnlyList<LeaderWord> Leaders)
{
    /// <summary>How many of the tokens the model read are words of its vocabulary (not &lt;unk&gt; or padding); 0 means the model knows no word of the text and its answer is the padding's.</summary>
    public int KnownTokens { get; init; }

    /// <summary>The architecture of the model that made the prediction.</summary>
    public ClassifierArchitecture Architecture { get; init; } = ClassifierArchitecture.Hardmax;

    /// <summary>For an attention model, the most attended words by decreasing summed attention <c>a_j</c> (<see cref="AttentionExplanation"/>); empty for a hardmax model.</summary>
    public IReadOnlyList<AttendedWord> Attended { get; init; } = [];

    /// <summary><c>positive</c> when <see cref="Probability"/> &gt; 0.5, else <c>negative</c>.</summary>
    public string Label => this.Probability > 0.5 ? "positive" : "negative";

    /// <summary>One line: probability, label, leaders with scores (attended words with their attention for an attention model), and the start of the text.</summary>
    public override string ToString()
    {
        string excerpt = this.Text.Length > 60 ? this.Text[..57] + "..." : this.Text;
        if (this.Architecture == ClassifierArchitecture.Attention)
        {
            string attended = string.Join(", ", this.Attended.Select(w => string.Create(CultureInfo.InvariantCulture, $"{w.Word} ({w.Attention:P0})")));
            return string.Create(CultureInfo.InvariantCulture, $"{this.Probability:F4}  {this.Label}  attended: {attended}  | {excerpt}");
        }
        string leaders = string.Join(", ", this.Leaders.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Word} ({l.Score:+0.00;-0.00})")));
        return string.Create(CultureInfo.InvariantCulture, $"{this.Probability:F4}  {this.Label}  leaders: {leaders}  | {excerpt}");
    }

    /// <summary>
    /// As a JSON object: <c>probability</c>, <c>label</c>, <c>architecture</c>, <c>leaders</c> (word, count, score) and
    /// <c>attended</c> (word, count, attention; one of the two is empty), <c>knownTokens</c>, <c>text</c>.
    /// </summary>
    public JsonObject ToJson() => new()
    {
        ["probability"] = TrainingJson.Number(this.Probability),
        ["label"] = this.Label,
        ["architecture"] = ClassifierFile.NameOf(this.Architecture),
        ["attended"] = new JsonArray(this.Attended.Select(w => (JsonNode)new JsonObject
        {
            ["word"] = w.Word,
            ["count"] = w.Count,
            ["attention"] = TrainingJson.Number(w.Attention),
        }).ToArray()),
        ["leaders"] = new JsonArray(this.Leaders.Select(l => (JsonNode)new JsonObject
        {
            ["word"] = l.Word,
            ["count"] = l.Count,
            ["score"] = TrainingJson.Number(l.Score),
        }).ToArray()),
        ["knownTokens"] = this.KnownTokens,
        ["text"] = this.Text,
    };
}
