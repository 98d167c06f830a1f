using System.Numerics;

namespace HardmaxCore.Experiments.Simulation;

/// <summary>Runs the hardmax dynamics of one configuration with the Core, as <c>hardmax simulate</c> does.</summary>
internal static class Simulator
{
    /// <summary>Runs <paramref name="problem"/> in precision T as <paramref name="settings"/> say.</summary>
    /// <remarks>
    /// With <see cref="SimulationSettings.Steps"/> = K this is exactly <c>Dynamics&lt;T&gt;.Run(z, K)</c>, whose report of the
    /// last layer's change tells whether it met the stopping rule (<see cref="LayerChange{T}.MeetsStoppingRule"/>); otherwise it is
    /// <c>Dynamics&lt;T&gt;.RunToConvergence</c>. The trajectory is recorded in the same run: with K layers by
    /// <c>Dynamics&lt;T&gt;.Run</c> with a trajectory (the last layer alone, for its change); until converged layer by layer, each
    /// layer's change put to the Core's stopping rule (<see cref="LayerChange{T}.MeetsStoppingRule"/>), which is the rule
    /// <c>RunToConvergence</c> applies, so the run ends where it ends.
    /// <para>With <paramref name="progress"/> the layers run in chunks of about <see cref="ChunkOperations"/> operations
    /// (n²·d each), and <paramref name="progress"/> gets the layers done after each: a layer depends on the layer before
    /// alone, and the stopping rule on the last layer alone, so the chunks end bit for bit where one call ends (a test
    /// compares them).</para>
    /// </remarks>
    /// <param name="problem">The configuration.</param>
    /// <param name="settings">Steps or the stopping rule, precision, trajectory.</param>
    /// <param name="progress">Gets the layers run so far (of <see cref="SimulationSettings.Steps"/> or the cap), or null.</param>
    /// <param name="chunkLayers">The layers of a chunk (0: from <see cref="ChunkOperations"/>); tests use small chunks.</param>
    /// <exception cref="ExperimentException">The Core rejects α, A or the tie tolerance (the message says why), or a value does not fit in T.</exception>
    public static SimulationResult<T> Run<T>(SimulationProblem problem, SimulationSettings settings, Action<int>? progress = null, int chunkLayers = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        DynamicsOptions options = DynamicsOptions.Default with
        {
            Alpha = problem.Alpha,
            KeyQuery = problem.KeyQuery,
            TieTolerance = problem.TieTolerance,
            MaxDegreeOfParallelism = 1,
        };
        using Dynamics<T> dynamics = Create<T>(problem, options);
        RequireResolvableStoppingRule(problem, settings);
        T[] initial = Convert<T>(problem);
        RequireScoresFit<T>(problem);
        if (settings.RecordTrajectory && settings.Steps is int planned)
        {
            RequireTrajectoryFits<T>(problem, planned);
        }
        T[] z = initial;
        int size = problem.Tokens * problem.Dimension;

        int chunk = progress is null ? int.MaxValue
            : chunkLayers > 0 ? chunkLayers
            : (int)Math.Clamp(ChunkOperations / ((double)problem.Tokens * problem.Tokens * problem.Dimension), 1, 10_000);
        int steps;
        bool converged;
        T[]? trajectory = null;
        var last = new LayerChange<T>[1];
        if (settings.Steps is int k)
        {
            steps = k;
            if (settings.RecordTrajectory)
            {
                trajectory = new T[RequireTrajectoryFits<T>(problem, k)];
                z.CopyTo(trajectory, 0);
            }
            int done = 0;
            while (done < k)
            {
                // Every layer but the run's last in chunks (recording each chunk's layers), then the last one alone, for its change.
                int layers = Math.Min(chunk, k - 1 - done);
                if (layers > 0)
                {
                    if (trajectory is not null)
                    {
                        dynamics.Run(z, layers, trajectory.AsSpan(done * size, (layers + 1) * size));
                    }
                    else
                    {
                        dynamics.Run(z, layers);
                    }
                    done += layers;
                }
                if (done == k - 1)
                {
                    dynamics.Run(z, 1, last);
                    done = k;
                    if (trajectory is not null)
                    {
                        z.CopyTo(trajectory, k * size);
                    }
                }
                progress?.Invoke(done);
            }
            if (k == 0)
            {
                progress?.Invoke(0);
            }
            converged = k > 0 && last[0].MeetsStoppingRule(settings.Tolerance);
        }
        else if (settings.RecordTrajectory)
        {
            // Layer by layer, each recorded as it is made, with the Core's stopping rule applied to each layer's change
            // (LayerChange.MeetsStoppingRule evaluates it as RunToConvergence does), so the run is the one RunToConvergence makes.
            trajectory = new T[size * Math.Min(settings.MaxSteps + 1, 64)];
            z.CopyTo(trajectory, 0);
            steps = 0;
            converged = false;
            while (!converged && steps < settings.MaxSteps)
            {
                if ((steps + 2L) * size > trajectory.Length)
                {
                    RequireTrajectoryFits<T>(problem, steps + 1);
                    Array.Resize(ref trajectory, (int)(size * Math.Min(settings.MaxSteps + 1L, 2L * trajectory.Length / size)));
                }
                dynamics.Run(z, 1, last);
                steps++;
                z.CopyTo(trajectory, steps * size);
                converged = last[0].MeetsStoppingRule(settings.Tolerance);
                if (steps % Math.Max(1, Math.Min(chunk, settings.MaxSteps)) == 0 || converged || steps == settings.MaxSteps)
                {
                    progress?.Invoke(steps);
                }
            }
            if (steps == 0)
            {
                progress?.Invoke(0);
            }
            Array.Resize(ref trajectory, (int)RequireTrajectoryFits<T>(problem, steps));
        }
        else
        {
            var results = new Convergence[1];
            steps = 0;
            do
            {
                dynamics.RunToConvergence(z, settings.Tolerance, Math.Min(chunk, settings.MaxSteps - steps), results);
                steps += results[0].Steps;
                converged = results[0].Converged;
                progress?.Invoke(steps);
            }
            while (!converged && steps < settings.MaxSteps);
        }

        int[] leaders = dynamics.Leaders(z);
        double tolerance = LimitPoints.Radius<T>(problem.Alpha, settings.Tolerance, LimitPoints.Scale<T>(z));
        LimitPoint<T>[] clusters = LimitPoints.Group<T>(z, problem.Dimension, leaders, tolerance);
        return new SimulationResult<T>(problem.Tokens, problem.Dimension, steps, converged, z, leaders, clusters, tolerance, trajectory);
    }

