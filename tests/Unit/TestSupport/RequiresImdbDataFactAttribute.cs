using System.Runtime.CompilerServices;

namespace HardmaxCore.UnitTests.TestSupport;

/// <summary>
/// A fact that runs only when the real IMDb archive is present, and otherwise is skipped with a message
/// saying where to put it.
/// </summary>
/// <remarks>
/// The archive is <c>HARDMAX_IMDB</c> when that environment variable is set (a path to the archive or an
/// extracted aclImdb folder); otherwise the first <c>shared/data/aclImdb_labeled.tar.gz</c> or
/// <c>../shared/data/aclImdb_labeled.tar.gz</c> found walking up from the test binaries, the current folder or
/// this source file (the project keeps it at <c>../shared/data/</c> beside the repository).
/// </remarks>
public sealed class RequiresImdbDataFactAttribute : FactAttribute
{
    /// <summary>The environment variable that overrides where the data is.</summary>
    public const string EnvironmentVariable = "HARDMAX_IMDB";

    /// <summary>The archive's file name.</summary>
    public const string FileName = "aclImdb_labeled.tar.gz";

    /// <summary>Skips the test when the data is absent.</summary>
    public RequiresImdbDataFactAttribute()
    {
        if (DataPath is null)
        {
            Skip = $"IMDb data not found at {ExpectedPath}; put {FileName} there (see README) to run this test";
        }
    }

    /// <summary>The data's full path, or null when it is absent.</summary>
    public static string? DataPath => Located.Path;

    /// <summary>Where the data is, or was expected (for the skip message).</summary>
    public static string ExpectedPath => Located.Expected;

    /// <summary>The search result, computed once.</summary>
    private static (string? Path, string Expected) Located { get; } = (Locate(out string expected), expected);

    /// <summary>
    /// Where the upward search starts: the test binaries, the current folder, and this source file's folder
    /// (which finds the repository even when the build output lives elsewhere, e.g. with --artifacts-path).
    /// </summary>
    private static IEnumerable<string> StartFolders([CallerFilePath] string sourceFile = "")
    {
        yield return AppContext.BaseDirectory;
        yield return Directory.GetCurrentDirectory();
        string? sourceFolder = Path.GetDirectoryName(sourceFile);
        if (!string.IsNullOrEmpty(sourceFolder) && Directory.Exists(sourceFolder))
        {
            yield return sourceFolder;
        }
    }

    /// <summary>Finds the data; <paramref name="expected"/> names the place it was found or expected.</summary>
    private static string? Locate(out string expected)
    {
        string? fromEnv = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            expected = Path.GetFullPath(fromEnv);
            return File.Exists(expected) || Directory.Exists(expected) ? expected : null;
        }

        string? repoRoot = null;
        foreach (string start in StartFolders())
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                foreach (string candidate in new[]
                         {
                             Path.Combine(dir.FullName, "shared", "data", FileName),
                             Path.Combine(dir.FullName, "..", "shared", "data", FileName),
                         })
                {
                    if (File.Exists(candidate))
                    {
                        expected = Path.GetFullPath(candidate);
                        return expected;
                    }
                }

                if (repoRoot is null && File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props")))
                {
                    repoRoot = dir.FullName;
                }
            }
        }

        expected = repoRoot is null
            ? Path.Combine("..", "shared", "data", FileName)
            : Path.GetFullPath(Path.Combine(repoRoot, "..", "shared", "data", FileName));
        return null;
    }
}
