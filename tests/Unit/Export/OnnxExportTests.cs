using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using HardmaxCore.UnitTests.Cli;
using HardmaxCore.UnitTests.Training;
using Microsoft.ML.OnnxRuntime;

namespace HardmaxCore.UnitTests.Export;

/// <summary>
/// <c>hardmax export --onnx</c> (issue 20): tiny models trained on synthetic reviews, exported, and run in ONNX Runtime
/// (the engine users run), give our probabilities within 10⁻⁵ on a few hundred reviews, both architectures, softmax and
/// hardmax layers, padding kept and masked, reviews truncated, padded and empty; the vocabulary JSON's pattern (what the
/// README's Python applies) gives our token ids.
/// </summary>
public sealed class OnnxExportTests : IDisposable
{
    private const int Tokens = 24;

    private static readonly string[] Known = ["great", "wonderful", "excellent", "superb", "moving", "brilliant", "awful", "boring", "terrible", "dull", "waste", "horrible", "movie", "film", "plot", "actor", "scene", "story", "director", "ending", "music", "camera"];

    private static readonly string[] Unknown = ["zebra", "quantum", "Teapot", "the", "a", "not", "x", "<br />", "http://example.com/x", "naïve", "Pokémon"];

    private readonly TemporaryFolder _folder = new();

    public void Dispose() => this._folder.Dispose();

    /// <summary>Architecture × padding; the hardmax model is exported with softmax layers (model.onnx) and hardmax layers (model.hardmax.onnx).</summary>
    [Theory]
    [InlineData("hardmax", false)]
    [InlineData("hardmax", true)]
    [InlineData("attention", true)]
    public void ExportedOnnx_InOnnxRuntime_GivesOurProbabilities(string architecture, bool maskPadding)
    {
        string run = this.Train(architecture, maskPadding);
        string onnx = Path.Combine(this._folder.Path, "model.onnx");
        CliResult export = CliHarness.Run("export", "--model", run, "--onnx", onnx);
        Assert.True(export.ExitCode == 0, export.Error);
        string[] texts = Reviews(400, seed: 5);
        string modelFile = Path.Combine(run, "model.bin");
        if (architecture == "hardmax")
        {
            (ClassifierModel model, _, _) = ClassifierModel.Load(modelFile);
            Assert.Equal(maskPadding, model.Settings.MaskPadding);
            EncodedReviews reviews = Encode(model.Vocabulary, model.Text, texts);
            using var passes = new ParallelPasses(model.Settings, 1);
            foreach ((Attention attention, string file) in new[] { (Attention.Softmax, onnx), (Attention.Hardmax, Path.ChangeExtension(onnx, ".hardmax.onnx")) })
            {
                float[] logits = passes.Logits(reviews, model.Parameters, attention);
                AssertSameProbabilities(logits, Run(file, reviews), $"{architecture} {attention} mask={maskPadding}");
            }
        }
        else
        {
            (AttentionModel model, _, _) = AttentionModel.Load(modelFile);
            EncodedReviews reviews = Encode(model.Vocabulary, model.Text, texts);
            float[] logits = new AttentionPasses(model.Settings, 1).Logits(reviews, model.Parameters);
            AssertSameProbabilities(logits, Run(onnx, reviews), architecture);
        }
    }

