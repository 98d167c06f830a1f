using System.Diagnostics;

namespace HardmaxCore.Benchmarks;

/// <summary>One identity-attention layer (d = 16, β = 1, float, uniform points) by both engines, one after the other, best of a few.</summary>
internal static class QuickCompare
{
    public static void Run(int n, int threads, int repeats)
    {
        var bench = new IdentityAttentionBenchmarks { N = n, D = 16, Threads = threads };
        bench.Setup();
        // Each engine in a block of its own (one warm-up, then the timed runs), never alternated: ONNX Runtime's intra-op
        // threads spin for a while after a run and the .NET pool's workers linger after a Parallel.For, so alternating
        // made each engine's first moments share the cores with the other's idle threads.
        (double core, double coreCpu) = Best(() => bench.Layer(), repeats);
        (double onnx, double onnxCpu) = Best(() => bench.OnnxRuntime(), repeats);
        double flops = 4.0 * n * n * 16;
        Console.WriteLine(
            $"n = {n}, threads = {threads}: Core {core:G4} s ({flops / core / 1e9:F1} GFLOP/s, CPU {coreCpu:G4} s), " +
            $"ONNX Runtime {onnx:G4} s ({flops / onnx / 1e9:F1} GFLOP/s, CPU {onnxCpu:G4} s), Core/ORT time {core / onnx:F2}, CPU {coreCpu / onnxCpu:F2}");
        bench.Cleanup();
    }

    /// <summary>The smallest wall and the smallest CPU time (all threads of the process) of <paramref name="repeats"/> runs after one warm-up.</summary>
    private static (double Wall, double Cpu) Best(Func<float> run, int repeats)
    {
        using var process = Process.GetCurrentProcess();
        run();
        double wall = double.PositiveInfinity;
        double cpu = double.PositiveInfinity;
        for (int r = 0; r < repeats; r++)
        {
            process.Refresh();
            TimeSpan start = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            run();
            wall = Math.Min(wall, watch.Elapsed.TotalSeconds);
            process.Refresh();
            cpu = Math.Min(cpu, (process.TotalProcessorTime - start).TotalSeconds);
        }
        return (wall, cpu);
    }

    public static void RunDynamics(int threads, int repeats)
    {
        var bench = new OnnxDynamicsBenchmarks { Threads = threads };
        bench.Setup();
        double core = double.PositiveInfinity;
        double onnx = double.PositiveInfinity;
        for (int r = 0; r < repeats; r++)
        {
            var watch = Stopwatch.StartNew();
            bench.Core();
            core = Math.Min(core, watch.Elapsed.TotalSeconds);
            watch.Restart();
            bench.OnnxRuntime();
            onnx = Math.Min(onnx, watch.Elapsed.TotalSeconds);
        }
        int b = OnnxDynamicsBenchmarks.Batch;
        Console.WriteLine($"softmax dynamics, threads = {threads}: Core {b / core:F0} configs/s, ONNX Runtime {b / onnx:F0} configs/s, Core/ORT time {core / onnx:F2}");
        bench.Cleanup();
    }
}
