using System.Diagnostics;
using System.Globalization;
using HardmaxCore.Clustering;
using HardmaxCore.Experiments.Clustering;

namespace HardmaxCore.Experiments.Benchmarking;

/// <summary>
/// Measures attention-based clustering in one run (the engine of <c>hardmax bench --cluster</c>, SPEC §6): one layer of
/// identity attention (float) at each n on one thread and on all cores, prototype-heads training steps, k-means at each n,
/// and the batch score kernel (<see cref="DynamicsBenchmark"/>) for comparison.
/// </summary>
/// <remarks>
/// <para>Identity attention: the cloud is n points of a seeded Gaussian mixture (K = <see cref="ClusterBenchSettings.Components"/>
/// components, <see cref="ClusterBenchSettings.Separation"/>σ apart, σ = 1) in float, and every layer starts from it (copied
/// back, untimed), so iterated layers cannot collapse the cloud and flatter the figures. A layer is counted as
/// <c>4n²d</c> flops (scores 2n²d, weighted sum 2n²d; the exponentials and the gaussian kernel's bias column are not
/// counted), so GFLOP/s = 4n²d / seconds per layer; points/s = n / seconds per layer; pairs/s = n² / seconds per layer.</para>
/// <para>Budget: a tenth of <see cref="ClusterBenchSettings.Seconds"/> for the batch score kernel, a tenth for the heads,
/// the rest split equally among one thread, all cores and k-means at each n. Every measurement runs until its share is
/// used, at least once; the first run is a warm-up and is not counted, unless it alone took more than a tenth of the
/// share; then it is counted, and at n = 10⁵ (tens of seconds a layer) it is the whole measurement, so the run lasts
/// longer than the budget. Before any measurement everything runs on a small cloud (512 points) for a second, so the
/// tiered JIT has optimized the code before it is timed (cold, a layer can take several times as long).</para>
/// <para>Prototype heads: H = K heads, λ = <see cref="ClusterBenchSettings.HeadsLambda"/>, Adam on mini-batches of
/// <see cref="ClusterBenchSettings.HeadsBatch"/> points drawn afresh from the mixture (population risk), calls of
/// <see cref="ClusterBenchSettings.HeadsStepsPerCall"/> steps. k-means: k = K, k-means++ and Lloyd,
/// <see cref="ClusterBenchSettings.KMeansRestarts"/> restarts per fit, on the same cloud as identity attention.</para>
/// </remarks>
internal static class ClusterBenchmark
{
    /// <summary>Points of the cloud the JIT warm-up runs on (at least <see cref="ClusterBenchSettings.Components"/>).</summary>
    private const int WarmUpPoints = 512;

    /// <summary>The shortest warm-up, in seconds.</summary>
    private const double WarmUpSeconds = 1.0;

    /// <summary>The fewest warm-up passes.</summary>
    private const int WarmUpPasses = 5;

    /// <summary>The largest batch·n·d of the batch-kernel measurement (8 MiB of floats, held twice).</summary>
    private const int BatchKernelValues = 1 << 21;

