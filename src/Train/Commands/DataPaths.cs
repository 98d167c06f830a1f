using HardmaxCore.Classifier;

namespace HardmaxCore.Train.Commands;

/// <summary>Where the reviews are: --data, else the path a model recorded, else <c>$HARDMAX_IMDB</c>, else the project's copy.</summary>
internal static class DataPaths
{
    /// <summary>The environment variable naming the data.</summary>
    public const string EnvironmentVariable = "HARDMAX_IMDB";

    /// <summary>
    /// The absolute path of the data to read: <paramref name="given"/> (from --data or a model), else the default; a
    /// missing default gets a message naming --data and <c>$HARDMAX_IMDB</c>.
    /// </summary>
    /// <exception cref="CliException">Nothing was given and there is no data at the default place.</exception>
    public static string Resolve(string? given)
    {
        if (given is not null)
        {
            return Path.GetFullPath(given);
        }
        string fallback = PreparedData.DefaultDataPath();
        if (!File.Exists(fallback) && !Directory.Exists(fallback))
        {
            throw new CliException(
                $"no IMDb reviews found (looked for ${EnvironmentVariable}, then shared/data/aclImdb_labeled.tar.gz above the current folder). " +
                $"Give --data PATH (the aclImdb .tar.gz, an extracted aclImdb folder, or a CSV with columns review,sentiment) or set ${EnvironmentVariable}; see docs/mathematics.md#data.");
        }
        return Path.GetFullPath(fallback);
    }
}
