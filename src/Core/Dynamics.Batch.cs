using HardmaxCore.Kernels;

namespace HardmaxCore;

/// <summary>Running layers over a batch, spread over cores.</summary>
public sealed partial class Dynamics<T>
{
    /// <summary>One layer on every configuration: <paramref name="destination"/> = Step(<paramref name="batch"/>).</summary>
    /// <param name="batch">B configurations, <c>[B, n, d]</c> row-major.</param>
    /// <param name="destination">Receives the next layer; may be the same memory as <paramref name="batch"/>.</param>
    /// <param name="attention">Hardmax (SPEC §1.2) or softmax (SPEC §1.3).</param>
    /// <exception cref="ArgumentException">A shape mismatch, or a NaN or infinite token.</exception>
    public void Step(ReadOnlySpan<T> batch, Span<T> destination, Attention attention = Attention.Hardmax)
    {
        this.ValidateBatch(batch, nameof(batch));
        if (destination.Length != batch.Length)
        {
            Throw.Argument_DestinationLength(nameof(destination), destination.Length, batch.Length);
        }
        batch.CopyTo(destination);
        this.RunValidated(destination, 1, attention, []);
    }

    /// <summary>Runs <paramref name="steps"/> layers on every configuration, in place (a transformer of depth K, weights shared).</summary>
    /// <exception cref="ArgumentException">A shape mismatch, or a NaN or infinite token.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> &lt; 0.</exception>
    public void Run(Span<T> batch, int steps, Attention attention = Attention.Hardmax)
        => this.Run(batch, steps, [], attention);

    /// <summary>Runs <paramref name="steps"/> layers in place and records every layer.</summary>
    /// <param name="batch">B configurations, updated in place.</param>
    /// <param name="steps">K, the number of layers.</param>
    /// <param name="trajectory">Empty, or <c>[B, K+1, n, d]</c>: for each configuration, layer 0 (the input) to layer K.</param>
    /// <param name="attention">Hardmax or softmax.</param>
    /// <exception cref="ArgumentException">A shape mismatch, a trajectory of the wrong length, or a NaN or infinite token.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> &lt; 0.</exception>
    public void Run(Span<T> batch, int steps, Span<T> trajectory, Attention attention = Attention.Hardmax)
    {
        int configurations = this.ValidateBatch(batch, nameof(batch));
        if (steps < 0)
        {
            Throw.ArgumentOutOfRange_Steps(nameof(steps), steps);
        }
        long needed = (long)configurations * (steps + 1) * this.ConfigurationLength;
        if (!trajectory.IsEmpty && trajectory.Length != needed)
        {
            Throw.Argument_DestinationLength(nameof(trajectory), trajectory.Length, needed);
        }
        this.RunValidated(batch, steps, attention, trajectory);
    }

    /// <summary>
    /// Runs hardmax layers on every configuration until it stops moving,
    /// <c>max_i ‖z_i^{k+1} − z_i^k‖_∞ ≤ tol·(1 + max_i ‖z_i^k‖_∞)</c>, or <paramref name="maxSteps"/> layers (SPEC §1.5).
    /// </summary>
    /// <param name="batch">B configurations, updated in place.</param>
    /// <param name="tolerance">tol &gt; 0; about 1e-12 in double, 1e-6 in float.</param>
    /// <param name="maxSteps">The step cap (≥ 0).</param>
    /// <param name="results">Receives, per configuration, the layers run and whether it converged.</param>
    /// <exception cref="ArgumentException">A shape mismatch, <paramref name="results"/> not of length B, or a NaN or infinite token.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tolerance"/> not positive, or <paramref name="maxSteps"/> &lt; 0.</exception>
    public void RunToConvergence(Span<T> batch, double tolerance, int maxSteps, Span<Convergence> results)
    {
        int configurations = this.ValidateBatch(batch, nameof(batch));
        if (!(tolerance > 0) || !double.IsFinite(tolerance))
        {
            Throw.ArgumentOutOfRange_Tolerance(tolerance);
        }
        if (maxSteps < 0)
        {
            Throw.ArgumentOutOfRange_Steps(nameof(maxSteps), maxSteps);
        }
        if (results.Length != configurations)
        {
            Throw.Argument_DestinationLength(nameof(results), results.Length, configurations);
        }
        T tol = T.CreateTruncating(tolerance);
        unsafe
        {
            fixed (Convergence* resultsPointer = results)
            {
                nint resultsAddress = (nint)resultsPointer;
                this.ForEachConfiguration(batch, (configuration, b, workspace) =>
                {
                    var result = new Convergence(maxSteps, false);
                    for (int k = 1; k <= maxSteps; k++)
                    {
                        if (this.StepOne(configuration, Attention.Hardmax, workspace).IsWithin(tol))
                        {
                            result = new Convergence(k, true);
                            break;
                        }
                    }
                    ((Convergence*)resultsAddress)[b] = result;
                });
            }
        }
    }

    private void RunValidated(Span<T> batch, int steps, Attention attention, Span<T> trajectory)
    {
        int length = this.ConfigurationLength;
        bool record = !trajectory.IsEmpty;
        unsafe
        {
            fixed (T* trajectoryPointer = trajectory)
            {
                nint trajectoryAddress = (nint)trajectoryPointer;
                this.ForEachConfiguration(batch, (configuration, b, workspace) =>
                {
                    Span<T> layers = record
                        ? new Span<T>((T*)trajectoryAddress + (long)b * (steps + 1) * length, (steps + 1) * length)
                        : [];
                    if (record)
                    {
                        configuration.CopyTo(layers);
                    }
                    for (int k = 1; k <= steps; k++)
                    {
                        this.StepOne(configuration, attention, workspace);
                        if (record)
                        {
                            configuration.CopyTo(layers.Slice(k * length, length));
                        }
                    }
                });
            }
        }
    }

    /// <summary>What to do to configuration b of a batch, with the workspace of the thread that runs it.</summary>
    private delegate void ConfigurationAction(Span<T> configuration, int b, Workspace<T> workspace);

    /// <summary>
    /// Calls <paramref name="action"/> on every configuration: on this thread for one partition, else on contiguous
    /// partitions of the batch in parallel, one workspace per partition.
    /// </summary>
    private unsafe void ForEachConfiguration(Span<T> batch, ConfigurationAction action)
    {
        int length = this.ConfigurationLength;
        int count = batch.Length / length;
        int partitions = Math.Min(this._threads, count);
        if (partitions <= 1)
        {
            Workspace<T> workspace = this.WorkspaceFor(0);
            for (int b = 0; b < count; b++)
            {
                action(batch.Slice(b * length, length), b, workspace);
            }
            return;
        }
        fixed (T* batchPointer = batch)
        {
            nint address = (nint)batchPointer;
            Parallel.For(0, partitions, new ParallelOptions { MaxDegreeOfParallelism = partitions }, p =>
            {
                Workspace<T> workspace = this.WorkspaceFor(p);
                int end = (int)((long)count * (p + 1) / partitions);
                for (int b = (int)((long)count * p / partitions); b < end; b++)
                {
                    action(new Span<T>((T*)address + (long)b * length, length), b, workspace);
                }
            });
        }
    }
}