    /// <summary>Runs every measurement of <paramref name="settings"/>.</summary>
    /// <param name="settings">Sizes, d, β, kernel, budget, threads and seed.</param>
    /// <param name="progress">Called with a short description before each measurement (for a status line).</param>
    /// <exception cref="ArgumentException">A size is out of range or too large for d, or another setting is out of range.</exception>
    public static ClusterBenchResult Measure(ClusterBenchSettings settings, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Validate(settings);
        CultureInfo c = CultureInfo.InvariantCulture;
        int d = settings.Dimension;
        int threads = settings.Threads > 0 ? settings.Threads : Environment.ProcessorCount;
        double share = settings.Seconds * 0.8 / (3 * settings.Sizes.Count);
        GaussianMixture mixture = GaussianMixture.WithSeparation(ClusterBenchSettings.Components, d, ClusterBenchSettings.Separation, settings.Seed);

        progress?.Invoke(string.Create(c, $"batch score kernel (n = {ClusterBenchSettings.BatchTokens}, d = {d}, K = {ClusterBenchSettings.BatchLayers}, hardmax)"));
        int batch = Math.Clamp(BatchKernelValues / (ClusterBenchSettings.BatchTokens * d), 1, 1024);
        var batchSettings = new DynamicsBenchSettings(
            ClusterBenchSettings.BatchTokens, d, ClusterBenchSettings.BatchLayers, batch, settings.Seconds / 10,
            Precision.Float, Attention.Hardmax, BenchInputs.Gaussian, settings.Seed);
        DynamicsBenchResult batchKernel = DynamicsBenchmark.Measure(batchSettings);

        KernelVariant variant = WarmUp(mixture, settings, threads);
        progress?.Invoke(string.Create(c, $"prototype heads (H = {ClusterBenchSettings.Components}, batch {ClusterBenchSettings.HeadsBatch})"));
        (long headsSteps, double headsSeconds) = MeasureHeads(mixture, settings, settings.Seconds / 10);

        var sizes = new List<ClusterSizeResult>(settings.Sizes.Count);
        // Seconds per layer / n² of the last size measured, to tell how long the next one will take.
        double singleCoefficient = 0;
        double allCoefficient = 0;
        int pointsSeed = unchecked((settings.Seed * 7919) + 17);
        foreach (int n in settings.Sizes)
        {
            PointCloud cloud = mixture.Sample(n, pointsSeed);
            var pristine = new float[cloud.Points.Length];
            for (int index = 0; index < pristine.Length; index++)
            {
                pristine[index] = (float)cloud.Points[index];
            }
            var working = new float[pristine.Length];
            double pairs = (double)n * n;

            progress?.Invoke(string.Create(c, $"identity attention, n = {n}, 1 thread{Estimate(singleCoefficient * pairs)}"));
            LayerTiming single = MeasureLayers(pristine, working, n, settings, 1, share);
            progress?.Invoke(string.Create(c, $"identity attention, n = {n}, {threads} threads{Estimate(allCoefficient * pairs)}"));
            LayerTiming all = MeasureLayers(pristine, working, n, settings, threads, share);
            singleCoefficient = single.SecondsPerLayer / pairs;
            allCoefficient = all.SecondsPerLayer / pairs;

            progress?.Invoke(string.Create(c, $"k-means, n = {n}, {ClusterBenchSettings.KMeansRestarts} restarts"));
            (int fits, double kmeansSeconds, int iterations) = MeasureKMeans(cloud, settings, threads, share);
            sizes.Add(new ClusterSizeResult(n, d, single, all, fits, kmeansSeconds, iterations));
        }
        return new ClusterBenchResult(settings, threads, variant, sizes, headsSteps, headsSeconds, batchKernel);
    }

