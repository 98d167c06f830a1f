using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using HardmaxCore.UnitTests.Readme;
using HardmaxCore.UnitTests.TestSupport;
using HardmaxCore.UnitTests.Training;

namespace HardmaxCore.UnitTests.Packaging;

/// <summary>
/// What README.md promises about packages (issue 8, point 8): <c>dotnet pack</c> makes the three libraries and the
/// <c>hardmax</c> .NET tool; the tool installs from the local feed and runs; a console project referencing the packages
/// compiles and runs the README's library example. Offline: the feed and the machine's NuGet cache are the only
/// sources, and packages are extracted into a temporary folder, not the user's cache.
/// </summary>
[Trait("Category", "Packaging")]
public sealed class PackagingTests : IDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(4);

    private readonly TemporaryFolder _folder = new();

    public void Dispose() => this._folder.Dispose();

    [Fact]
    public void Pack_ToolAndLibraries_InstallAndRunFromTheLocalFeed()
    {
        string root = Repository.Root();
        string configuration = typeof(PackagingTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        string version = typeof(Dynamics<float>).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        string feed = Path.Combine(this._folder.Path, "feed");
        string packages = Path.Combine(this._folder.Path, "packages");
        string config = Path.Combine(this._folder.Path, "nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="feed" value="{feed}" />
                <add key="cache" value="{MachinePackageCache()}" />
              </packageSources>
            </configuration>
            """);

        // The libraries and the tool, from the build this test runs in (same configuration).
        this.Run(root, "pack", Path.Combine(root, "HardmaxCore.sln"), "-c", configuration, "--no-build", "-o", feed);
        string[] packed = Directory.GetFiles(feed).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
        foreach (string id in new[] { "HardmaxCore", "HardmaxCore.Reference", "HardmaxCore.Classifier", "HardmaxCore.Clustering", "hardmax" })
        {
            Assert.Contains($"{id}.{version}.nupkg", packed);
            Assert.Contains($"{id}.{version}.snupkg", packed);
        }
        Assert.Equal(10, packed.Length); // nothing else is packable (Benchmarking, tests, bench)

        // The tool: installed from the feed into a tool path, then `hardmax simulate --example square`.
        string tools = Path.Combine(this._folder.Path, "tools");
        this.Run(this._folder.Path, "tool", "install", "hardmax", "--tool-path", tools, "--version", version, "--configfile", config);
        string square = this.Run(this._folder.Path, Path.Combine(tools, OperatingSystem.IsWindows() ? "hardmax.exe" : "hardmax"), "simulate", "--example", "square");
        int[] leaders = JsonNode.Parse(square)!["leaders"]!.AsArray().Select(l => l!.GetValue<int>()).ToArray();
        Assert.Equal([0, 1, 2, 3], leaders);

        // A throwaway console project on the packages runs each README example and prints what the README shows.
        this.RunFromPackages("app", ReadmeExample.Code, ReadmeExample.ExpectedOutput, ReadmeExample.Packages, version, packages, config);
        // The library came from the feed, not from a project reference.
        Assert.True(Directory.Exists(Path.Combine(packages, "hardmaxcore.classifier", version)));
        if (ClusteringReadmeExample.Present)
        {
            this.RunFromPackages("clustering", ClusteringReadmeExample.Code, ClusteringReadmeExample.ExpectedOutput, ClusteringReadmeExample.Packages, version, packages, config);
            Assert.True(Directory.Exists(Path.Combine(packages, "hardmaxcore.clustering", version)));
        }
    }

    /// <summary>Builds a console project of <paramref name="code"/> on <paramref name="packageIds"/> from the feed, runs it, compares its output.</summary>
    private void RunFromPackages(string name, string code, string expected, string[] packageIds, string version, string packages, string config)
    {
        string app = Path.Combine(this._folder.Path, name);
        Directory.CreateDirectory(app);
        string references = string.Join("\n", packageIds.Select(id => $"""    <PackageReference Include="{id}" Version="{version}" />"""));
        File.WriteAllText(Path.Combine(app, "app.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <RestorePackagesPath>{packages}</RestorePackagesPath>
                <RestoreConfigFile>{config}</RestoreConfigFile>
              </PropertyGroup>
              <ItemGroup>
            {references}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), code);
        this.Run(app, "build", "-c", "Release", "-o", Path.Combine(app, "out"));
        string printed = this.Run(app, "exec", Path.Combine(app, "out", "app.dll"));
        Assert.Equal(expected.ReplaceLineEndings("\n").TrimEnd(), printed.ReplaceLineEndings("\n").TrimEnd());
    }

    /// <summary>Runs <c>dotnet</c> (or another program) in <paramref name="folder"/>; returns stdout, fails with both streams on a non-zero exit.</summary>
    private string Run(string folder, string program, params string[] arguments)
    {
        bool dotnet = !Path.IsPathRooted(program);
        var start = new ProcessStartInfo(dotnet ? "dotnet" : program)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (dotnet)
        {
            start.ArgumentList.Add(program);
        }
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // Variables the test host inherits from `dotnet test` would point a child MSBuild at the outer build.
        foreach (string key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToArray())
        {
            start.Environment.Remove(key);
        }
        if (folder.StartsWith(this._folder.Path, StringComparison.Ordinal))
        {
            // Restores and tool installs outside the repository extract into the temporary folder, not the machine's cache.
            start.Environment["NUGET_PACKAGES"] = Path.Combine(this._folder.Path, "packages");
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(CommandTimeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"'{program} {string.Join(' ', arguments)}' took longer than {CommandTimeout}.");
        }
        process.WaitForExit();
        Assert.True(process.ExitCode == 0,
            $"'{program} {string.Join(' ', arguments)}' exited with {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
        return stdout.Result;
    }

    /// <summary>The NuGet cache the solution was restored into: <c>$NUGET_PACKAGES</c>, else <c>~/.nuget/packages</c>.</summary>
    private static string MachinePackageCache()
        => Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } cache
            ? cache
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}
