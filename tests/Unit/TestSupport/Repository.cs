namespace HardmaxCore.UnitTests.TestSupport;

/// <summary>The repository the tests were built from: its root folder (the one holding HardmaxCore.sln) and files in it.</summary>
internal static class Repository
{
    /// <summary>The first folder above the test binaries that holds HardmaxCore.sln.</summary>
    public static string Root()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "HardmaxCore.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"No HardmaxCore.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>The text of a file of the repository, <paramref name="path"/> relative to the root, with \n line ends.</summary>
    public static string ReadText(string path) => File.ReadAllText(Path.Combine(Root(), path)).ReplaceLineEndings("\n");
}
