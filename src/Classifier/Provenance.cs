using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace HardmaxCore.Classifier;

/// <summary>
/// Where a result came from: the build (version and git commit), the machine (runtime, OS, CPU, SIMD width, threads),
/// the data (SHA-256 of the file read) and when the computation ran. Every result file and JSON output carries one.
/// </summary>
/// <remarks>
/// <code>
/// Provenance started = Provenance.Start(threads, dataPath);
/// … compute …
/// JsonObject json = started.Finish().ToJson();
/// </code>
/// The commit is the one the library was built from (the SDK embeds it as <c>version+commit</c> in the informational
/// version when the build ran in a git checkout); <c>unknown</c> when git was absent.
/// </remarks>
/// <param name="Version">The library version (e.g. 1.0.0).</param>
/// <param name="Commit">The git commit of the build, or <c>unknown</c>.</param>
/// <param name="Runtime">The .NET runtime (e.g. .NET 10.0.0).</param>
/// <param name="Os">The operating system and its architecture.</param>
/// <param name="Cpu">The processor's model name, or its architecture when the model is unknown.</param>
/// <param name="Kernel">The SIMD width the Core's kernels use: Vector512, Vector256 or Scalar.</param>
/// <param name="Threads">Cores the computation used.</param>
/// <param name="DataSha256">SHA-256 (lower-case hex) of the data file read; null when no file was read or the data is a folder.</param>
/// <param name="StartedAt">When the computation started (UTC).</param>
/// <param name="FinishedAt">When it finished (UTC), or null while it runs.</param>
public sealed record Provenance(
    string Version, string Commit, string Runtime, string Os, string Cpu, string Kernel, int Threads, string? DataSha256,
    DateTimeOffset StartedAt, DateTimeOffset? FinishedAt)
{
    /// <summary>The commit value when the build did not record one.</summary>
    public const string UnknownCommit = "unknown";

    /// <summary>Captures the machine now, with <paramref name="threads"/> cores and the hash of <paramref name="dataPath"/> (when it is a file).</summary>
    /// <exception cref="IOException">The data file exists but cannot be read.</exception>
    public static Provenance Start(int threads, string? dataPath = null)
    {
        (string version, string commit) = Build();
        return new Provenance(
            version, commit, RuntimeInformation.FrameworkDescription,
            $"{RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()})",
            CpuName(), KernelWidth(), threads, dataPath is not null && File.Exists(dataPath) ? Sha256Of(dataPath) : null,
            DateTimeOffset.UtcNow, null);
    }

    /// <summary>This provenance with <see cref="FinishedAt"/> set to now.</summary>
    public Provenance Finish() => this with { FinishedAt = DateTimeOffset.UtcNow };

    /// <summary>As a JSON object with camelCase keys; times in ISO 8601 UTC.</summary>
    public JsonObject ToJson() => new()
    {
        ["version"] = this.Version,
        ["commit"] = this.Commit,
        ["runtime"] = this.Runtime,
        ["os"] = this.Os,
        ["cpu"] = this.Cpu,
        ["kernel"] = this.Kernel,
        ["threads"] = this.Threads,
        ["dataSha256"] = this.DataSha256,
        ["startedAt"] = this.StartedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
        ["finishedAt"] = this.FinishedAt?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
    };

    /// <summary>SHA-256 of a file's bytes as lower-case hex.</summary>
    public static string Sha256Of(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>The version and commit from the informational version <c>1.0.0+&lt;commit&gt;</c>.</summary>
    internal static (string Version, string Commit) Build()
    {
        string informational = typeof(Provenance).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        int plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? (informational, UnknownCommit) : (informational[..plus], informational[(plus + 1)..]);
    }

    /// <summary>The kernel width the Core picks: <c>HARDMAX_KERNEL</c> when set, else the widest accelerated width.</summary>
    internal static string KernelWidth()
    {
        string? forced = Environment.GetEnvironmentVariable("HARDMAX_KERNEL");
        if (!string.IsNullOrEmpty(forced))
        {
            return forced;
        }
        return Vector512.IsHardwareAccelerated ? "Vector512" : Vector256.IsHardwareAccelerated ? "Vector256" : "Scalar";
    }

    /// <summary>The CPU model from /proc/cpuinfo on Linux, else the architecture.</summary>
    private static string CpuName()
    {
        try
        {
            if (OperatingSystem.IsLinux() && File.Exists("/proc/cpuinfo"))
            {
                foreach (string line in File.ReadLines("/proc/cpuinfo"))
                {
                    if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is int colon and >= 0)
                    {
                        return $"{line[(colon + 1)..].Trim()} ×{Environment.ProcessorCount}";
                    }
                }
            }
        }
        catch (IOException)
        {
            // fall through to the architecture
        }
        return $"{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()} ×{Environment.ProcessorCount}";
    }
}
