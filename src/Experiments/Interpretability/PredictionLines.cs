using System.Text.Json.Nodes;
using HardmaxCore.Classifier;
using HardmaxCore.Experiments.Text;

namespace HardmaxCore.Experiments.Interpretability;

/// <summary>Reviews classified one per line, as <c>hardmax predict</c> prints them: text or JSON lines, one output line per input line.</summary>
internal static class PredictionLines
{
    /// <summary>The note of a review with no word in the model's vocabulary.</summary>
    public const string NoKnownWord = "no word of this review is in the model's vocabulary: the probability is that of padding alone";

    /// <summary>
    /// Classifies every review and writes one line each to <paramref name="output"/>: the prediction and its leader words
    /// (terminal-safe), or a JSON object with the line number and the provenance; a blank review gets a line saying so.
    /// </summary>
    /// <param name="predictor">The model.</param>
    /// <param name="reviews">The reviews, in input order (blank lines kept).</param>
    /// <param name="json">Whether to write JSON lines.</param>
    /// <param name="provenance">The provenance of the run (finished at each line).</param>
    /// <param name="output">Where the lines go.</param>
    /// <returns>How many reviews had no word the model knows.</returns>
    public static int Write(SentimentClassifier predictor, IReadOnlyList<string> reviews, bool json, Provenance provenance, TextWriter output)
    {
        int unknown = 0;
        for (int line = 0; line < reviews.Count; line++)
        {
            string review = reviews[line];
            if (string.IsNullOrWhiteSpace(review))
            {
                output.WriteLine(json
                    ? new JsonObject { ["line"] = line + 1, ["text"] = review, ["probability"] = null, ["label"] = null, ["note"] = "blank line: no review", ["provenance"] = provenance.Finish().ToJson() }.ToJsonString(TrainingJson.Compact)
                    : "-  (blank line: no review)");
                continue;
            }
            Prediction prediction = predictor.Predict(review);
            unknown += prediction.KnownTokens == 0 ? 1 : 0;
            if (json)
            {
                JsonObject result = prediction.ToJson();
                result.Insert(0, "line", line + 1);
                if (prediction.KnownTokens == 0)
                {
                    result["note"] = NoKnownWord;
                }
                result["provenance"] = provenance.Finish().ToJson();
                output.WriteLine(result.ToJsonString(TrainingJson.Compact));
            }
            else
            {
                string text = TerminalText.Escape(prediction.ToString());
                output.WriteLine(prediction.KnownTokens == 0 ? $"{text}  ({NoKnownWord})" : text);
            }
        }
        return unknown;
    }
}
