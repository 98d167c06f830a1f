using System.Reflection;
using HardmaxCore.Classifier;
using HardmaxCore.Clustering;
using HardmaxCore.Train.Commands;

namespace HardmaxCore.UnitTests.Options;

/// <summary>
/// Issue 18, "Done when": every options record of every library, given a bad value, throws a clear exception that names
/// the property (<see cref="ArgumentException.ParamName"/> and <c>Record.Property</c> in the message) and no command-line
/// flag; the tool turns the name into its flag.
/// </summary>
public sealed class OptionsValidationTests
{
    /// <summary>Records with nothing a value could get wrong (only booleans).</summary>
    private static readonly Type[] NothingToValidate = [typeof(TextPipelineOptions)];

    /// <summary>Records that do not validate yet (none: every options record validates).</summary>
    private static readonly Type[] NotValidatingYet = [];

    /// <summary>Record, property, and an action that builds the record with a bad value for it (and validates it).</summary>
    public static TheoryData<string, string, Action> BadValues() => new()
    {
        { nameof(DynamicsOptions), nameof(DynamicsOptions.Alpha), () => _ = new DynamicsOptions { Alpha = 0 } },
        { nameof(DynamicsOptions), nameof(DynamicsOptions.Alpha), () => _ = DynamicsOptions.Default with { Alpha = double.NaN } },
        { nameof(DynamicsOptions), nameof(DynamicsOptions.Temperature), () => _ = new DynamicsOptions { Temperature = -1e-3 } },
        { nameof(DynamicsOptions), nameof(DynamicsOptions.TieTolerance), () => _ = new DynamicsOptions { TieTolerance = -1 } },
        { nameof(DynamicsOptions), nameof(DynamicsOptions.Variant), () => _ = new DynamicsOptions { Variant = (KernelVariant)99 } },
        { nameof(IdentityAttentionOptions), nameof(IdentityAttentionOptions.Beta), () => _ = new IdentityAttentionOptions { Beta = 0 } },
        { nameof(IdentityAttentionOptions), nameof(IdentityAttentionOptions.Kernel), () => _ = new IdentityAttentionOptions { Kernel = (IdentityKernel)9 } },
        { nameof(IdentityAttentionOptions), nameof(IdentityAttentionOptions.Variant), () => _ = new IdentityAttentionOptions { Variant = (KernelVariant)99 } },

        { nameof(TrainingOptions), nameof(TrainingOptions.Architecture), () => _ = new TrainingOptions { Architecture = (ClassifierArchitecture)7 } },
        { nameof(TrainingOptions), nameof(TrainingOptions.Protocol), () => _ = new TrainingOptions { Protocol = (EvaluationProtocol)7 } },
        { nameof(TrainingOptions), nameof(TrainingOptions.Dimension), () => _ = new TrainingOptions { Dimension = 0 } },
        { nameof(TrainingOptions), nameof(TrainingOptions.Layers), () => _ = new TrainingOptions { Layers = -1 } },
        { nameof(TrainingOptions), nameof(TrainingOptions.Tokens), () => _ = new TrainingOptions { Tokens = 0 } },
        { nameof(TrainingOptions), nameof(TrainingOptions.Temperature), () => _ = new TrainingOptions { Temperature = 0 } },
        { nameof(TrainingOptions), nameof(TrainingOptions.Epochs), () => _ = new TrainingOptions { Epochs = 0 } },
        { nameof(TrainingOptions), nameof(TrainingOptions.ValidationFraction), () => _ = new TrainingOptions { ValidationFraction = 1 } },
        { nameof(TrainingOptions), nameof(TrainingOptions.LearningRate), () => _ = new TrainingOptions { LearningRate = -2e-3 } },
        { nameof(TrainingOptions), nameof(TrainingOptions.BatchSize), () => _ = new TrainingOptions { BatchSize = 0 } },
        { nameof(TrainingOptions), nameof(TrainingOptions.BatchSize), () => _ = new TrainingOptions() with { BatchSize = -64 } },
        { nameof(TrainingOptions), nameof(TrainingOptions.MinCount), () => _ = new TrainingOptions { MinCount = 0 } },
        { nameof(TrainingOptions), nameof(TrainingOptions.Limit), () => _ = new TrainingOptions { Limit = 0 } },
        { nameof(TrainingOptions), nameof(TrainingOptions.ClipNorm), () => _ = new TrainingOptions { ClipNorm = double.PositiveInfinity } },
        { nameof(TrainingOptions), nameof(TrainingOptions.InitialAlpha), () => _ = new TrainingOptions { InitialAlpha = -0.5 } },
        { nameof(TrainingOptions), nameof(TrainingOptions.Optimizer), () => _ = new TrainingOptions { Optimizer = (OptimizerKind)7 } },
        { nameof(BootstrapOptions), nameof(BootstrapOptions.Resamples), () => _ = new BootstrapOptions { Resamples = 10 } },
        { nameof(EvaluationDataOptions), nameof(EvaluationDataOptions.DataPath), () => _ = new EvaluationDataOptions { DataPath = " " } },
        { nameof(EvaluationDataOptions), nameof(EvaluationDataOptions.Protocol), () => _ = new EvaluationDataOptions { Protocol = (EvaluationProtocol)7 } },
        { nameof(BootstrapOptions), nameof(BootstrapOptions.Confidence), () => _ = new BootstrapOptions { Confidence = 1 } },
        { nameof(VocabularyOptions), nameof(VocabularyOptions.MinCount), () => _ = new VocabularyOptions { MinCount = 0 } },
        { nameof(VocabularyOptions), nameof(VocabularyOptions.MaxSize), () => _ = new VocabularyOptions { MaxSize = 1 } },

        { nameof(KMeansOptions), nameof(KMeansOptions.Clusters), () => new KMeansOptions { Clusters = 0 }.Validate() },
        { nameof(KMeansOptions), nameof(KMeansOptions.Restarts), () => new KMeansOptions { Restarts = 0 }.Validate() },
        { nameof(KMeansOptions), nameof(KMeansOptions.MaxIterations), () => new KMeansOptions { MaxIterations = 0 }.Validate() },
        { nameof(KMeansOptions), nameof(KMeansOptions.Tolerance), () => new KMeansOptions { Tolerance = double.NaN }.Validate() },
        { nameof(BetaPathOptions), nameof(BetaPathOptions.Points), () => new BetaPathOptions { Points = 1 }.Validate() },
        { nameof(BetaPathOptions), nameof(BetaPathOptions.Span), () => new BetaPathOptions { Span = 1 }.Validate() },
        { nameof(ClusterCountOptions), nameof(ClusterCountOptions.MinClusters), () => new ClusterCountOptions { MinClusters = 1 }.Validate() },
        { nameof(ClusterCountOptions), nameof(ClusterCountOptions.MaxClusters), () => new ClusterCountOptions { MinClusters = 5, MaxClusters = 4 }.Validate() },
        { nameof(ClusterCountOptions), nameof(ClusterCountOptions.SampleSize), () => new ClusterCountOptions { SampleSize = 2 }.Validate() },
        { nameof(PrototypeHeadsOptions), nameof(PrototypeHeadsOptions.Heads), () => new PrototypeHeadsOptions { Heads = 0 }.Validate() },
        { nameof(PrototypeHeadsOptions), nameof(PrototypeHeadsOptions.Lambda), () => new PrototypeHeadsOptions { Lambda = 0 }.Validate() },
        { nameof(PrototypeHeadsOptions), nameof(PrototypeHeadsOptions.Steps), () => new PrototypeHeadsOptions { Steps = -1 }.Validate() },
        { nameof(PrototypeHeadsOptions), nameof(PrototypeHeadsOptions.BatchSize), () => new PrototypeHeadsOptions { BatchSize = 0 }.Validate() },
        { nameof(PrototypeHeadsOptions), nameof(PrototypeHeadsOptions.LearningRate), () => new PrototypeHeadsOptions { LearningRate = -1 }.Validate() },
        { nameof(PrototypeHeadsOptions), nameof(PrototypeHeadsOptions.InitScale), () => new PrototypeHeadsOptions { InitScale = double.NaN }.Validate() },
        { nameof(PrototypeHeadsOptions), nameof(PrototypeHeadsOptions.LogEvery), () => new PrototypeHeadsOptions { LogEvery = -1 }.Validate() },
        { nameof(PrototypeHeadsOptions), nameof(PrototypeHeadsOptions.Initialization), () => new PrototypeHeadsOptions { Initialization = (HeadsInitialization)99 }.Validate() },
        { nameof(QuantizerOptions), nameof(QuantizerOptions.Beta), () => new QuantizerOptions { Beta = -1 }.Validate() },
        { nameof(QuantizerOptions), nameof(QuantizerOptions.Layers), () => new QuantizerOptions { Layers = -1 }.Validate() },
        { nameof(QuantizerOptions), nameof(QuantizerOptions.MaxLayers), () => new QuantizerOptions { MaxLayers = 0 }.Validate() },
        { nameof(QuantizerOptions), nameof(QuantizerOptions.Tolerance), () => new QuantizerOptions { Tolerance = 0 }.Validate() },
        { nameof(QuantizerOptions), nameof(QuantizerOptions.MaxDegreeOfParallelism), () => new QuantizerOptions { MaxDegreeOfParallelism = -1 }.Validate() },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void Options_BadValue_ThrowsNamingTheProperty(string record, string property, Action create)
    {
        ArgumentException e = Assert.ThrowsAny<ArgumentException>(create);

        Assert.Equal(property, e.ParamName);
        Assert.Contains($"{record}.{property}", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("--", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_Defaults_AreValid()
    {
        _ = new TrainingOptions();
        _ = DynamicsOptions.Default;
        _ = IdentityAttentionOptions.Default;
        _ = new BootstrapOptions();
        _ = new VocabularyOptions();
        new BetaPathOptions().Validate();
        new ClusterCountOptions().Validate();
        new PrototypeHeadsOptions().Validate();
        new QuantizerOptions().Validate();
    }

    [Fact]
    public void Options_EveryPublicOptionsRecord_IsCovered()
    {
        // Every public *Options type of the four libraries has a bad-value case above, or is listed as having nothing to
        // check or as not validating yet; a new record without validation fails here.
        HashSet<string> covered = BadValues().Select(row => (string)row[0]).ToHashSet(StringComparer.Ordinal);
        Assembly[] libraries = [typeof(Dynamics<>).Assembly, typeof(HardmaxCore.Reference.ReferenceDynamics).Assembly, typeof(TrainingOptions).Assembly, typeof(KMeansOptions).Assembly];
        string[] missing = libraries
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => t.Name.EndsWith("Options", StringComparison.Ordinal))
            .Where(t => !covered.Contains(t.Name) && !NothingToValidate.Contains(t) && !NotValidatingYet.Contains(t))
            .Select(t => t.FullName!)
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Empty(missing);
    }

    [Fact]
    public void Options_TrainingOptions_EveryPropertyHasAFlag()
    {
        // train binds every TrainingOptions property, so the tool's table must name a flag for each.
        string[] unmapped = typeof(TrainingOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .Select(p => $"{nameof(TrainingOptions)}.{p.Name}")
            .Where(name => !FlagNames.Table.ContainsKey(name))
            .ToArray();

        Assert.Empty(unmapped);
    }

    [Fact]
    public void FlagNames_Table_NamesOnlyFlagsTheToolHas()
    {
        HashSet<string> flags = HardmaxCore.Train.Program.CreateRootCommand().Subcommands
            .SelectMany(c => c.Options)
            .SelectMany(o => o.Aliases.Prepend(o.Name))
            .ToHashSet(StringComparer.Ordinal);

        Assert.All(FlagNames.Table.Values, flag => Assert.Contains(flag.Split(' ')[0], flags));
    }

    [Fact]
    public void FlagNames_Describe_LibraryMessage_ReadsAsTheFlag()
    {
        ArgumentException e = Assert.ThrowsAny<ArgumentException>(() => _ = new TrainingOptions { BatchSize = 0 });

        Assert.Equal("--batch must be between 1 and 1048576 (found 0).", CommandRunner.Describe(e));
        Assert.Equal("Use --protocol paper, or lower --lr (now 0.002).",
            FlagNames.Rewrite("Use EvaluationProtocol.Paper, or lower TrainingOptions.LearningRate (now 0.002)."));
        // A name the tool does not bind, or a longer dotted name, stays as it is.
        Assert.Equal("System.Math.Exp and SweepPlan.Runs and TrainingOptions.Seed()",
            FlagNames.Rewrite("System.Math.Exp and SweepPlan.Runs and TrainingOptions.Seed()"));
    }

    [Fact]
    public void Train_BadValue_TheUserReadsTheFlag()
    {
        string folder = Path.Combine(Path.GetTempPath(), "hm-opts-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string csv = Path.Combine(folder, "r.csv");
            File.WriteAllText(csv, "review,sentiment\ngood film,positive\nbad film,negative\n");
            var result = Cli.CliHarness.Run("train", "--data", csv, "--val-fraction", "1", "--out", Path.Combine(folder, "run"));

            Assert.Equal(2, result.ExitCode);
            Assert.Equal("hardmax train: error: --val-fraction must be above 0 and below 1 (found 1). Try 0.1.", Assert.Single(result.ErrorLines));
            Assert.False(Directory.Exists(Path.Combine(folder, "run")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
