using System.Numerics;
using HardmaxCore.Kernels;
using HardmaxCore.Reference;

namespace HardmaxCore.PropertyTests;

/// <summary>How a run to convergence ended: the configuration reached, the layers run, and whether it converged.</summary>
internal sealed record Equilibrium(double[][] Tokens, int Steps, bool Converged);

/// <summary>
/// One implementation of the dynamics seen through the Reference's signature (STYLE habit 5): configurations are
/// <c>double[][]</c>, A is <c>double[,]?</c> (null = I), and the same property drives the Reference and the Core
/// (double or float, any kernel width) through this one adapter.
/// </summary>
internal abstract class Engine
{
    /// <summary>The naive double-precision Reference, the ground truth.</summary>
    public static Engine Reference { get; } = new ReferenceEngine();

    /// <summary>The Reference, the Core in double and the Core in float, each with its default (widest accelerated) kernel.</summary>
    public static IReadOnlyList<Engine> Standard { get; } =
        [Reference, new CoreEngine<double>(KernelVariant.Auto), new CoreEngine<float>(KernelVariant.Auto)];

    /// <summary>The Reference and the Core in double and float with every kernel variant of <see cref="KernelFactory.All"/>.</summary>
    public static IReadOnlyList<Engine> EveryKernel { get; } =
    [
        Reference,
        .. KernelFactory.All.Select(k => (Engine)new CoreEngine<double>(k)),
        .. KernelFactory.All.Select(k => (Engine)new CoreEngine<float>(k)),
    ];

    /// <summary>The Core engines of <see cref="EveryKernel"/>.</summary>
    public static IReadOnlyList<Engine> CoreKernels { get; } = EveryKernel.Skip(1).ToArray();

    /// <summary>For assertion messages.</summary>
    public abstract string Name { get; }

    /// <summary>u of the working precision.</summary>
    public abstract double UnitRoundoff { get; }

    /// <summary>Whether this engine converts A (and the tokens) to a narrower type than double.</summary>
    public abstract bool IsNarrow { get; }

    /// <summary>The configuration as this engine stores it (rounded to its precision).</summary>
    public abstract double[][] Round(double[][] z);

    /// <summary>Layers 0..K of the dynamics: layer 0 is the input as stored (<see cref="Round"/>).</summary>
    public abstract double[][][] Trajectory(
        double[][] z, double[,]? a, double alpha, int steps, Attention attention = Attention.Hardmax, double temperature = 1e-3);

    /// <summary>The attention sets <c>C_i(Z)</c>, each ascending (SPEC §1.2), with the relative tie tolerance of SPEC §1.4.</summary>
    public abstract int[][] AttentionSets(double[][] z, double[,]? a, double tieTolerance = 0);

    /// <summary>One hardmax layer with the relative tie tolerance of SPEC §1.4.</summary>
    public abstract double[][] TolerantStep(double[][] z, double[,]? a, double alpha, double tieTolerance);

    /// <summary>The distinct leaders (SPEC §1.5).</summary>
    public abstract int[] Leaders(double[][] z, double[,]? a);

    /// <summary>The distinct strict leaders (SPEC §1.5).</summary>
    public abstract int[] StrictLeaders(double[][] z, double[,]? a);

    /// <summary>Hardmax layers until <c>max_i ‖Δz_i‖_∞ ≤ tol·(1 + max_i ‖z_i‖_∞)</c> or the step cap (SPEC §1.5).</summary>
    public abstract Equilibrium RunToConvergence(double[][] z, double[,]? a, double alpha, double tolerance, int maxSteps);

    /// <summary>One layer.</summary>
    public double[][] Step(double[][] z, double[,]? a, double alpha, Attention attention = Attention.Hardmax, double temperature = 1e-3)
        => this.Trajectory(z, a, alpha, 1, attention, temperature)[1];

    /// <summary>
    /// Bound on this engine's score error in row i, on a configuration it stores exactly (see <see cref="Bounds.Score"/>).
    /// </summary>
    public double ScoreError(double[][] z, double[,]? a, int i)
        => Bounds.Score(this.UnitRoundoff, z[i].Length, a, this.IsNarrow, Bounds.MaxAbs(z[i]), Bounds.MaxAbs(z));

    /// <summary>Bound on this engine's error in one hardmax layer (see <see cref="Bounds.HardmaxUpdate"/>).</summary>
    public double HardmaxUpdateError(double[][] z) => Bounds.HardmaxUpdate(this.UnitRoundoff, z.Length, Bounds.MaxAbs(z));

    /// <summary>Bound on the arithmetic error of one softmax layer (see <see cref="Bounds.SoftmaxUpdate"/>).</summary>
    public double SoftmaxUpdateError(double[][] z) => Bounds.SoftmaxUpdate(this.UnitRoundoff, z.Length, Bounds.MaxAbs(z));

    /// <summary>Per-index strict leaders: <c>i ∈ C_i</c> and every member of C_i equals z_i (copies included, unlike <see cref="StrictLeaders"/>).</summary>
    public static bool[] StrictByIndex(double[][] z, int[][] sets)
        => sets.Select((set, i) => Array.IndexOf(set, i) >= 0 && set.All(j => Exact.SameValues(z[j], z[i]))).ToArray();

    public override string ToString() => this.Name;

    private sealed class ReferenceEngine : Engine
    {
        public override string Name => "Reference";

        public override double UnitRoundoff => Bounds.DoubleRoundoff;

        public override bool IsNarrow => false;

        public override double[][] Round(double[][] z) => z.Select(row => (double[])row.Clone()).ToArray();

