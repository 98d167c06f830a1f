using System.CommandLine;
using System.Globalization;
using System.Numerics.Tensors;
using System.Text.Json.Nodes;
using HardmaxCore.Train.Model;
using HardmaxCore.Train.Text;
using HardmaxCore.Train.Training;

namespace HardmaxCore.Train.Commands;

/// <summary>
/// <c>hardmax predict</c>: the probability that a review is positive, its label, and its leader words: the distinct
/// tokens that are leaders of the last layer of the hardmax dynamics (SPEC §3.6), with their decoder scores <c>v·z + b</c>.
/// </summary>
/// <remarks><code>hardmax predict --model runs/NAME "text …" ["text …"]   |   hardmax predict --model M --file reviews.txt   [--json]</code></remarks>
internal static class PredictCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = EvaluateCommand.ModelOption();
        var texts = new Argument<string[]>("text") { Description = "Reviews to classify.", Arity = ArgumentArity.ZeroOrMore };
        var file = new Option<string?>("--file", "-f") { Description = "A text file with one review per line.", HelpName = "FILE" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per review (JSON lines)." };
        var command = new Command("predict", "Classify reviews with a trained model and show their leader words.") { model, texts, file, json };
        command.SetAction(parseResult => CommandRunner.Execute(parseResult, context =>
        {
            ParseResult p = context.ParseResult;
            var reviews = new List<string>(p.GetValue(texts) ?? []);
            string? path = p.GetValue(file);
            if (path is not null)
            {
                if (!File.Exists(path))
                {
                    throw new CliException($"--file '{path}' does not exist.");
                }
                reviews.AddRange(File.ReadLines(path).Where(line => !string.IsNullOrWhiteSpace(line)));
            }
            if (reviews.Count == 0)
            {
                throw new CliException("give the review text as an argument (in quotes) or --file FILE with one review per line.");
            }
            (ClassifierModel classifier, _, _) = ClassifierModel.Load(EvaluateCommand.ResolveModelPath(p.GetValue(model)!));
            var pipeline = new TextPipeline(classifier.Text);
            using var pass = new ClassifierPass<float>(classifier.Settings);
            foreach (string review in reviews)
            {
                Prediction prediction = Predict(classifier, pipeline, pass, review);
                context.Output.WriteLine(p.GetValue(json) ? prediction.ToJson().ToJsonString() : prediction.ToString());
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Runs the model on one text: softmax probability, and the leaders of the last hardmax layer.</summary>
    internal static Prediction Predict(ClassifierModel model, TextPipeline pipeline, ClassifierPass<float> pass, string text)
    {
        int[] ids = model.Vocabulary.Encode(text, pipeline, model.Settings.Tokens);
        float logit = pass.Forward(ids, model.Parameters, Attention.Softmax);
        pass.Forward(ids, model.Parameters, Attention.Hardmax);
        int d = model.Settings.Dimension;
        ReadOnlySpan<float> last = pass.Layer(model.Settings.Layers);
        var leaders = new List<LeaderWord>();
        foreach (int u in pass.Leaders(model.Settings.Layers))
        {
            float score = TensorPrimitives.Dot<float>(model.Parameters.Decoder, last.Slice(u * d, d)) + model.Parameters.Bias[0];
            leaders.Add(new LeaderWord(model.Vocabulary.WordOf(pass.UniqueWords[u]), (int)pass.Multiplicity[u], score));
        }
        leaders.Sort((a, b) => Math.Abs(b.Score).CompareTo(Math.Abs(a.Score)));
        return new Prediction(text, BinaryCrossEntropy.Sigmoid(logit), leaders);
    }
}

/// <summary>A leader of the last layer: its word, how many tokens of the review it stands for, and its decoder score.</summary>
/// <param name="Word">The word (or &lt;pad&gt;, &lt;unk&gt;).</param>
/// <param name="Count">Occurrences of the word in the (truncated) review.</param>
/// <param name="Score"><c>v·z + b</c> at the leader's final position.</param>
internal readonly record struct LeaderWord(string Word, int Count, double Score);

/// <summary>What the model says about one review.</summary>
/// <param name="Text">The review.</param>
/// <param name="Probability">σ(logit), the probability of a positive review.</param>
/// <param name="Leaders">The leader words of the last layer, by decreasing |score|.</param>
internal sealed record Prediction(string Text, double Probability, IReadOnlyList<LeaderWord> Leaders)
{
    /// <summary>positive or negative.</summary>
    public string Label => this.Probability > 0.5 ? "positive" : "negative";

    /// <inheritdoc/>
    public override string ToString()
    {
        string leaders = string.Join(", ", this.Leaders.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Word} ({l.Score:+0.00;-0.00})")));
        string excerpt = this.Text.Length > 60 ? this.Text[..57] + "..." : this.Text;
        return string.Create(CultureInfo.InvariantCulture, $"{this.Probability:F4}  {this.Label}  leaders: {leaders}  | {excerpt}");
    }

    /// <summary>As a JSON object.</summary>
    public JsonObject ToJson() => new()
    {
        ["probability"] = this.Probability,
        ["label"] = this.Label,
        ["leaders"] = new JsonArray(this.Leaders.Select(l => (JsonNode)new JsonObject
        {
            ["word"] = l.Word,
            ["count"] = l.Count,
            ["score"] = l.Score,
        }).ToArray()),
        ["text"] = this.Text,
    };
}