    /// <summary>The work of one chunk of layers when progress is reported: 2·10⁸ operations (n²·d per layer), a fraction of a second.</summary>
    internal const double ChunkOperations = 2e8;

    /// <summary>
    /// Refuses configurations whose scores <c>s_ij = z_i·A·z_j</c> could overflow T: |s_ij| ≤ ‖A‖₂·‖z_i‖·‖z_j‖ ≤
    /// ‖A‖_F·max_i ‖z_i‖², and the dynamics never leaves the convex hull of the tokens (SPEC §2 P1), so the bound at layer 0
    /// holds at every layer. A sixteenth of T's largest value leaves room for the row maximum, the tie threshold and the
    /// rounding of the d-term sums.
    /// </summary>
    /// <exception cref="ExperimentException">The bound is not finite or above T.MaxValue / 16.</exception>
    internal static void RequireScoresFit<T>(SimulationProblem problem)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double largest = 0;
        int d = problem.Dimension;
        for (int i = 0; i < problem.Tokens; i++)
        {
            double norm = 0;
            for (int k = 0; k < d; k++)
            {
                double x = problem.Values[(i * d) + k];
                norm += x * x;
            }
            largest = Math.Max(largest, norm);
        }
        double frobenius = 0;
        if (problem.KeyQuery is { } a)
        {
            foreach (double value in a)
            {
                frobenius += value * value;
            }
            frobenius = Math.Sqrt(frobenius);
        }
        else
        {
            frobenius = Math.Sqrt(d);
        }
        double bound = largest * frobenius;
        double limit = (typeof(T) == typeof(float) ? float.MaxValue : double.MaxValue) / 16;
        if (!(bound <= limit))
        {
            string found = double.IsFinite(bound) ? bound.ToString("0.###e+0", System.Globalization.CultureInfo.InvariantCulture) : "beyond the double range";
            throw new ExperimentException(
                $"{problem.Source}: the scores z_i·A·z_j can reach {found} (‖A‖·max‖z_i‖²), more than {typeof(T).Name} holds safely ({limit.ToString("0.###e+0", System.Globalization.CultureInfo.InvariantCulture)}), so leaders would be wrong. " +
                "Scale all tokens down by the same factor (the attention sets, leaders and clusters do not change; positions scale with it)" +
                (typeof(T) == typeof(float) ? " or use Precision.Double." : "."));
        }
    }

    /// <summary>
    /// Refuses α and tol for which the stopping rule cannot tell a converged run from one that barely moves: a layer moves a
    /// token by α/(1+α) of its distance to its attention mean, so a run may stop with tokens still about (1+α)/α·tol·(1 + scale)
    /// from their limits, and the clustering tolerance is ten times that. It must stay at most 10⁻⁴·(1 + scale).
    /// </summary>
    /// <exception cref="ExperimentException">(1+α)/α·tol &gt; 10⁻⁴.</exception>
    internal static void RequireResolvableStoppingRule(SimulationProblem problem, SimulationSettings settings)
    {
        double spread = (1 + (1 / problem.Alpha)) * settings.Tolerance;
        if (spread > 1e-4)
        {
            System.Globalization.CultureInfo c = System.Globalization.CultureInfo.InvariantCulture;
            throw new ExperimentException(string.Create(c,
                $"{problem.Source}: with α = {problem.Alpha:R} and tol = {settings.Tolerance:R} a layer moves a token by only α/(1+α) = {problem.Alpha / (1 + problem.Alpha):0.###e+0} of its distance to its attention mean, so the stopping rule could stop with tokens {spread:0.###e+0}·(1 + scale) from their limits (at most 1e-4 is accepted); raise α or lower SimulationSettings.Tolerance."));
        }
    }

    /// <summary>Checks that a trajectory of <paramref name="steps"/> + 1 layers fits in one array and in memory.</summary>
    /// <returns>Its length in values.</returns>
    private static long RequireTrajectoryFits<T>(SimulationProblem problem, int steps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        try
        {
            long length = HardmaxCore.Classifier.MemoryBudget.Product("(SimulationSettings.Steps + 1) × n × d", steps + 1L, problem.Tokens, problem.Dimension);
            string what = $"a trajectory of {steps + 1L} layers of {problem.Tokens} × {problem.Dimension} values";
            HardmaxCore.Classifier.MemoryBudget.RequireArray(what, length, "drop SimulationSettings.RecordTrajectory or use fewer SimulationSettings.Steps");
            // Each value is held in T, then printed as JSON: about 25 characters, built in a StringBuilder (UTF-16, up to
            // twice its size while growing), copied to UTF-8 and, for stdout, back to a string: some 200 bytes per value.
            HardmaxCore.Classifier.MemoryBudget.Require($"{what} and its JSON (about 200 bytes per value)",
                HardmaxCore.Classifier.MemoryBudget.Product("bytes", length, System.Runtime.CompilerServices.Unsafe.SizeOf<T>() + 200), "drop SimulationSettings.RecordTrajectory or use fewer SimulationSettings.Steps");
            return length;
        }
        catch (HardmaxCore.Classifier.ClassifierException e)
        {
            throw new ExperimentException($"{problem.Source}: {e.Message}", e);
        }
    }

    /// <summary>The Core's dynamics for the problem; a parameter it rejects is reported with the problem's source.</summary>
    private static Dynamics<T> Create<T>(SimulationProblem problem, DynamicsOptions options)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        try
        {
            if (double.IsFinite(options.Alpha) && options.Alpha > 0)
            {
                DynamicsOptions.RequireUsableAlpha(options.Alpha);
            }
            return new Dynamics<T>(problem.Tokens, problem.Dimension, options);
        }
        catch (ArgumentException e)
        {
            throw new ExperimentException($"{problem.Source}: {Messages.Plain(e)}", e);
        }
    }

    /// <summary>The configuration in precision T; a value that overflows T (float) is an input error.</summary>
    private static T[] Convert<T>(SimulationProblem problem)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var z = new T[problem.Values.Length];
        for (int index = 0; index < z.Length; index++)
        {
            z[index] = T.CreateTruncating(problem.Values[index]);
            if (!T.IsFinite(z[index]))
            {
                throw new ExperimentException(
                    $"{problem.Source}: tokens[{index / problem.Dimension}][{index % problem.Dimension}] = {problem.Values[index]:R} " +
                    $"does not fit in {typeof(T).Name}; use Precision.Double.");
            }
        }
        if (problem.KeyQuery is { } a)
        {
            foreach (double value in a)
            {
                if (double.IsFinite(value) && !T.IsFinite(T.CreateTruncating(value)))
                {
                    throw new ExperimentException($"{problem.Source}: A has an entry {value:R} that does not fit in {typeof(T).Name}; use Precision.Double.");
                }
            }
        }
        return z;
    }
}