    /// <summary>Checks the settings before anything is allocated.</summary>
    private static void Validate(ClusterBenchSettings settings)
    {
        if (settings.Sizes is null || settings.Sizes.Count == 0)
        {
            throw new ArgumentException("Give at least one cloud size n.", nameof(settings));
        }
        if (settings.Dimension < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.Dimension, $"The dimension must be at least 1 (found {settings.Dimension}).");
        }
        foreach (int n in settings.Sizes)
        {
            if (n < ClusterBenchSettings.MinPoints || n > ClusterBenchSettings.MaxPoints)
            {
                throw new ArgumentOutOfRangeException(nameof(settings), n, string.Create(CultureInfo.InvariantCulture,
                    $"Every size n must be from {ClusterBenchSettings.MinPoints} to {ClusterBenchSettings.MaxPoints:N0} (found {n})."));
            }
            if ((long)n * settings.Dimension > PointCloud.MaxValues)
            {
                throw new ArgumentOutOfRangeException(nameof(settings), n, string.Create(CultureInfo.InvariantCulture,
                    $"n·d = {(long)n * settings.Dimension:N0} coordinates exceed the {PointCloud.MaxValues:N0} a cloud may hold; lower n or d."));
            }
        }
        if (!(settings.Seconds > 0) || !double.IsFinite(settings.Seconds) || !(settings.Beta > 0) || !double.IsFinite(settings.Beta) || settings.Threads < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), "The budget and β must be positive and finite, and the threads ≥ 0 (0 = all cores).");
        }
    }

    /// <summary>" (about 12 s a layer)" when an estimate from the previous size is worth telling (over a second), else "".</summary>
    private static string Estimate(double seconds)
        => seconds > 1 ? string.Create(CultureInfo.InvariantCulture, $" (about {seconds:0} s a layer)") : "";

    /// <summary>
    /// Runs <paramref name="once"/> (which returns the ticks of the part it times) until <paramref name="share"/> seconds
    /// are counted, at least once. The first run is a warm-up and is not counted, unless it took more than a tenth of the share.
    /// </summary>
    /// <returns>The runs counted and their ticks.</returns>
    private static (int Runs, long Ticks) Repeat(Func<long> once, double share)
    {
        long budget = (long)(share * Stopwatch.Frequency);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long first = once();
        int runs = 0;
        long ticks = 0;
        if (first > budget / 10)
        {
            runs = 1;
            ticks = first;
        }
        while (runs == 0 || ticks < budget)
        {
            ticks += once();
            runs++;
        }
        return (runs, ticks);
    }

    /// <summary>
    /// Runs everything on a small cloud of the mixture (identity attention on one and on <paramref name="threads"/>
    /// threads, heads steps, a k-means fit), in passes, for at least <see cref="WarmUpSeconds"/> and
    /// <see cref="WarmUpPasses"/> passes: the tiered JIT recompiles hot code with optimizations (and profile guidance)
    /// only after it has been called many times and a delay, and before that a layer can take several times as long.
    /// </summary>
    /// <returns>The kernel width identity attention uses.</returns>
    private static KernelVariant WarmUp(GaussianMixture mixture, ClusterBenchSettings settings, int threads)
    {
        PointCloud cloud = mixture.Sample(WarmUpPoints, settings.Seed);
        var points = new float[cloud.Points.Length];
        using var single = new IdentityAttention<float>(WarmUpPoints, settings.Dimension, Options(settings, 1));
        using var all = new IdentityAttention<float>(WarmUpPoints, settings.Dimension, Options(settings, threads));
        var heads = new PrototypeHeadsOptions
        {
            Heads = ClusterBenchSettings.Components,
            Lambda = ClusterBenchSettings.HeadsLambda,
            BatchSize = ClusterBenchSettings.HeadsBatch,
            Steps = 20,
            Initialization = HeadsInitialization.KMeansPlusPlus,
            Seed = settings.Seed,
        };
        var kmeans = new KMeansOptions(ClusterBenchSettings.Components) { Restarts = ClusterBenchSettings.KMeansRestarts, Seed = settings.Seed, MaxDegreeOfParallelism = threads };
        long begin = Stopwatch.GetTimestamp();
        for (int pass = 0; pass < WarmUpPasses || Stopwatch.GetElapsedTime(begin).TotalSeconds < WarmUpSeconds; pass++)
        {
            foreach (IdentityAttention<float> attention in new[] { single, all })
            {
                for (int index = 0; index < points.Length; index++)
                {
                    points[index] = (float)cloud.Points[index];
                }
                attention.Step(points);
            }
            PrototypeHeads.Train(cloud, heads, mixture);
            KMeans.Fit(cloud.Points, cloud.Dimension, kmeans);
        }
        return all.Variant;
    }

    /// <summary>The identity-attention options of the settings on <paramref name="threads"/> threads.</summary>
    private static IdentityAttentionOptions Options(ClusterBenchSettings settings, int threads)
        => IdentityAttentionOptions.Default with { Beta = settings.Beta, Kernel = settings.Kernel, MaxDegreeOfParallelism = threads };

    /// <summary>
    /// Identity-attention layers on <paramref name="threads"/> threads, each from <paramref name="pristine"/> (copied into
    /// <paramref name="working"/>, untimed), until <paramref name="share"/> seconds are counted; with the bytes allocated per
    /// warm layer (<see cref="GC.GetTotalAllocatedBytes"/> on several threads, <see cref="GC.GetAllocatedBytesForCurrentThread"/> on one, read outside the timed part).
    /// </summary>
    private static LayerTiming MeasureLayers(float[] pristine, float[] working, int n, ClusterBenchSettings settings, int threads, double share)
    {
        using var attention = new IdentityAttention<float>(n, settings.Dimension, Options(settings, threads));
        bool processWide = attention.Threads > 1;
        int calls = 0;
        int warmLayers = 0;
        long warmBytes = 0;
        (int layers, long ticks) = Repeat(() =>
        {
            pristine.CopyTo(working, 0);
            long before = processWide ? GC.GetTotalAllocatedBytes(precise: true) : GC.GetAllocatedBytesForCurrentThread();
            long start = Stopwatch.GetTimestamp();
            attention.Step(working);
            long elapsed = Stopwatch.GetTimestamp() - start;
            long after = processWide ? GC.GetTotalAllocatedBytes(precise: true) : GC.GetAllocatedBytesForCurrentThread();
            if (calls++ > 0)
            {
                warmBytes += after - before;
                warmLayers++;
            }
            return elapsed;
        }, share);
        return new LayerTiming(attention.Threads, layers, (double)ticks / Stopwatch.Frequency, warmLayers > 0 ? (double)warmBytes / warmLayers : null);
    }

    /// <summary>Calls of <see cref="ClusterBenchSettings.HeadsStepsPerCall"/> Adam steps on fresh mixture batches until <paramref name="share"/> seconds are counted.</summary>
    private static (long Steps, double Seconds) MeasureHeads(GaussianMixture mixture, ClusterBenchSettings settings, double share)
    {
        // The logged risk is measured on this small set, so the calls time the Adam steps.
        PointCloud data = mixture.Sample(ClusterBenchSettings.HeadsBatch, unchecked((settings.Seed * 7919) + 29));
        var options = new PrototypeHeadsOptions
        {
            Heads = ClusterBenchSettings.Components,
            Lambda = ClusterBenchSettings.HeadsLambda,
            BatchSize = ClusterBenchSettings.HeadsBatch,
            Steps = ClusterBenchSettings.HeadsStepsPerCall,
            LogEvery = ClusterBenchSettings.HeadsStepsPerCall,
            Initialization = HeadsInitialization.KMeansPlusPlus,
            Seed = settings.Seed,
        };
        (int calls, long ticks) = Repeat(() =>
        {
            long start = Stopwatch.GetTimestamp();
            PrototypeHeads.Train(data, options, mixture);
            return Stopwatch.GetTimestamp() - start;
        }, share);
        return ((long)calls * ClusterBenchSettings.HeadsStepsPerCall, (double)ticks / Stopwatch.Frequency);
    }

    /// <summary>k-means fits (k = K, k-means++ and Lloyd, <see cref="ClusterBenchSettings.KMeansRestarts"/> restarts) until <paramref name="share"/> seconds are counted.</summary>
    private static (int Fits, double Seconds, int Iterations) MeasureKMeans(PointCloud cloud, ClusterBenchSettings settings, int threads, double share)
    {
        var options = new KMeansOptions(ClusterBenchSettings.Components)
        {
            Restarts = ClusterBenchSettings.KMeansRestarts,
            Seed = settings.Seed,
            MaxDegreeOfParallelism = threads,
        };
        int iterations = 0;
        (int fits, long ticks) = Repeat(() =>
        {
            long start = Stopwatch.GetTimestamp();
            KMeansResult result = KMeans.Fit(cloud.Points, cloud.Dimension, options);
            long elapsed = Stopwatch.GetTimestamp() - start;
            iterations = result.Iterations;
            return elapsed;
        }, share);
        return (fits, (double)ticks / Stopwatch.Frequency, iterations);
    }
}
