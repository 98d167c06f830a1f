using System.CommandLine;
using System.Globalization;
using System.Text;
using HardmaxCore.Classifier;
using HardmaxCore.Clustering;

namespace HardmaxCore.Train.Commands;

/// <summary>
/// <c>hardmax export</c>: a trained model for other tools. <c>--embeddings emb.npy|emb.csv</c>: the word vectors (a NumPy
/// array of shape (V, d), little-endian float32, with the words in <c>emb.vocab.txt</c>, one per line, row order; or a CSV
/// with a header <c>word,e0,…,e{d−1}</c>). <c>--onnx model.onnx</c>: the whole classifier as an ONNX graph from token ids to
/// the probability (<see cref="OnnxExport"/>; a hardmax model also gets <c>model.hardmax.onnx</c> with hardmax layers), with
/// <c>model.vocab.json</c> (<see cref="VocabularyJson"/>). <c>--weights model.safetensors</c>: every weight
/// (<see cref="SafeTensors"/>), with its <c>.vocab.json</c>.
/// </summary>
/// <remarks>
/// <code>hardmax export --model runs/NAME [--embeddings emb.npy|emb.csv] [--onnx model.onnx] [--weights model.safetensors]</code>
/// In Python: <c>E = numpy.load("emb.npy"); words = open("emb.vocab.txt").read().split("\n")[:-1]</c>, or
/// <c>pandas.read_csv("emb.csv", index_col="word", keep_default_na=False)</c>. Both architectures.
/// </remarks>
internal static class ExportCommand
{
    /// <summary>The file beside <c>model.onnx</c> with hardmax layers: <c>model.hardmax.onnx</c>.</summary>
    public static string HardmaxOnnxPath(string onnxPath) => Path.ChangeExtension(onnxPath, ".hardmax.onnx");

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = EvaluateCommand.ModelOption();
        var embeddings = new Option<string>("--embeddings")
        {
            Description = "Write the word vectors: .npy (with FILE.vocab.txt beside it) or .csv.",
            HelpName = "FILE.npy|FILE.csv",
        };
        var onnx = new Option<string>("--onnx")
        {
            Description = "Write the classifier as an ONNX graph (opset 17, token ids → probability) with FILE.vocab.json beside it; a hardmax model also gets FILE.hardmax.onnx (hardmax layers).",
            HelpName = "FILE.onnx",
        };
        var weights = new Option<string>("--weights")
        {
            Description = "Write every weight as safetensors (float32, little-endian) with FILE.vocab.json beside it.",
            HelpName = "FILE.safetensors",
        };
        var command = new Command("export", "Write a trained model for other tools: word vectors (.npy/.csv), the whole classifier as ONNX, every weight as safetensors.")
        {
            model, embeddings, onnx, weights,
        };
        command.SetAction(parseResult => CommandRunner.Execute(parseResult, context =>
        {
            ParseResult p = context.ParseResult;
            string? embeddingsPath = p.GetValue(embeddings);
            string? onnxPath = p.GetValue(onnx);
            string? weightsPath = p.GetValue(weights);
            if (embeddingsPath is null && onnxPath is null && weightsPath is null)
            {
                throw new CliException("say what to write: --embeddings FILE.npy|FILE.csv, --onnx FILE.onnx and/or --weights FILE.safetensors.");
            }
            string extension = embeddingsPath is null ? "" : Path.GetExtension(embeddingsPath).ToLowerInvariant();
            if (embeddingsPath is not null && extension is not (".npy" or ".csv"))
            {
                throw new CliException($"--embeddings '{embeddingsPath}': write .npy (NumPy, with a .vocab.txt beside it) or .csv; '{(extension.Length == 0 ? "no extension" : extension)}' is neither.");
            }
            RequireExtension(onnxPath, "--onnx", ".onnx");
            RequireExtension(weightsPath, "--weights", ".safetensors");
            string? embeddingsVocabulary = extension == ".npy" ? VocabularyPath(embeddingsPath!) : null;
            string? onnxVocabulary = onnxPath is null ? null : VocabularyJson.PathBeside(onnxPath);
            string? weightsVocabulary = weightsPath is null ? null : VocabularyJson.PathBeside(weightsPath);
            using LoadedModel exported = LoadedModel.Load(p.GetValue(model)!);
            string? hardmaxPath = onnxPath is not null && exported.Hardmax is not null ? HardmaxOnnxPath(onnxPath) : null;
            // Every target is checked before anything is built or written; the files are then written as one set.
            OutputSet.Check(
                (embeddingsPath, "--embeddings"),
                (embeddingsVocabulary, "--embeddings (its .vocab.txt)"),
                (onnxPath, "--onnx"),
                (hardmaxPath, "--onnx (its .hardmax.onnx)"),
                (onnxVocabulary == weightsVocabulary ? null : onnxVocabulary, "--onnx (its vocabulary JSON)"),
                (weightsPath, "--weights"),
                (weightsVocabulary, "--weights (its vocabulary JSON)"));
            var outputs = new List<(string? Path, Action<Stream> Write)>();
            var written = new List<string>();
            if (embeddingsPath is not null)
            {
                IReadOnlyList<string> words = exported.Vocabulary.Words;
                int d = exported.Dimension;
                if (extension == ".npy")
                {
                    outputs.Add(OutputSet.Bytes(embeddingsPath, NpyFile.Write(exported.Embedding, words.Count, d)));
                    outputs.Add(OutputSet.Bytes(embeddingsVocabulary, Encoding.UTF8.GetBytes(string.Concat(words.Select(w => w + "\n")))));
                    written.Add($"{embeddingsPath} ({words.Count} × {d} float32) and {embeddingsVocabulary}");
                }
                else
                {
                    float[] vectors = exported.Embedding;
                    outputs.Add((embeddingsPath, stream => WriteCsv(stream, vectors, words, d)));
                    written.Add($"{embeddingsPath} ({words.Count} words × {d} numbers)");
                }
            }
            string version = Provenance.Start(1).Version;
            if (onnxPath is not null)
            {
                if (exported.Hardmax is ClassifierModel hardmax)
                {
                    outputs.Add(OutputSet.Bytes(onnxPath, OnnxExport.Hardmax(hardmax, Attention.Softmax, version)));
                    outputs.Add(OutputSet.Bytes(hardmaxPath, OnnxExport.Hardmax(hardmax, Attention.Hardmax, version)));
                    written.Add($"{onnxPath}, {hardmaxPath} (hardmax layers)");
                }
                else
                {
                    outputs.Add(OutputSet.Bytes(onnxPath, OnnxExport.SelfAttention(exported.Attention!, version)));
                    written.Add(onnxPath);
                }
                outputs.Add(OutputSet.Bytes(onnxVocabulary, exported.VocabularyBytes()));
                written.Add($"{onnxVocabulary}; input 'ids' int64 [batch, {exported.Tokens}], output 'probability' float [batch]");
            }
            if (weightsPath is not null)
            {
                IReadOnlyList<NamedTensor> tensors = exported.Hardmax is ClassifierModel h ? SafeTensors.Tensors(h) : SafeTensors.Tensors(exported.Attention!);
                outputs.Add(OutputSet.Bytes(weightsPath, SafeTensors.Write(tensors, exported.Metadata(version))));
                if (weightsVocabulary != onnxVocabulary)
                {
                    outputs.Add(OutputSet.Bytes(weightsVocabulary, exported.VocabularyBytes()));
                }
                written.Add($"{weightsPath} ({string.Join(", ", tensors.Select(t => $"{t.Name} [{string.Join(", ", t.Shape)}]"))}) and {weightsVocabulary}");
            }
            OutputSet.Write([.. outputs]);
            foreach (string line in written)
            {
                context.Error.WriteLine($"{CommandRunner.ToolName} export: wrote {line}.");
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Refuses a file name without the expected extension.</summary>
    private static void RequireExtension(string? path, string option, string expected)
    {
        if (path is not null && !string.Equals(Path.GetExtension(path), expected, StringComparison.OrdinalIgnoreCase))
        {
            throw new CliException($"{option} '{path}': the file name must end in {expected}.");
        }
    }

    /// <summary>The vocabulary file written beside an .npy: <c>emb.npy</c> → <c>emb.vocab.txt</c>.</summary>
    public static string VocabularyPath(string npyPath) => Path.ChangeExtension(npyPath, ".vocab.txt");

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
