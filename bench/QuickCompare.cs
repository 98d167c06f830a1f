using System.Diagnostics;

namespace HardmaxCore.Benchmarks;

/// <summary>One identity-attention layer (d = 16, β = 1, float, uniform points) by both engines, alternated, best of a few.</summary>
internal static class QuickCompare
{
    public static void Run(int n, int threads, int repeats)
    {
        var bench = new IdentityAttentionBenchmarks { N = n, D = 16, Threads = threads };
        bench.Setup();
        double core = double.PositiveInfinity;
        double onnx = double.PositiveInfinity;
        double coreCpu = double.PositiveInfinity;
        double onnxCpu = double.PositiveInfinity;
        using var process = Process.GetCurrentProcess();
        for (int r = 0; r < repeats; r++)
        {
            process.Refresh();
            TimeSpan cpu = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            bench.Layer();
            core = Math.Min(core, watch.Elapsed.TotalSeconds);
            process.Refresh();
            coreCpu = Math.Min(coreCpu, (process.TotalProcessorTime - cpu).TotalSeconds);
            cpu = process.TotalProcessorTime;
            watch.Restart();
            bench.OnnxRuntime();
            onnx = Math.Min(onnx, watch.Elapsed.TotalSeconds);
            process.Refresh();
            onnxCpu = Math.Min(onnxCpu, (process.TotalProcessorTime - cpu).TotalSeconds);
        }
        double flops = 4.0 * n * n * 16;
        Console.WriteLine(
            $"n = {n}, threads = {threads}: Core {core:G4} s ({flops / core / 1e9:F1} GFLOP/s, CPU {coreCpu:G4} s), " +
            $"ONNX Runtime {onnx:G4} s ({flops / onnx / 1e9:F1} GFLOP/s, CPU {onnxCpu:G4} s), Core/ORT time {core / onnx:F2}, CPU {coreCpu / onnxCpu:F2}");
        bench.Cleanup();
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
