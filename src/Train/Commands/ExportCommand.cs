using System.Buffers.Binary;
using System.CommandLine;
using System.Globalization;
using System.Text;
using HardmaxCore.Classifier;

namespace HardmaxCore.Train.Commands;

/// <summary>
/// <c>hardmax export</c>: a trained model's word vectors for other tools. <c>emb.npy</c> is a NumPy array of shape
/// (V, d), little-endian float32, with the words in <c>emb.vocab.txt</c> (one per line, row order); <c>emb.csv</c> has a
/// header <c>word,e0,…,e{d−1}</c> and one row per word.
/// </summary>
/// <remarks>
/// <code>hardmax export --model runs/NAME --embeddings emb.npy|emb.csv</code>
/// In Python: <c>E = numpy.load("emb.npy"); words = open("emb.vocab.txt").read().split("\n")[:-1]</c>, or
/// <c>pandas.read_csv("emb.csv", index_col="word", keep_default_na=False)</c>.
/// </remarks>
internal static class ExportCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = EvaluateCommand.ModelOption();
        var embeddings = new Option<string>("--embeddings")
        {
            Description = "Where to write the word vectors: .npy (with FILE.vocab.txt beside it) or .csv.",
            HelpName = "FILE.npy|FILE.csv",
            Required = true,
        };
        var command = new Command("export", "Write a model's word vectors (vocabulary and embedding) as .npy or .csv for Python and other tools.") { model, embeddings };
        command.SetAction(parseResult => CommandRunner.Execute(parseResult, context =>
        {
            ParseResult p = context.ParseResult;
            string path = p.GetValue(embeddings)!;
            string extension = Path.GetExtension(path).ToLowerInvariant();
            if (extension is not (".npy" or ".csv"))
            {
                throw new CliException($"--embeddings '{path}': write .npy (NumPy, with a .vocab.txt beside it) or .csv; '{(extension.Length == 0 ? "no extension" : extension)}' is neither.");
            }
            OutputSet.Check((path, "--embeddings"), (extension == ".npy" ? VocabularyPath(path) : null, "--embeddings (its .vocab.txt)"));
            (ClassifierModel classifier, _) = InterpretabilityOptions.LoadModel(p.GetValue(model)!);
            IReadOnlyList<string> words = classifier.Vocabulary.Words;
            int d = classifier.Settings.Dimension;
            float[] vectors = classifier.Parameters.Embedding;
            if (extension == ".npy")
            {
                string vocabulary = VocabularyPath(path);
                OutputSet.Write((path, Npy(vectors, words.Count, d)), (vocabulary, Encoding.UTF8.GetBytes(string.Concat(words.Select(w => w + "\n")))));
                context.Error.WriteLine($"{CommandRunner.ToolName} export: wrote {path} ({words.Count} × {d} float32) and {vocabulary}.");
            }
            else
            {
                AtomicFile.WriteAllBytes(path, Encoding.UTF8.GetBytes(Csv(vectors, words, d)));
                context.Error.WriteLine($"{CommandRunner.ToolName} export: wrote {path} ({words.Count} words × {d} numbers).");
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The vocabulary file written beside an .npy: <c>emb.npy</c> → <c>emb.vocab.txt</c>.</summary>
    public static string VocabularyPath(string npyPath) => Path.ChangeExtension(npyPath, ".vocab.txt");

    /// <summary>
    /// A NumPy .npy file (format 1.0) of a C-order float32 array of shape (rows, columns): the magic <c>\x93NUMPY</c>,
    /// version 1.0, a little-endian uint16 header length, the header dictionary padded with spaces and a newline so the
    /// data starts at a multiple of 64 bytes, then the values little-endian.
    /// </summary>
    public static byte[] Npy(ReadOnlySpan<float> values, int rows, int columns)
    {
        if (values.Length != (long)rows * columns)
        {
            throw new ArgumentException($"{values.Length} values do not make a {rows} × {columns} array.", nameof(values));
        }
        string dictionary = string.Create(CultureInfo.InvariantCulture, $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({rows}, {columns}), }}");
        int unpadded = 6 + 2 + 2 + dictionary.Length + 1;
        int padding = (64 - unpadded % 64) % 64;
        string header = dictionary + new string(' ', padding) + "\n";
        using var stream = new MemoryStream();
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(length, checked((ushort)header.Length));
        stream.Write(length);
        stream.Write(Encoding.ASCII.GetBytes(header));
        Span<byte> value = stackalloc byte[4];
        foreach (float x in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(value, x);
            stream.Write(value);
        }
        return stream.ToArray();
    }

    /// <summary>The vectors as CSV: <c>word,e0,…</c>, then one row per word, numbers round-trip exact.</summary>
    public static string Csv(ReadOnlySpan<float> vectors, IReadOnlyList<string> words, int d)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        var text = new StringBuilder("word");
        for (int l = 0; l < d; l++)
        {
            text.Append(c, $",e{l}");
        }
        text.Append('\n');
        for (int w = 0; w < words.Count; w++)
        {
            // Words are letters only (or <pad>, <unk>), so no quoting is needed; quote defensively anyway.
            string word = words[w].IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + words[w].Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : words[w];
            text.Append(word);
            for (int l = 0; l < d; l++)
            {
                text.Append(',').Append(vectors[w * d + l].ToString("R", c));
            }
            text.Append('\n');
        }
        return text.ToString();
    }
}
