using System.Numerics;
using HardmaxCore.Train.Commands;

namespace HardmaxCore.Train.Simulation;

/// <summary>Runs the hardmax dynamics of one configuration with the Core, as <c>hardmax simulate</c> does.</summary>
internal static class Simulator
{
    /// <summary>Runs <paramref name="problem"/> in precision T as <paramref name="settings"/> say.</summary>
    /// <remarks>
    /// With <see cref="SimulationSettings.Steps"/> = K this is exactly <c>Dynamics&lt;T&gt;.Run(z, K)</c>, whose report of the
    /// last layer's change tells whether it met the stopping rule (<see cref="LayerChange{T}.MeetsStoppingRule"/>); otherwise it is
    /// <c>Dynamics&lt;T&gt;.RunToConvergence</c>. The trajectory is recorded by replaying the same number of layers with
    /// <c>Dynamics&lt;T&gt;.Run</c>, which is deterministic, so its last layer is the final configuration bit for bit.
    /// </remarks>
    /// <exception cref="CliException">The Core rejects α, A or the tie tolerance (the message says why), or a value does not fit in T.</exception>
    public static SimulationResult<T> Run<T>(SimulationProblem problem, SimulationSettings settings)
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
        T[] initial = Convert<T>(problem);
        T[] z = (T[])initial.Clone();

        int steps;
        bool converged;
        if (settings.Steps is int k)
        {
            steps = k;
            var last = new LayerChange<T>[1];
            dynamics.Run(z, k, last);
            converged = k > 0 && last[0].MeetsStoppingRule(settings.Tolerance);
        }
        else
        {
            var results = new Convergence[1];
            dynamics.RunToConvergence(z, settings.Tolerance, settings.MaxSteps, results);
            steps = results[0].Steps;
            converged = results[0].Converged;
        }

        T[]? trajectory = null;
        if (settings.RecordTrajectory)
        {
            long length = (long)(steps + 1) * z.Length;
            if (length > Array.MaxLength)
            {
                throw new CliException($"a trajectory of {steps + 1} layers of {z.Length} values is too large to record; drop --trajectory or use fewer --steps.");
            }
            trajectory = new T[length];
            T[] replay = (T[])initial.Clone();
            dynamics.Run(replay, steps, trajectory);
            if (!replay.AsSpan().SequenceEqual(z))
            {
                throw new InvalidOperationException("Replaying the run gave a different final configuration: the Core is not deterministic.");
            }
        }

        int[] leaders = dynamics.Leaders(z);
        double tolerance = Clustering.Tolerance<T>(problem.Alpha, settings.Tolerance, Clustering.Scale<T>(z));
        Cluster<T>[] clusters = Clustering.Group<T>(z, problem.Dimension, leaders, tolerance);
        return new SimulationResult<T>(problem.Tokens, problem.Dimension, steps, converged, z, leaders, clusters, tolerance, trajectory);
    }

    /// <summary>The Core's dynamics for the problem; a parameter it rejects is reported with the problem's source.</summary>
    private static Dynamics<T> Create<T>(SimulationProblem problem, DynamicsOptions options)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        try
        {
            return new Dynamics<T>(problem.Tokens, problem.Dimension, options);
        }
        catch (ArgumentException e)
        {
            throw new CliException($"{problem.Source}: {CommandRunner.Describe(e)}", e);
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
                throw new CliException(
                    $"{problem.Source}: tokens[{index / problem.Dimension}][{index % problem.Dimension}] = {problem.Values[index]:R} " +
                    $"does not fit in {typeof(T).Name}; use --precision double.");
            }
        }
        if (problem.KeyQuery is { } a)
        {
            foreach (double value in a)
            {
                if (double.IsFinite(value) && !T.IsFinite(T.CreateTruncating(value)))
                {
                    throw new CliException($"{problem.Source}: A has an entry {value:R} that does not fit in {typeof(T).Name}; use --precision double.");
                }
            }
        }
        return z;
    }
}
