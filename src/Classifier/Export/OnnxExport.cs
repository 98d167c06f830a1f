using System.Globalization;
using Google.Protobuf;

namespace HardmaxCore.Classifier;

/// <summary>
/// Both classifiers as standard ONNX graphs (opset 17): input <c>ids</c>, int64 <c>[batch, n]</c> (token ids as
/// <see cref="Vocabulary.Encode(ReadOnlySpan{char}, TextPipeline, Span{int})"/> writes them, padding id 0 at the end);
/// outputs <c>probability</c> (float <c>[batch]</c>, the probability of "positive") and <c>logit</c>.
/// </summary>
/// <remarks>
/// <para>Hardmax transformer (SPEC §3.1): <c>X⁰ = Gather(E, ids)</c>; K times, with the same α:
/// <c>S = X Xᵀ</c>, <c>m_i = max_j S_ij</c>, attention weights <c>P</c>, and <c>X⁺ = X + c·(P X − X)</c>,
/// <c>c = α/(1+α)</c> (computed in double and rounded to float, as the Core does); then <c>z̄ = mean_i X^K_i</c>,
/// <c>logit = v·z̄ + b</c>, <c>probability = σ(logit)</c>. With softmax layers (SPEC §1.3)
/// <c>P = Softmax((S − m)/τ)</c> at the trained τ. With hardmax layers (SPEC §1.2, §1.4) <c>P_ij = [S_ij = m_i] / Σ_l [S_il = m_l]</c>:
/// <c>ReduceMax → Equal → Cast → ReduceSum → Div</c>, the average over <em>all</em> tied maxima with exact equality —
/// not ONNX's <c>Hardmax</c>, which keeps only the first maximum. Identical tokens give identical scores, so a repeated
/// word counts once per copy, as the Core's merged tokens with multiplicities do.</para>
/// <para>Self-attention baseline: <c>x_i = E[id_i] + P_i</c>; <c>q, k, v = x W_Qᵀ, x W_Kᵀ, x W_Vᵀ</c>;
/// <c>s = (q/√d) kᵀ</c>; <c>p = Softmax(s)</c> over the real keys; <c>a_j = Σ_{real i} p_ij / m</c>; <c>c = a v</c>;
/// <c>h = ReLU(W₁ c + b₁)</c>; <c>logit = w₂·h + b₂</c>.</para>
/// <para>Padding as the tool does it: the real tokens are those before the trailing run of id 0
/// (<c>m = max_i (i+1)·[id_i ≠ 0]</c>). The hardmax model keeps padding in attention and in the mean unless it was
/// trained with padding masked; the baseline always masks it as keys and leaves it out of the mean. Masked scores
/// become −∞; rows with no real key at all (a review of padding only) give NaN that a <c>Where</c> removes before the
/// mean, so an empty review scores <c>σ(b)</c> (hardmax model) or the dense layers at <c>c = 0</c> (baseline), as ours.</para>
/// <para>The graphs compute in float32 like the tool; scores are summed in the runtime's own order, so probabilities agree
/// with the tool's to rounding (the unit tests check 10⁻⁵ in ONNX Runtime), not bit for bit.</para>
/// </remarks>
public static class OnnxExport
{
    /// <summary>The name of the graph input.</summary>
    public const string IdsInput = "ids";

    /// <summary>The name of the probability output.</summary>
    public const string ProbabilityOutput = "probability";

    /// <summary>The name of the logit output.</summary>
    public const string LogitOutput = "logit";

    /// <summary>The symbolic batch dimension.</summary>
    private const string Batch = "batch";

