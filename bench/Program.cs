using BenchmarkDotNet.Running;

namespace HardmaxCore.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release --project bench -- --filter '*'</c>.</summary>
internal static class Program
{
    private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
