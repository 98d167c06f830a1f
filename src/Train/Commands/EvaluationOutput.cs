using System.CommandLine;

namespace HardmaxCore.Train.Commands;

/// <summary>The options <c>evaluate</c> and <c>compare</c> share (the work is <see cref="EvaluationFiles"/>').</summary>
internal static class EvaluationOutput
{
    /// <summary>The --split option: test (default), validation, train, or all (every review of the data, e.g. an external file).</summary>
    public static Option<string> SplitOption()
    {
        var split = new Option<string>("--split")
        {
            Description = "Which part to score: test, validation, train, or all (every review of the data, e.g. of an external labelled file).",
            DefaultValueFactory = _ => EvaluationFiles.Parts[0],
        };
        split.AcceptOnlyFromAmong([.. EvaluationFiles.Parts]);
        return split;
    }

    /// <summary>The --predictions option.</summary>
    public static Option<string> PredictionsOption() => new("--predictions")
    {
        Description = "Also write one CSV row per review: id,label,probability,prediction (a hardmax model adds its hardmax-layer columns).",
        HelpName = "FILE.csv",
    };
}
