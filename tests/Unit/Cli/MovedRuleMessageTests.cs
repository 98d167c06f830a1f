namespace HardmaxCore.UnitTests.Cli;

/// <summary>
/// The rules between options that moved from the tool into the experiments' request records (issue 18: ClusteringSettings,
/// SimulationRequest, ExportPaths, ReviewList, OutputFiles, FigureOverrides, WorkLimit, ClusterBenchSettings.ParseSizes):
/// their messages name properties, and the user still reads, byte for byte, the line the tool printed when it held the
/// rules itself, with the flags they typed (<c>FlagNames</c>).
/// </summary>
public sealed class MovedRuleMessageTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => this._directory.Dispose();

    /// <summary>Command lines ({dir} is a fresh folder) and the whole error line each prints.</summary>
    public static TheoryData<string[], string> Rules => new()
    {
        // cluster (ClusteringSettings)
        { ["cluster", "--gmm", "2,2,100,4", "--layers", "3", "--until-converged"],
            "hardmax cluster: error: --layers and --until-converged exclude each other; give one (without --layers it runs until converged)." },
        { ["cluster", "--gmm", "2,2,100,4", "--layers", "3", "--tol", "0.1"],
            "hardmax cluster: error: --max-layers and --tol apply only when running until converged: drop --layers or drop them." },
        { ["cluster"], "hardmax cluster: error: give the points with --input points.csv or --gmm K,d,n,separation[,seed]." },
        { ["cluster", "--gmm", "2,2,100,4", "--input", "{dir}/p.csv"], "hardmax cluster: error: --input and --gmm exclude each other; give one." },
        { ["cluster", "--gmm", "2,2,100,4", "--method", "kmeans", "--outputs", "{dir}/o.csv"],
            "hardmax cluster: error: --outputs writes the quantizer's outputs: add --method quantize or all, or drop --outputs." },
        { ["cluster", "--gmm", "2,2,100,4", "--beta-path-plot", "{dir}/p.png"], "hardmax cluster: error: --beta-path-plot draws the β path: add --beta-path path.json." },
        { ["cluster", "--gmm", "2,2,100,4", "--plot", "{dir}/p.bmp"],
            "hardmax cluster: error: --plot '{dir}/p.bmp': figures are written as .png, .svg or .pdf (chosen by the extension); '.bmp' is not one of them." },
        { ["cluster", "--gmm", "2,2,100,4", "--beta-path", "{dir}/b.json", "--beta-path-plot", "{dir}/b.gif"],
            "hardmax cluster: error: --beta-path-plot '{dir}/b.gif': figures are written as .png, .svg or .pdf (chosen by the extension); '.gif' is not one of them." },
        { ["cluster", "--gmm", "2,2,100,4", "--out", "{dir}/r.json", "--assignments", "{dir}/r.json"],
            "hardmax cluster: error: --assignments '{dir}/r.json' is also the file of --out; give each output its own path." },
        { ["cluster", "--gmm", "2,2,100,4", "--save", "{dir}/missing/m.json"],
            "hardmax cluster: error: --save '{dir}/missing/m.json': the folder '{dir}/missing' does not exist." },
        { ["cluster", "--gmm", "2,2,100,4", "--clusters", "0"],
            "hardmax cluster: error: --clusters expects auto or a whole number ≥ 1 (found '0'). Run 'hardmax cluster --help' for usage." },
        { ["cluster", "--gmm", "2,2,100,4", "--beta", "x"],
            "hardmax cluster: error: --beta expects auto or a finite number > 0 (found 'x'). Run 'hardmax cluster --help' for usage." },

        // simulate (SimulationRequest, FigureOverrides)
        { ["simulate", "--example", "square", "--steps", "3", "--until-converged"],
            "hardmax simulate: error: --steps and --until-converged exclude each other; give one (without --steps it runs until converged)." },
        { ["simulate", "--example", "square", "--steps", "3", "--max-steps", "10"],
            "hardmax simulate: error: --max-steps applies only when running until converged; drop it or drop --steps." },
        { ["simulate"], "hardmax simulate: error: give the configuration with --input FILE.json or --example square|square-nonleader|triangle|emerging." },
        { ["simulate", "--example", "square", "--input", "{dir}/c.json"], "hardmax simulate: error: --input and --example exclude each other; give one." },
        { ["simulate", "--figure2"],
            "hardmax simulate: error: --figure2 draws the four built-in examples: give only --out FILE.png, FILE.svg or FILE.pdf (no --input, --example or --plot)." },
        { ["simulate", "--figure2", "--out", "{dir}/f.bmp"],
            "hardmax simulate: error: --out '{dir}/f.bmp': figures are written as .png, .svg or .pdf (chosen by the extension); '.bmp' is not one of them." },
        { ["simulate", "--example", "square", "--plot", "{dir}/missing/p.png"],
            "hardmax simulate: error: --plot '{dir}/missing/p.png': the folder '{dir}/missing' does not exist." },
        { ["simulate", "--example", "square", "--plot", "{dir}/p.png", "--scale", "2", "--dpi", "300"],
            "hardmax simulate: error: give --scale or --dpi, not both (--scale S is --dpi 96·S)." },

        // bench (ClusterBenchSettings.ParseSizes, WorkLimit)
        { ["bench", "--cluster", "--sizes", "1000,x"],
            "hardmax bench: error: --sizes expects whole numbers from 4 to 1,000,000 separated by commas, e.g. 1000,10000 (found '1000,x'). Run 'hardmax bench --help' for usage." },
        { ["bench", "--batch", "100", "--tokens", "1000", "--layers", "10000"],
            "hardmax bench: error: this bench would take about 4.8e13 operations (each of the 3 measurements runs at least one call of batch × layers × n²·d), above the work budget of 1e12 (minutes on a few cores); lower --batch, --tokens or --layers, or give --allow-long to run it anyway." },

        // export (ExportPaths), before the model is read
        { ["export", "--model", "{dir}/m.bin"],
            "hardmax export: error: say what to write: --embeddings FILE.npy|FILE.csv, --onnx FILE.onnx and/or --weights FILE.safetensors." },
        { ["export", "--model", "{dir}/m.bin", "--embeddings", "{dir}/e.txt"],
            "hardmax export: error: --embeddings '{dir}/e.txt': write .npy (NumPy, with a .vocab.txt beside it) or .csv; '.txt' is neither." },
        { ["export", "--model", "{dir}/m.bin", "--weights", "{dir}/w.bin"], "hardmax export: error: --weights '{dir}/w.bin': the file name must end in .safetensors." },

        // predict (ReviewList), before the model is read
        { ["predict", "--model", "{dir}/m.bin"],
            "hardmax predict: error: give the review text as an argument (in quotes) or --file FILE with one review per line ('-' for standard input)." },
        { ["predict", "--model", "{dir}/m.bin", "good", " "], "hardmax predict: error: the review text is empty (review 2 of 2)." },
        { ["predict", "--model", "{dir}/m.bin", "--file", "{dir}/empty.txt"], "hardmax predict: error: --file '{dir}/empty.txt' is empty: no review to classify." },
        { ["predict", "--model", "{dir}/m.bin", "--file", "{dir}"],
            "hardmax predict: error: '{dir}' is a folder, not a regular file; hardmax reads a review list (--file) only from a regular file (copy the data into one first)." },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void MovedRule_BrokenRule_PrintsTheSameLineWithTheFlags(string[] args, string expected)
    {
        File.WriteAllText(Path.Combine(this._directory.Path, "empty.txt"), "");
        string dir = this._directory.Path;

        CliResult result = CliHarness.Run([.. args.Select(a => a.Replace("{dir}", dir, StringComparison.Ordinal))]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Equal(expected.Replace("{dir}", dir, StringComparison.Ordinal), Assert.Single(result.ErrorLines));
    }
}
