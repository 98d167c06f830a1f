using System.CommandLine;
using HardmaxCore.Classifier;
using HardmaxCore.Experiments.Export;

namespace HardmaxCore.Train.Commands;

/// <summary>
/// <c>hardmax export</c> (<see cref="ModelExport"/>): a trained model for other tools. <c>--embeddings emb.npy|emb.csv</c>: the word vectors (a NumPy
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
            var paths = new ExportPaths(p.GetValue(embeddings), p.GetValue(onnx), p.GetValue(weights));
            paths.Validate();
            using LoadedModel exported = LoadedModel.Load(p.GetValue(model)!);
            // Every target is checked before anything is built or written; the files are then written as one set.
            paths.Check(exported);
            (List<(string? Path, Action<Stream> Write)> outputs, List<string> written) = ModelExport.Plan(exported, paths, Provenance.Start(1).Version);
            OutputSet.Write([.. outputs]);
            foreach (string line in written)
            {
                context.Error.WriteLine($"{CommandRunner.ToolName} export: wrote {line}.");
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
