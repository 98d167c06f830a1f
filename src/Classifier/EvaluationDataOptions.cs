namespace HardmaxCore.Classifier;

/// <summary>
/// Which reviews a trained model is evaluated on (<see cref="ModelEvaluationData.Load(SentimentClassifier, EvaluationDataOptions, TextWriter?)"/>).
/// Every property left unset means "as the model was trained" (its data, protocol, seed and subset), so the test part is
/// the one the model was trained beside.
/// </summary>
public sealed record EvaluationDataOptions
{
    /// <summary>The reviews to read (archive, aclImdb folder or CSV); null for those the model was trained on; not blank.</summary>
    public string? DataPath
    {
        get;
        init => field = value is null || !string.IsNullOrWhiteSpace(value) ? value : Throw.OutOfRange(nameof(EvaluationDataOptions), nameof(this.DataPath), value, "a path or null", "Leave it unset for the model's own data.");
    }

    /// <summary>The protocol of the split; null for the model's.</summary>
    public EvaluationProtocol? Protocol
    {
        get;
        init => field = value is EvaluationProtocol protocol ? Throw.Defined(protocol, nameof(EvaluationDataOptions), nameof(this.Protocol)) : null;
    }

    /// <summary>The seed of the split; null for the model's.</summary>
    public int? Seed { get; init; }

    /// <summary>
    /// Whether a split other than the model's, on the data it was trained on, is allowed (default false). Such a split's
    /// test part holds reviews the model trained on, so its accuracy is not a test accuracy; it is refused unless this is set.
    /// </summary>
    public bool AllowOverlap { get; init; }
}
