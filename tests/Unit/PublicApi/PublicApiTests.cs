using System.Reflection;
using HardmaxCore.Classifier;
using HardmaxCore.Clustering;
using HardmaxCore.UnitTests.TestSupport;
using PublicApiGenerator;

namespace HardmaxCore.UnitTests.PublicApi;

/// <summary>
/// The public surface of each package, written to <c>docs/api/&lt;Package&gt;.txt</c> (Sep's README-API test), so that
/// a change to it shows in review. The test fails when an assembly's public API differs from its file; run it with
/// <c>HARDMAX_UPDATE_API=1</c> to rewrite the files, then review and commit them.
/// </summary>
public sealed class PublicApiTests
{
    /// <summary>The environment variable that makes the test rewrite the files instead of comparing.</summary>
    public const string UpdateVariable = "HARDMAX_UPDATE_API";

    public static TheoryData<string> Packages() => new()
    {
        typeof(Dynamics<>).Assembly.GetName().Name!,
        typeof(HardmaxCore.Reference.ReferenceDynamics).Assembly.GetName().Name!,
        typeof(SentimentClassifier).Assembly.GetName().Name!,
        typeof(KMeansOptions).Assembly.GetName().Name!,
    };

    [Theory]
    [MemberData(nameof(Packages))]
    public void PublicApi_OfEachPackage_IsTheCommittedListing(string package)
    {
        Assembly assembly = Assembly.Load(package);
        string api = Listing(assembly);
        string file = Path.Combine(Repository.Root(), "docs", "api", package + ".txt");

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(file, api);
            return;
        }
        Assert.True(File.Exists(file), $"{file} is missing; run the tests with {UpdateVariable}=1 to write it.");
        string committed = File.ReadAllText(file).ReplaceLineEndings("\n");
        Assert.True(committed == api,
            $"The public API of {package} differs from {file}; if the change is intended, run the tests with {UpdateVariable}=1 and commit the file. " +
            $"First difference at line {FirstDifference(committed, api)}.");
    }

    /// <summary>The public API as C# declarations, without attributes that only say how it was compiled.</summary>
    private static string Listing(Assembly assembly) => assembly.GeneratePublicApi(new ApiGeneratorOptions
    {
        IncludeAssemblyAttributes = false,
        ExcludeAttributes = ["System.Runtime.CompilerServices.InternalsVisibleToAttribute", "System.Reflection.AssemblyMetadataAttribute"],
    }).ReplaceLineEndings("\n");

    private static int FirstDifference(string a, string b)
    {
        string[] x = a.Split('\n');
        string[] y = b.Split('\n');
        int line = 0;
        while (line < x.Length && line < y.Length && x[line] == y[line])
        {
            line++;
        }
        return line + 1;
    }
}