    /// <summary>The hardmax transformer as an ONNX model file, with softmax layers at the trained τ or with hardmax layers.</summary>
    /// <param name="model">The trained model.</param>
    /// <param name="attention">Softmax (as trained) or hardmax layers (the average over all tied maxima).</param>
    /// <param name="producerVersion">The tool's version, recorded in the file.</param>
    public static byte[] Hardmax(ClassifierModel model, Attention attention, string producerVersion = "")
    {
        ArgumentNullException.ThrowIfNull(model);
        ClassifierSettings settings = model.Settings;
        ClassifierParameters<float> parameters = model.Parameters;
        int n = settings.Tokens;
        int d = settings.Dimension;
        var graph = new OnnxGraph("hardmax-classifier");
        string ids = graph.Input(IdsInput, OnnxGraph.Int64Type, [Batch, n]);
        string embedding = graph.Floats("embedding", parameters.Embedding, [model.Vocabulary.Count, d]);
        Padding? padding = settings.MaskPadding ? Padding.Of(graph, ids, n) : null;
        string x = graph.Node("Gather", [embedding, ids], OnnxGraph.Int("axis", 0));
        double alpha = parameters.Alpha[0];
        string step = graph.Float("step", (float)(alpha / (1 + alpha)));
        string temperature = graph.Float("temperature", (float)settings.Temperature);
        string lastAxis = graph.Int64s("last_axis", [-1], [1]);
        for (int k = 0; k < settings.Layers; k++)
        {
            string scores = graph.Node("MatMul", [x, graph.Node("Transpose", [x], OnnxGraph.Ints("perm", 0, 2, 1))]);
            if (padding is not null)
            {
                scores = graph.Node("Where", [padding.Keys, scores, padding.MinusInfinity]);
            }
            string maximum = graph.Node("ReduceMax", [scores], OnnxGraph.Ints("axes", -1), OnnxGraph.Int("keepdims", 1));
            string weights;
            if (attention == Attention.Softmax)
            {
                // P = softmax((S − m)/τ): the max subtracted first, then divided by τ, as the Core's SoftmaxWeights.
                weights = graph.Node("Softmax", [graph.Node("Div", [graph.Node("Sub", [scores, maximum]), temperature])], OnnxGraph.Int("axis", -1));
            }
            else
            {
                // P_ij = [S_ij = m_i] / |C_i|: every tied maximum, equally (SPEC §1.2), not ONNX's first-index Hardmax.
                string members = graph.Node("Cast", [graph.Node("Equal", [scores, maximum])], OnnxGraph.Int("to", OnnxGraph.FloatType));
                weights = graph.Node("Div", [members, graph.Node("ReduceSum", [members, lastAxis], OnnxGraph.Int("keepdims", 1))]);
            }
            string change = graph.Node("Sub", [graph.Node("MatMul", [weights, x]), x]);
            x = graph.Node("Add", [x, graph.Node("Mul", [change, step])]);
        }
        string mean = padding is null
            ? graph.Node("ReduceMean", [x], OnnxGraph.Ints("axes", 1), OnnxGraph.Int("keepdims", 0))
            : padding.Mean(graph, x);
        string logit = graph.Node("Add", [
            graph.Node("MatMul", [mean, graph.Floats("decoder", parameters.Decoder, [d])]),
            graph.Float("bias", parameters.Bias[0])]);
        Finish(graph, logit);
        string layers = attention == Attention.Softmax
            ? string.Create(CultureInfo.InvariantCulture, $"softmax layers at τ = {settings.Temperature:R}")
            : "hardmax layers (the average over all tied maxima, SPEC §1.2)";
        graph.Document(string.Create(CultureInfo.InvariantCulture,
            $"Pure-attention hardmax transformer of Alcalde, Fantuzzi and Zuazua: n = {n}, d = {d}, K = {settings.Layers}, α = {alpha:R}, {layers}, padding {(settings.MaskPadding ? "masked" : "kept as a token")}. Input: token ids int64 [batch, {n}], padding id 0 at the end. Outputs: P(positive) and the logit, float [batch]."));
        return graph.Model(producerVersion, new Dictionary<string, string>
        {
            ["architecture"] = "hardmax",
            ["attention"] = attention == Attention.Softmax ? "softmax" : "hardmax",
            ["tokens"] = n.ToString(CultureInfo.InvariantCulture),
            ["dimension"] = d.ToString(CultureInfo.InvariantCulture),
            ["layers"] = settings.Layers.ToString(CultureInfo.InvariantCulture),
            ["temperature"] = settings.Temperature.ToString("R", CultureInfo.InvariantCulture),
            ["maskPadding"] = settings.MaskPadding ? "true" : "false",
        }).ToByteArray();
    }

