using HardmaxCore.Classifier;

namespace HardmaxCore.Experiments.Data;

/// <summary>Where the reviews are: --data, else the path a model recorded, else <c>$HARDMAX_IMDB</c>, else the project's copy.</summary>
internal static class DataPaths
{
    /// <summary>The environment variable naming the data.</summary>
    public const string EnvironmentVariable = "HARDMAX_IMDB";

    /// <summary>
    /// The absolute path of the data to read: <paramref name="given"/> (from --data or a model), else the default; a
    /// missing default gets a message naming --data and <c>$HARDMAX_IMDB</c>.
    /// </summary>
    /// <exception cref="ExperimentException">Nothing was given and there is no data at the default place.</exception>
    public static string Resolve(string? given)
    {
        if (given is not null)
        {
            return Path.GetFullPath(given);
        }
        string fallback = PreparedData.DefaultDataPath();
        if (!File.Exists(fallback) && !Directory.Exists(fallback))
        {
            throw new ExperimentException(
                $"no IMDb reviews found (looked for ${EnvironmentVariable}, then shared/data/aclImdb_labeled.tar.gz above the current folder). " +
                $"Give TrainingOptions.DataPath (the aclImdb .tar.gz, an extracted aclImdb folder, or a CSV with columns review,sentiment) or set ${EnvironmentVariable}; see docs/mathematics.md#data.");
        }
        return Path.GetFullPath(fallback);
    }

    /// <summary>
    /// The data path a model recorded, when it is still there; else <c>$HARDMAX_IMDB</c> when set; null when the model
    /// recorded none.
    /// </summary>
    /// <exception cref="ExperimentException">The recorded data is gone and <c>$HARDMAX_IMDB</c> is not set.</exception>
    public static string? Recorded(string? recorded)
    {
        if (recorded is null || File.Exists(recorded) || Directory.Exists(recorded))
        {
            return recorded;
        }
        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }
        throw new ExperimentException(
            $"the model was trained on the reviews at '{recorded}', which are not there now; give TrainingOptions.DataPath (the same reviews) or set ${EnvironmentVariable}.");
    }
}
