using BenchmarkDotNet.Running;

namespace HardmaxCore.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project bench -- --filter '*'</c>; <c>-- compare N THREADS [REPEATS]</c> times one
/// identity-attention layer of both engines with a stopwatch, <c>-- compare-dynamics THREADS</c> the batch softmax dynamics, <c>-- peak</c> this machine's fp32 FMA peak (a quick check while working on a kernel, not a benchmark).
/// </summary>
internal static class Program
{
    private static void Main(string[] args)
    {
        if (args.Length >= 3 && args[0] == "compare")
        {
            QuickCompare.Run(int.Parse(args[1]), int.Parse(args[2]), args.Length > 3 ? int.Parse(args[3]) : 3);
            return;
        }
        if (args.Length == 1 && args[0] == "peak")
        {
            FmaPeak.Run();
            return;
        }
        if (args.Length >= 2 && args[0] == "compare-dynamics")
        {
            QuickCompare.RunDynamics(int.Parse(args[1]), args.Length > 2 ? int.Parse(args[2]) : 3);
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
