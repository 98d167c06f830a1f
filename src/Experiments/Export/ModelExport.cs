using System.Globalization;
using System.Text;
using HardmaxCore.Classifier;
using HardmaxCore.Clustering;
using HardmaxCore.Experiments.Evaluation;
using HardmaxCore.Experiments.Work;

namespace HardmaxCore.Experiments.Export;

/// <summary>Where a model is exported: each path null for none.</summary>
/// <param name="Embeddings">The word vectors: .npy (with <see cref="ModelExport.VocabularyPath"/> beside it) or .csv.</param>
/// <param name="Onnx">The classifier as an ONNX graph (with its vocabulary JSON; a hardmax model also gets <see cref="ModelExport.HardmaxOnnxPath"/>).</param>
/// <param name="Weights">Every weight as safetensors (with its vocabulary JSON).</param>
internal sealed record ExportPaths(string? Embeddings, string? Onnx, string? Weights)
{
    /// <summary>Whether the embeddings are written as .npy.</summary>
    public bool EmbeddingsAsNpy => this.Embeddings is not null && Path.GetExtension(this.Embeddings).Equals(".npy", StringComparison.OrdinalIgnoreCase);

    /// <summary>The word list beside an .npy of embeddings, or null.</summary>
    public string? EmbeddingsVocabulary => this.EmbeddingsAsNpy ? ModelExport.VocabularyPath(this.Embeddings!) : null;

    /// <summary>The vocabulary JSON beside the ONNX file, or null.</summary>
    public string? OnnxVocabulary => this.Onnx is null ? null : VocabularyJson.PathBeside(this.Onnx);

    /// <summary>The vocabulary JSON beside the safetensors file, or null.</summary>
    public string? WeightsVocabulary => this.Weights is null ? null : VocabularyJson.PathBeside(this.Weights);

    /// <summary>The ONNX graph with hardmax layers, written for a hardmax model, or null.</summary>
    public string? HardmaxOnnx(LoadedModel model) => this.Onnx is not null && model.Hardmax is not null ? ModelExport.HardmaxOnnxPath(this.Onnx) : null;

    /// <summary>Checks, before the model is read, that something is asked for and that every file name has its extension.</summary>
    /// <exception cref="ExperimentException">Nothing to write, or a name with another extension.</exception>
    public void Validate()
    {
        if (this.Embeddings is null && this.Onnx is null && this.Weights is null)
        {
            throw new ExperimentException("say what to write: ExportPaths.Embeddings FILE.npy|FILE.csv, ExportPaths.Onnx FILE.onnx and/or ExportPaths.Weights FILE.safetensors.");
        }
        string extension = this.Embeddings is null ? "" : Path.GetExtension(this.Embeddings).ToLowerInvariant();
        if (this.Embeddings is not null && extension is not (".npy" or ".csv"))
        {
            throw new ExperimentException($"ExportPaths.Embeddings '{this.Embeddings}': write .npy (NumPy, with a .vocab.txt beside it) or .csv; '{(extension.Length == 0 ? "no extension" : extension)}' is neither.");
        }
        RequireExtension(this.Onnx, "ExportPaths.Onnx", ".onnx");
        RequireExtension(this.Weights, "ExportPaths.Weights", ".safetensors");
    }

    /// <summary>Checks every target for <paramref name="model"/> before anything is built or written (<see cref="OutputFiles.Check"/>).</summary>
    /// <exception cref="ExperimentException">A target cannot be written; the message names its property.</exception>
    public void Check(LoadedModel model) => OutputFiles.Check(
        (this.Embeddings, "ExportPaths.Embeddings"),
        (this.EmbeddingsVocabulary, "ExportPaths.Embeddings (its .vocab.txt)"),
        (this.Onnx, "ExportPaths.Onnx"),
        (this.HardmaxOnnx(model), "ExportPaths.Onnx (its .hardmax.onnx)"),
        (this.OnnxVocabulary == this.WeightsVocabulary ? null : this.OnnxVocabulary, "ExportPaths.Onnx (its vocabulary JSON)"),
        (this.Weights, "ExportPaths.Weights"),
        (this.WeightsVocabulary, "ExportPaths.Weights (its vocabulary JSON)"));

    /// <summary>Refuses a file name without the expected extension.</summary>
    private static void RequireExtension(string? path, string name, string expected)
    {
        if (path is not null && !string.Equals(Path.GetExtension(path), expected, StringComparison.OrdinalIgnoreCase))
        {
            throw new ExperimentException($"{name} '{path}': the file name must end in {expected}.");
        }
    }
}

/// <summary>
/// A trained model for other tools (SPEC §3.7): the word vectors as .npy or CSV, the whole classifier as ONNX
/// (<see cref="OnnxExport"/>), every weight as safetensors (<see cref="SafeTensors"/>), each with its vocabulary.
/// </summary>
internal static class ModelExport
{
    /// <summary>The file beside <c>model.onnx</c> with hardmax layers: <c>model.hardmax.onnx</c>.</summary>
    public static string HardmaxOnnxPath(string onnxPath) => Path.ChangeExtension(onnxPath, ".hardmax.onnx");