        public override double[][][] Trajectory(
            double[][] z, double[,]? a, double alpha, int steps, Attention attention = Attention.Hardmax, double temperature = 1e-3)
        {
            var layers = new double[steps + 1][][];
            layers[0] = this.Round(z);
            for (int k = 0; k < steps; k++)
            {
                layers[k + 1] = attention == Attention.Hardmax
                    ? ReferenceDynamics.HardmaxStep(layers[k], a, alpha)
                    : ReferenceDynamics.SoftmaxStep(layers[k], a, alpha, temperature);
            }
            return layers;
        }

        public override int[][] AttentionSets(double[][] z, double[,]? a, double tieTolerance = 0)
            => Enumerable.Range(0, z.Length).Select(i => ReferenceDynamics.AttentionSet(z, a, i, tieTolerance)).ToArray();

        public override double[][] TolerantStep(double[][] z, double[,]? a, double alpha, double tieTolerance)
            => ReferenceDynamics.HardmaxStep(z, a, alpha, tieTolerance);

        public override int[] Leaders(double[][] z, double[,]? a) => ReferenceDynamics.Leaders(z, a);

        public override int[] StrictLeaders(double[][] z, double[,]? a) => ReferenceDynamics.StrictLeaders(z, a);

        public override Equilibrium RunToConvergence(double[][] z, double[,]? a, double alpha, double tolerance, int maxSteps)
        {
            ReferenceEquilibrium result = ReferenceDynamics.RunToConvergence(z, a, alpha, tolerance, maxSteps);
            return new Equilibrium(result.Tokens, result.Steps, result.Converged);
        }
    }

    /// <summary>The vectorized Core, single-threaded, in precision T with one kernel variant.</summary>
    private sealed class CoreEngine<T>(KernelVariant kernel) : Engine
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public override string Name => $"Core<{typeof(T).Name}>/{kernel}";

        public override double UnitRoundoff => typeof(T) == typeof(float) ? Bounds.SingleRoundoff : Bounds.DoubleRoundoff;

        public override bool IsNarrow => typeof(T) == typeof(float);

        public override double[][] Round(double[][] z) => Unflatten<T>(Flatten<T>(z), z.Length, z[0].Length);

        public override double[][][] Trajectory(
            double[][] z, double[,]? a, double alpha, int steps, Attention attention = Attention.Hardmax, double temperature = 1e-3)
        {
            int n = z.Length;
            int d = z[0].Length;
            using Dynamics<T> dynamics = Create(n, d, a, alpha, temperature);
            T[] batch = Flatten<T>(z);
            var trajectory = new T[(steps + 1) * n * d];
            dynamics.Run(batch, steps, trajectory, attention);
            return Enumerable.Range(0, steps + 1).Select(k => Unflatten<T>(trajectory.AsSpan(k * n * d, n * d), n, d)).ToArray();
        }

        public override int[][] AttentionSets(double[][] z, double[,]? a, double tieTolerance = 0)
        {
            using Dynamics<T> dynamics = Create(z.Length, z[0].Length, a, 1, 1e-3, tieTolerance);
            return dynamics.AttentionSets(Flatten<T>(z));
        }

        public override double[][] TolerantStep(double[][] z, double[,]? a, double alpha, double tieTolerance)
        {
            int n = z.Length;
            int d = z[0].Length;
            using Dynamics<T> dynamics = Create(n, d, a, alpha, 1e-3, tieTolerance);
            T[] batch = Flatten<T>(z);
            dynamics.Run(batch, 1);
            return Unflatten<T>(batch, n, d);
        }

        public override int[] Leaders(double[][] z, double[,]? a)
        {
            using Dynamics<T> dynamics = Create(z.Length, z[0].Length, a, 1, 1e-3);
            return dynamics.Leaders(Flatten<T>(z));
        }

        public override int[] StrictLeaders(double[][] z, double[,]? a)
        {
            using Dynamics<T> dynamics = Create(z.Length, z[0].Length, a, 1, 1e-3);
            return dynamics.StrictLeaders(Flatten<T>(z));
        }

        public override Equilibrium RunToConvergence(double[][] z, double[,]? a, double alpha, double tolerance, int maxSteps)
        {
            int n = z.Length;
            int d = z[0].Length;
            using Dynamics<T> dynamics = Create(n, d, a, alpha, 1e-3);
            T[] batch = Flatten<T>(z);
            var results = new Convergence[1];
            dynamics.RunToConvergence(batch, tolerance, maxSteps, results);
            return new Equilibrium(Unflatten<T>(batch, n, d), results[0].Steps, results[0].Converged);
        }

        private Dynamics<T> Create(int n, int d, double[,]? a, double alpha, double temperature, double tieTolerance = 0) => new(
            n,
            d,
            DynamicsOptions.Default with
            {
                Alpha = alpha,
                TieTolerance = tieTolerance,
                KeyQuery = a,
                Temperature = temperature,
                MaxDegreeOfParallelism = 1,
                Variant = kernel,
            });
    }

    /// <summary>Row-major <c>[n·d]</c> in precision T (rounding to nearest).</summary>
    public static T[] Flatten<T>(double[][] z)
        where T : unmanaged, IFloatingPointIeee754<T>
        => z.SelectMany(row => row).Select(T.CreateTruncating).ToArray();

    /// <summary>n × d doubles (exact: every float is a double).</summary>
    public static double[][] Unflatten<T>(ReadOnlySpan<T> flat, int n, int d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var z = new double[n][];
        for (int i = 0; i < n; i++)
        {
            z[i] = new double[d];
            for (int k = 0; k < d; k++)
            {
                z[i][k] = double.CreateTruncating(flat[i * d + k]);
            }
        }
        return z;
    }
}