    /// <summary>
    /// The hardmax graph averages over every tied maximum (SPEC §1.2), unlike ONNX's Hardmax (the first maximum only):
    /// <c>mid = (1, 0)</c> scores 1 against itself, <c>up = (1, 1)</c> and <c>down = (1, −1)</c>, so it stays put only if all
    /// three are averaged; the padding (0, 0) ties with everything. With the decoder (0, 1) and b = 0 the logit is exactly 0.
    /// </summary>
    [Fact]
    public void HardmaxOnnx_AveragesOverAllTiedMaxima()
    {
        var vocabulary = Vocabulary.FromWords(["<pad>", "<unk>", "up", "down", "mid"]);
        var parameters = new ClassifierParameters<float>(vocabulary.Count, 2);
        float[] embedding = [0, 0, 0, 0, 1, 1, 1, -1, 1, 0];
        embedding.CopyTo(parameters.Embedding, 0);
        parameters.Alpha[0] = 1;
        parameters.Decoder[1] = 1;
        var model = new ClassifierModel(new ClassifierSettings(4, 2, 2, 1e-3, false), default, vocabulary, parameters);
        var reviews = new EncodedReviews([2, 3, 4, 0, 4, 0, 0, 0, 2, 3, 4, 4, 4, 4, 4, 4], [3, 1, 4, 4], [1, 0, 1, 0], 4);
        using var passes = new ParallelPasses(model.Settings, 1);
        float[] ours = passes.Logits(reviews, parameters, Attention.Hardmax);
        float[] theirs = Run(OnnxExport.Hardmax(model, Attention.Hardmax), reviews);
        Assert.Equal(0f, ours[0]);
        Assert.Equal(0.5f, theirs[0]);
        AssertSameProbabilities(ours, theirs, "ties");
    }