    /// <summary>The standard self-attention classifier as an ONNX model file.</summary>
    /// <param name="model">The trained model.</param>
    /// <param name="producerVersion">The tool's version, recorded in the file.</param>
    public static byte[] SelfAttention(AttentionModel model, string producerVersion = "")
    {
        ArgumentNullException.ThrowIfNull(model);
        AttentionSettings settings = model.Settings;
        AttentionParameters<float> parameters = model.Parameters;
        int n = settings.Tokens;
        int d = settings.Dimension;
        int h = settings.Hidden;
        var graph = new OnnxGraph("attention-classifier");
        string ids = graph.Input(IdsInput, OnnxGraph.Int64Type, [Batch, n]);
        Padding padding = Padding.Of(graph, ids, n);
        string x = graph.Node("Add", [
            graph.Node("Gather", [graph.Floats("embedding", parameters.Embedding, [model.Vocabulary.Count, d]), ids], OnnxGraph.Int("axis", 0)),
            graph.Floats("position", parameters.Position, [n, d])]);
        // Weights are stored out × in (PyTorch's nn.Linear); the graph multiplies by their transposes, written transposed.
        string q = graph.Node("MatMul", [x, graph.Floats("query_t", Transpose(parameters.Query, d, d), [d, d])]);
        string key = graph.Node("MatMul", [x, graph.Floats("key_t", Transpose(parameters.Key, d, d), [d, d])]);
        string v = graph.Node("MatMul", [x, graph.Floats("value_t", Transpose(parameters.Value, d, d), [d, d])]);
        float scale = 1f / MathF.Sqrt(d);
        // s_ij = (q_i·(1/√d))·k_j: the scale on q first, as the tool's pass.
        string scores = graph.Node("MatMul", [
            graph.Node("Mul", [q, graph.Float("scale", scale)]),
            graph.Node("Transpose", [key], OnnxGraph.Ints("perm", 0, 2, 1))]);
        string p = graph.Node("Softmax", [graph.Node("Where", [padding.Keys, scores, padding.MinusInfinity])], OnnxGraph.Int("axis", -1));
        // a_j = Σ_{real i} p_ij / m, then c = Σ_j a_j v_j.
        string received = graph.Node("Div", [
            graph.Node("ReduceSum", [graph.Node("Where", [padding.Queries, p, graph.Float("zero", 0f)]), graph.Int64s("token_axis", [1], [1])], OnnxGraph.Int("keepdims", 1)),
            graph.Node("Unsqueeze", [padding.Count, graph.Int64s("count_axis", [2], [1])])]);
        string pooled = graph.Node("Squeeze", [graph.Node("MatMul", [received, v]), graph.Int64s("pooled_axis", [1], [1])]);
        string hidden = graph.Node("Relu", [graph.Node("Add", [
            graph.Node("MatMul", [pooled, graph.Floats("dense_t", Transpose(parameters.Dense, h, d), [d, h])]),
            graph.Floats("dense_bias", parameters.DenseBias, [h])])]);
        string logit = graph.Node("Add", [
            graph.Node("MatMul", [hidden, graph.Floats("output", parameters.Output, [h])]),
            graph.Float("output_bias", parameters.OutputBias[0])]);
        Finish(graph, logit);
        graph.Document(string.Create(CultureInfo.InvariantCulture,
            $"Standard one-head self-attention classifier (ClassifierArchitecture.Attention, the baseline): n = {n}, d = {d}, dense width {h}, padding masked. Input: token ids int64 [batch, {n}], padding id 0 at the end. Outputs: P(positive) and the logit, float [batch]."));
        return graph.Model(producerVersion, new Dictionary<string, string>
        {
            ["architecture"] = "attention",
            ["tokens"] = n.ToString(CultureInfo.InvariantCulture),
            ["dimension"] = d.ToString(CultureInfo.InvariantCulture),
        }).ToByteArray();
    }

