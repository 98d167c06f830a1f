using System.Diagnostics;
using HardmaxCore.Classifier;

namespace HardmaxCore.Experiments.Runs;

/// <summary>The process's peak working set (resident set high-water mark), and on Linux a way to restart it.</summary>
internal static class PeakMemory
{
    /// <summary><see cref="Process.PeakWorkingSet64"/> of this process, in bytes (VmHWM on Linux).</summary>
    public static long Bytes()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }

    /// <summary>
    /// Restarts the high-water mark at the current resident set (Linux ≥ 4.0: writing 5 to /proc/self/clear_refs), so the
    /// next run in the same process records its own peak. Returns false where that is not possible; the peak then
    /// covers everything the process did before.
    /// </summary>
    public static bool TryReset()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