    /// <summary>The README's Python tokenizer (the JSON's pattern, lower-case, length and stopword filter, ids, pad) gives our ids, on fuzzed text too.</summary>
    [Fact]
    public void VocabularyJson_PythonRecipe_GivesOurIds()
    {
        var vocabulary = Vocabulary.FromWords(["<pad>", "<unk>", .. Known, "na", "pok", "mon", "href", "com", "don"]);
        foreach (bool keepNegations in new[] { false, true })
        {
            var options = new TextPipelineOptions { KeepNegations = keepNegations };
            var pipeline = new TextPipeline(options);
            using JsonDocument json = JsonDocument.Parse(VocabularyJson.Create(vocabulary, options, Tokens).ToJsonString());
            JsonElement root = json.RootElement;
            var regex = new Regex(root.GetProperty("pattern").GetString()!, RegexOptions.CultureInvariant);
            var stopwords = root.GetProperty("stopwords").EnumerateArray().Select(w => w.GetString()!).ToHashSet(StringComparer.Ordinal);
            var map = root.GetProperty("vocabulary").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32(), StringComparer.Ordinal);
            int n = root.GetProperty("tokens").GetInt32();
            int minimum = root.GetProperty("minWordLength").GetInt32();
            foreach (string text in Reviews(300, seed: 9).Concat(Fuzz(300, seed: 11)))
            {
                // words = [w.lower() for w in re.findall(pattern, text) if w]; ids = ([map.get(w, 1) for w in words if len(w) >= 2 and w not in stopwords] + [0]*n)[:n]
                IEnumerable<string> words = regex.Matches(text).Select(m => m.Groups[1].Value).Where(w => w.Length > 0).Select(w => w.ToLowerInvariant());
                int[] python = words.Where(w => w.Length >= minimum && !stopwords.Contains(w)).Select(w => map.GetValueOrDefault(w, 1)).Concat(Enumerable.Repeat(0, n)).Take(n).ToArray();
                int[] ours = vocabulary.Encode(text, pipeline, n);
                Assert.True(python.SequenceEqual(ours), $"'{text}': python [{string.Join(' ', python)}], ours [{string.Join(' ', ours)}]");
            }
        }
    }

    /// <summary>safetensors as the format's specification reads: u64 little-endian header size, JSON, contiguous F32 tensors covering the data; every weight of both architectures.</summary>
    [Theory]
    [InlineData("hardmax")]
    [InlineData("attention")]
    public void ExportedWeights_FollowTheSafetensorsFormat(string architecture)
    {
        string run = this.Train(architecture, maskPadding: false);
        string path = Path.Combine(this._folder.Path, "model.safetensors");
        CliResult export = CliHarness.Run("export", "--model", run, "--weights", path);
        Assert.True(export.ExitCode == 0, export.Error);
        Assert.True(File.Exists(Path.ChangeExtension(path, ".vocab.json")));
        Dictionary<string, (long[] Shape, float[] Values)> tensors = ReadSafetensors(File.ReadAllBytes(path), out JsonElement metadata);
        Assert.Equal(architecture, metadata.GetProperty("architecture").GetString());
        float[][] expected;
        string[] names;
        if (architecture == "hardmax")
        {
            ClassifierModel model = ClassifierModel.Load(Path.Combine(run, "model.bin")).Model;
            expected = model.Parameters.All;
            names = ["embedding.weight", "alpha", "decoder.weight", "decoder.bias"];
            Assert.Equal([model.Vocabulary.Count, 4L], tensors["embedding.weight"].Shape);
        }
        else
        {
            AttentionModel model = AttentionModel.Load(Path.Combine(run, "model.bin")).Model;
            expected = model.Parameters.All;
            names = ["embedding.weight", "position.weight", "query.weight", "key.weight", "value.weight", "dense.weight", "dense.bias", "output.weight", "output.bias"];
            Assert.Equal([8L, 4L], tensors["dense.weight"].Shape);
        }
        Assert.Equal(names.Order(StringComparer.Ordinal), tensors.Keys.Order(StringComparer.Ordinal));
        for (int t = 0; t < names.Length; t++)
        {
            CliHarness.AssertBitwiseEqual(expected[t], tensors[names[t]].Values);
        }
    }

    /// <summary>
    /// The safetensors format (huggingface/safetensors README): 8 bytes, an unsigned little-endian 64-bit integer N;
    /// N bytes of UTF-8 JSON, a map from names to dtype/shape/data_offsets plus an optional string map <c>__metadata__</c>;
    /// the byte buffer, offsets relative to its start, which the tensors cover entirely without overlap.
    /// </summary>
    internal static Dictionary<string, (long[] Shape, float[] Values)> ReadSafetensors(byte[] file, out JsonElement metadata)
    {
        ulong n = BitConverter.ToUInt64(file, 0);
        Assert.True(BitConverter.IsLittleEndian);
        Assert.True(n % 8 == 0 && 8 + (long)n <= file.Length);
        string header = Encoding.UTF8.GetString(file, 8, (int)n);
        Assert.StartsWith("{", header, StringComparison.Ordinal);
        using JsonDocument json = JsonDocument.Parse(header);
        long data = 8 + (long)n;
        var spans = new List<(long Begin, long End)>();
        var result = new Dictionary<string, (long[], float[])>(StringComparer.Ordinal);
        metadata = default;
        foreach (JsonProperty property in json.RootElement.EnumerateObject())
        {
            if (property.Name == "__metadata__")
            {
                metadata = property.Value.Clone();
                Assert.All(property.Value.EnumerateObject(), p => Assert.Equal(JsonValueKind.String, p.Value.ValueKind));
                continue;
            }
            Assert.Equal("F32", property.Value.GetProperty("dtype").GetString());
            long[] shape = property.Value.GetProperty("shape").EnumerateArray().Select(x => x.GetInt64()).ToArray();
            long[] offsets = property.Value.GetProperty("data_offsets").EnumerateArray().Select(x => x.GetInt64()).ToArray();
            Assert.Equal(2, offsets.Length);
            Assert.Equal(shape.Aggregate(1L, (a, b) => a * b) * 4, offsets[1] - offsets[0]);
            spans.Add((offsets[0], offsets[1]));
            var values = new float[(offsets[1] - offsets[0]) / 4];
            Buffer.BlockCopy(file, (int)(data + offsets[0]), values, 0, values.Length * 4);
            result[property.Name] = (shape, values);
        }
        spans.Sort();
        long at = 0;
        foreach ((long begin, long end) in spans)
        {
            Assert.Equal(at, begin);
            at = end;
        }
        Assert.Equal(file.Length - data, at);
        return result;
    }

    /// <summary>Trains a tiny model on synthetic reviews through the tool and returns its run folder.</summary>
    private string Train(string architecture, bool maskPadding)
    {
        string data = SyntheticReviews.WriteCsv(this._folder.Path, 400, seed: 3);
        string run = Path.Combine(this._folder.Path, $"run-{architecture}-{maskPadding}");
        var args = new List<string> { "train", "--data", data, "--dim", "4", "--tokens", Tokens.ToString(System.Globalization.CultureInfo.InvariantCulture), "--epochs", "3", "--batch", "16", "--lr", "0.02", "--out", run };
        if (architecture == "hardmax")
        {
            args.AddRange(["--layers", "3"]);
            if (maskPadding)
            {
                args.Add("--mask-padding");
            }
        }
        else
        {
            args.AddRange(["--architecture", "attention"]);
        }
        CliResult train = CliHarness.Run([.. args]);
        Assert.True(train.ExitCode == 0, train.Error);
        return run;
    }

    /// <summary>Reviews of known and unknown words, from empty to twice n words (truncated), some of stopwords only (all padding).</summary>
    private static string[] Reviews(int count, int seed)
    {
        var random = new Random(seed);
        var texts = new string[count];
        for (int r = 0; r < count; r++)
        {
            int length = r % 10 == 0 ? 0 : random.Next(1, 2 * Tokens);
            var words = new List<string>();
            for (int w = 0; w < length; w++)
            {
                words.Add(random.NextDouble() < 0.8 ? Known[random.Next(Known.Length)] : Unknown[random.Next(Unknown.Length)]);
            }
            texts[r] = r % 10 == 5 ? "the a of and" : string.Join(random.NextDouble() < 0.5 ? " " : ", ", words);
        }
        return texts;
    }

    /// <summary>Random strings over the characters that matter to the tokenizer: tags, URLs, case, non-ASCII letters, newlines.</summary>
    private static IEnumerable<string> Fuzz(int count, int seed)
    {
        string[] pieces = ["<", ">", "/", "!", "<br />", "<b>", "http://", "HTTPS://", "www.", "Www.", "h", "t", "p", ":", "w", ".", " ", "\n", "\t", "\u00a0", "\u2003",
            "é", "İ", "\u212a", "ſ", "ß", "A", "Z", "movie", "Film", "great", "don't", "naïve", "Pokémon", "x", "ab", "1", "'", "\"", "<3", "&amp;"];
        var random = new Random(seed);
        for (int r = 0; r < count; r++)
        {
            var text = new StringBuilder();
            int length = random.Next(0, 40);
            for (int p = 0; p < length; p++)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
            }
            yield return text.ToString();
        }
    }

    /// <summary>Encodes texts as the tool does (n = <see cref="Tokens"/>).</summary>
    private static EncodedReviews Encode(Vocabulary vocabulary, TextPipelineOptions text, string[] texts)
    {
        var pipeline = new TextPipeline(text);
        var ids = new int[texts.Length * Tokens];
        var counts = new int[texts.Length];
        for (int r = 0; r < texts.Length; r++)
        {
            counts[r] = vocabulary.Encode(texts[r], pipeline, ids.AsSpan(r * Tokens, Tokens));
        }
        Assert.Contains(0, counts);
        Assert.Contains(Tokens, counts);
        return new EncodedReviews(ids, counts, new int[texts.Length], Tokens);
    }

    /// <summary>ONNX Runtime's probabilities for the encoded reviews, one batch.</summary>
    private static float[] Run(string path, EncodedReviews reviews) => Run(File.ReadAllBytes(path), reviews);

    private static float[] Run(byte[] model, EncodedReviews reviews)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
        long[] ids = reviews.Ids.Select(id => (long)id).ToArray();
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(ids, [reviews.Count, reviews.Length]);
        using var run = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(run, [OnnxExport.IdsInput], [input], [OnnxExport.ProbabilityOutput]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>|σ(ours) − theirs| ≤ 10⁻⁵ for every review.</summary>
    private static void AssertSameProbabilities(float[] logits, float[] probabilities, string what)
    {
        Assert.Equal(logits.Length, probabilities.Length);
        double worst = 0;
        int at = -1;
        for (int r = 0; r < logits.Length; r++)
        {
            double difference = Math.Abs(BinaryCrossEntropy.Sigmoid(logits[r]) - probabilities[r]);
            if (!(difference <= worst))
            {
                (worst, at) = (difference, r);
            }
        }
        Assert.True(worst <= 1e-5, $"{what}: review {at} ours {BinaryCrossEntropy.Sigmoid(logits[Math.Max(at, 0)]):R}, ONNX Runtime {probabilities[Math.Max(at, 0)]:R}");
    }
}