    /// <summary>Adds the two outputs: <c>logit</c> as given and <c>probability = Sigmoid(logit)</c>.</summary>
    private static void Finish(OnnxGraph graph, string logit)
    {
        string named = graph.Node("Identity", [logit]);
        graph.Output(named, LogitOutput, OnnxGraph.FloatType, [Batch]);
        graph.Output(graph.Node("Sigmoid", [LogitOutput]), ProbabilityOutput, OnnxGraph.FloatType, [Batch]);
    }

    /// <summary>The transpose of a row-major rows × columns matrix.</summary>
    private static float[] Transpose(float[] matrix, int rows, int columns)
    {
        var transposed = new float[matrix.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                transposed[c * rows + r] = matrix[r * columns + c];
            }
        }
        return transposed;
    }

    /// <summary>The padding masks of a batch of ids, as graph values.</summary>
    /// <param name="Keys">bool [batch, 1, n]: token j is real (a key that may be attended).</param>
    /// <param name="Queries">bool [batch, n, 1]: token i is real (counted in the mean).</param>
    /// <param name="Count">float [batch, 1]: max(m, 1), the divisor of the mean.</param>
    /// <param name="MinusInfinity">The float constant −∞.</param>
    private sealed record Padding(string Keys, string Queries, string Count, string MinusInfinity)
    {
        /// <summary>
        /// Builds the masks: <c>m = ReduceMax((i+1)·[id_i ≠ 0])</c> (the tokens before the trailing padding, as
        /// <c>AttentionPass.Length</c> and <c>ClassifierPass</c> count them), <c>real_i = i &lt; m</c>.
        /// </summary>
        public static Padding Of(OnnxGraph graph, string ids, int n)
        {
            long[] fromOne = Enumerable.Range(1, n).Select(i => (long)i).ToArray();
            long[] fromZero = Enumerable.Range(0, n).Select(i => (long)i).ToArray();
            string notPadding = graph.Node("Cast", [graph.Node("Not", [graph.Node("Equal", [ids, graph.Int64s("pad_id", [Vocabulary.PadId], [])])])],
                OnnxGraph.Int("to", OnnxGraph.Int64Type));
            string length = graph.Node("ReduceMax", [graph.Node("Mul", [notPadding, graph.Int64s("positions_from_one", fromOne, [n])])],
                OnnxGraph.Ints("axes", 1), OnnxGraph.Int("keepdims", 1));
            string real = graph.Node("Less", [graph.Int64s("positions", fromZero, [n]), length]);
            string keys = graph.Node("Unsqueeze", [real, graph.Int64s("key_axis", [1], [1])]);
            string queries = graph.Node("Unsqueeze", [real, graph.Int64s("query_axis", [2], [1])]);
            string count = graph.Node("Max", [graph.Node("Cast", [length], OnnxGraph.Int("to", OnnxGraph.FloatType)), graph.Float("one", 1f)]);
            return new Padding(keys, queries, count, graph.Float("minus_infinity", float.NegativeInfinity));
        }

        /// <summary><c>Σ_{real i} x_i / max(m, 1)</c> over the token axis of <paramref name="x"/> [batch, n, d].</summary>
        public string Mean(OnnxGraph graph, string x)
        {
            string sum = graph.Node("ReduceSum", [graph.Node("Where", [this.Queries, x, graph.Float("mean_zero", 0f)]), graph.Int64s("mean_axis", [1], [1])],
                OnnxGraph.Int("keepdims", 0));
            return graph.Node("Div", [sum, this.Count]);
        }
    }
}