    /// <summary>The vocabulary file written beside an .npy: <c>emb.npy</c> → <c>emb.vocab.txt</c>.</summary>
    public static string VocabularyPath(string npyPath) => Path.ChangeExtension(npyPath, ".vocab.txt");

    /// <summary>
    /// The files of an export, each as (path, writer), to be written as one set, and one line per file group saying what
    /// it holds.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="paths">The files asked for.</param>
    /// <param name="version">The producer's version, recorded in the ONNX and safetensors metadata.</param>
    public static (List<(string? Path, Action<Stream> Write)> Outputs, List<string> Written) Plan(LoadedModel model, ExportPaths paths, string version)
    {
        var outputs = new List<(string? Path, Action<Stream> Write)>();
        var written = new List<string>();
        static (string? Path, Action<Stream> Write) Bytes(string? path, byte[] bytes) => (path, stream => stream.Write(bytes));
        if (paths.Embeddings is string embeddingsPath)
        {
            IReadOnlyList<string> words = model.Vocabulary.Words;
            int d = model.Dimension;
            if (paths.EmbeddingsAsNpy)
            {
                outputs.Add(Bytes(embeddingsPath, NpyFile.Write(model.Embedding, words.Count, d)));
                outputs.Add(Bytes(paths.EmbeddingsVocabulary, Encoding.UTF8.GetBytes(string.Concat(words.Select(w => w + "\n")))));
                written.Add($"{embeddingsPath} ({words.Count} × {d} float32) and {paths.EmbeddingsVocabulary}");
            }
            else
            {
                float[] vectors = model.Embedding;
                outputs.Add((embeddingsPath, stream => WriteCsv(stream, vectors, words, d)));
                written.Add($"{embeddingsPath} ({words.Count} words × {d} numbers)");
            }
        }
        if (paths.Onnx is string onnxPath)
        {
            if (model.Hardmax is ClassifierModel hardmax)
            {
                string hardmaxPath = HardmaxOnnxPath(onnxPath);
                outputs.Add(Bytes(onnxPath, OnnxExport.Hardmax(hardmax, Attention.Softmax, version)));
                outputs.Add(Bytes(hardmaxPath, OnnxExport.Hardmax(hardmax, Attention.Hardmax, version)));
                written.Add($"{onnxPath}, {hardmaxPath} (hardmax layers)");
            }
            else
            {
                outputs.Add(Bytes(onnxPath, OnnxExport.SelfAttention(model.Attention!, version)));
                written.Add(onnxPath);
            }
            outputs.Add(Bytes(paths.OnnxVocabulary, model.VocabularyBytes()));
            written.Add($"{paths.OnnxVocabulary}; input 'ids' int64 [batch, {model.Tokens}], output 'probability' float [batch]");
        }
        if (paths.Weights is string weightsPath)
        {
            IReadOnlyList<NamedTensor> tensors = model.Hardmax is ClassifierModel h ? SafeTensors.Tensors(h) : SafeTensors.Tensors(model.Attention!);
            outputs.Add(Bytes(weightsPath, SafeTensors.Write(tensors, model.Metadata(version))));
            if (paths.WeightsVocabulary != paths.OnnxVocabulary)
            {
                outputs.Add(Bytes(paths.WeightsVocabulary, model.VocabularyBytes()));
            }
            written.Add($"{weightsPath} ({string.Join(", ", tensors.Select(t => $"{t.Name} [{string.Join(", ", t.Shape)}]"))}) and {paths.WeightsVocabulary}");
        }
        return (outputs, written);
    }

    /// <summary>
    /// Writes the vectors as CSV to <paramref name="stream"/>, row by row (UTF-8, no BOM): <c>word,e0,…</c>, then one row
    /// per word, numbers round-trip exact. Nothing but the writer's buffer is held, so a model of any size exports in
    /// about its own memory.
    /// </summary>
    public static void WriteCsv(Stream stream, float[] vectors, IReadOnlyList<string> words, int d)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        using var text = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16, leaveOpen: true);
        text.Write("word");
        for (int l = 0; l < d; l++)
        {
            text.Write(",e");
            text.Write(l.ToString(c));
        }
        text.Write('\n');
        Span<char> number = stackalloc char[32];
        for (int w = 0; w < words.Count; w++)
        {
            // Words are letters only (or <pad>, <unk>), so no quoting is needed; quote defensively anyway.
            string word = words[w];
            if (word.AsSpan().IndexOfAny(",\"\n") >= 0)
            {
                text.Write('"');
                text.Write(word.Replace("\"", "\"\"", StringComparison.Ordinal));
                text.Write('"');
            }
            else
            {
                text.Write(word);
            }
            for (int l = 0; l < d; l++)
            {
                vectors[w * d + l].TryFormat(number, out int length, "R", c);
                text.Write(',');
                text.Write(number[..length]);
            }
            text.Write('\n');
        }
    }
}
