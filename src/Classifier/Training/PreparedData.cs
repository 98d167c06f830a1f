using System.Diagnostics;

namespace HardmaxCore.Classifier;

/// <summary>Reviews loaded, split by protocol, and encoded with a vocabulary (SPEC §3.3, §3.4).</summary>
/// <param name="Split">Train, validation and test reviews.</param>
/// <param name="Vocabulary">The vocabulary (built from the training split, or the model's).</param>
/// <param name="Pipeline">The text pipeline.</param>
/// <param name="Train">Encoded training reviews.</param>
/// <param name="Validation">Encoded validation reviews.</param>
/// <param name="Test">Encoded test reviews.</param>
public sealed record PreparedData(
    DatasetSplit Split, Vocabulary Vocabulary, TextPipeline Pipeline, EncodedReviews Train, EncodedReviews Validation, EncodedReviews Test)
{
    /// <summary>
    /// Added to the run's seed for the <c>--limit</c> subset: the subset's generator must differ from the split's
    /// <see cref="Random"/>(seed), or the reviews picked would be correlated with the split's own shuffle.
    /// </summary>
    private const int SubsetSeedOffset = 7777;

    /// <summary>The default dataset: <c>$HARDMAX_IMDB</c>, else the first <c>shared/data/aclImdb_labeled.tar.gz</c> found from the current folder upwards.</summary>
    public static string DefaultDataPath()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("HARDMAX_IMDB");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }
        for (DirectoryInfo? folder = new(Directory.GetCurrentDirectory()); folder is not null; folder = folder.Parent)
        {
            foreach (string candidate in new[] { Path.Combine(folder.FullName, "shared", "data", "aclImdb_labeled.tar.gz"), Path.Combine(folder.FullName, "..", "shared", "data", "aclImdb_labeled.tar.gz") })
            {
                if (File.Exists(candidate))
                {
                    return Path.GetFullPath(candidate);
                }
            }
        }
        return Path.Combine("..", "shared", "data", "aclImdb_labeled.tar.gz");
    }

    /// <summary>Loads, splits and encodes; builds the vocabulary from the training split unless one is given.</summary>
    /// <remarks>
    /// <paramref name="cancel"/> is looked at while reading (<see cref="ReviewDataset.CancelCheckInterval"/>) and between the
    /// phases after it: the split, the vocabulary and the encoding of each split.
    /// </remarks>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> fired.</exception>
    public static PreparedData Load(
        string dataPath, EvaluationProtocol protocol, double validationFraction, int seed, int? limit,
        TextPipelineOptions text, int minCount, int tokens, Vocabulary? vocabulary, TextWriter log, CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        ReviewLoadResult loaded = ReviewDataset.Load(dataPath, cancel);
        IReadOnlyList<Review> reviews = loaded.Reviews;
        if (loaded.Skipped.Total > 0)
        {
            log.WriteLine(loaded.Skipped.ToString());
        }
        if (limit is int count && count < reviews.Count)
        {
            // A seeded subset, kept in canonical order so the split sees the same order as with all reviews.
            int[] pick = Shuffle.Permutation(reviews.Count, new Random(seed + SubsetSeedOffset));
            Array.Sort(pick, 0, count);
            reviews = pick.Take(count).Select(r => reviews[r]).ToArray();
        }
        DatasetSplit split = DatasetSplit.Create(reviews, protocol, validationFraction, seed);
        PreparedData prepared = Encode(split, text, minCount, tokens, vocabulary, cancel);
        log.WriteLine($"data: {loaded.Format} '{dataPath}', {reviews.Count} reviews; {split.Describe()}; vocabulary {prepared.Vocabulary.Count} words; {clock.Elapsed.TotalSeconds:F1} s");
        return prepared;
    }

    /// <summary>The same reviews and split encoded for another model: its vocabulary, text options and n (to score two models on the same reviews).</summary>
    public PreparedData WithVocabulary(Vocabulary vocabulary, TextPipelineOptions text, int tokens)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        return Encode(this.Split, text, 1, tokens, vocabulary);
    }

    /// <summary>
    /// Encodes an existing split; builds the vocabulary from its training reviews unless one is given. <paramref name="cancel"/>
    /// is looked at before each phase (vocabulary, train, validation, test).
    /// </summary>
    internal static PreparedData Encode(DatasetSplit split, TextPipelineOptions text, int minCount, int tokens, Vocabulary? vocabulary, CancellationToken cancel = default)
    {
        var pipeline = new TextPipeline(text);
        cancel.ThrowIfCancellationRequested();
        Vocabulary words = vocabulary ?? Vocabulary.Build(split.Train, pipeline, new VocabularyOptions { MinCount = minCount });
        EncodedReviews Phase(IReadOnlyList<Review> reviews)
        {
            cancel.ThrowIfCancellationRequested();
            return words.Encode(reviews, pipeline, tokens);
        }
        return new PreparedData(split, words, pipeline, Phase(split.Train), Phase(split.Validation), Phase(split.Test));
    }
}
