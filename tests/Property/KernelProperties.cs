using System.Numerics;
using System.Runtime.Intrinsics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HardmaxCore.Kernels;

namespace HardmaxCore.PropertyTests;

/// <summary>
/// Exact facts about the Core's kernels: every width gives the same bits, identical tokens get identical scores and
/// stay identical (SPEC §1.4), a parallel batch equals its configurations run alone, and kernels touch only their slice.
/// </summary>
public sealed class KernelProperties
{
    /// <summary>n and d run from 1 to one past two 512-bit vectors of float, so every tail length of every width occurs.</summary>
    public static TheoryData<int> TokenCounts()
    {
        var data = new TheoryData<int>();
        for (int n = 1; n <= 2 * Vector512<float>.Count + 1; n++)
        {
            data.Add(n);
        }
        return data;
    }

    /// <summary>
    /// All kernel variants of <see cref="KernelFactory.All"/> give bitwise-identical layers (hardmax and softmax), attention
    /// sets and runs to convergence, in float and double, for every n and d from 1 to 33, on generic and lattice inputs.
    /// </summary>
    [Theory]
    [MemberData(nameof(TokenCounts))]
    public void Kernels_AreBitwiseIdentical(int n)
    {
        for (int d = 1; d <= 2 * Vector512<float>.Count + 1; d++)
        {
            var random = new Random(1000 * n + d);
            bool lattice = (n + d) % 2 == 0;
            double[][] z = RandomTokens(random, n, d, lattice);
            double[,]? a = d % 3 == 0 ? RandomSpd(random, d, lattice) : null;
            AssertKernelsAgree<float>(z, a, n, d);
            AssertKernelsAgree<double>(z, a, n, d);
        }
    }

    /// <summary>
    /// SPEC §1.4: a token and its copy get bitwise-identical scores in every row and identical rows, whichever vector
    /// block, tail or row block they fall in (copies at the first, a middle and the last column).
    /// </summary>
    [Theory]
    [MemberData(nameof(TokenCounts))]
    public void DuplicateTokens_GetBitwiseIdenticalScores(int n)
    {
        foreach (int d in (int[])[1, 2, 3, 5, 8, 17, 33])
        {
            var random = new Random(7919 * n + d);
            double[][] z = RandomTokens(random, n, d, lattice: false);
            z[n - 1] = (double[])z[0].Clone();
            z[n / 2] = (double[])z[0].Clone();
            double[,]? a = d % 2 == 1 ? RandomSpd(random, d, lattice: false) : null;
            int[] copies = [0, n / 2, n - 1];
            AssertCopiesScoreAlike<float, ScalarSimd<float>, float>(z, a, copies);
            AssertCopiesScoreAlike<float, Vector256Simd<float>, Vector256<float>>(z, a, copies);
            AssertCopiesScoreAlike<float, Vector512Simd<float>, Vector512<float>>(z, a, copies);
            AssertCopiesScoreAlike<double, ScalarSimd<double>, double>(z, a, copies);
            AssertCopiesScoreAlike<double, Vector256Simd<double>, Vector256<double>>(z, a, copies);
            AssertCopiesScoreAlike<double, Vector512Simd<double>, Vector512<double>>(z, a, copies);
        }
    }

    /// <summary>
    /// SPEC §1.4: identical tokens stay identical — same scores, same attention set, same update — at every layer of a
    /// hardmax and a softmax run, in every engine and kernel.
    /// </summary>
    [Property(Arbitrary = new[] { typeof(Configurations) }, MaxTest = 60, Replay = Configurations.Replay)]
    public Property DuplicateTokens_StayIdentical() => Prop.ForAll(Configurations.Of(Configurations.WithDuplicates()), c =>
    {
        foreach (Engine engine in Engine.EveryKernel)
        {
            int[] groups = Separation.CopyGroups(engine.Round(c.Tokens));
            foreach ((Attention attention, int steps) in ((Attention, int)[])[(Attention.Hardmax, 6), (Attention.Softmax, 3)])
            {
                double[][][] layers = engine.Trajectory(c.Tokens, c.KeyQuery, c.Alpha, steps, attention, 0.05);
                for (int k = 0; k <= steps; k++)
                {
                    for (int i = 0; i < c.N; i++)
                    {
                        Assert.True(
                            Exact.SameBits(layers[k][i], layers[k][groups[i]]),
                            $"{engine} {attention} layer {k}: token {i}, a copy of token {groups[i]} in the input, now differs: {Exact.Describe([layers[k][i]])} vs {Exact.Describe([layers[k][groups[i]]])}.");
                    }
                }
            }
        }
    });

    /// <summary>
    /// A batch spread over several partitions (and so several workspaces and threads) gives, bitwise, what each
    /// configuration gives alone on one thread: Run with a trajectory, Step, softmax Run and RunToConvergence.
    /// </summary>
    [Property(Arbitrary = new[] { typeof(Configurations) }, MaxTest = 40, Replay = Configurations.Replay)]
    public Property Batch_MatchesOneByOne() => Prop.ForAll(Configurations.Of(Configurations.Any()), c =>
    {
        Random random = c.Random();
        int count = random.Next(1, 8);
        double[][][] configurations = Enumerable.Range(0, count)
            .Select(b => b == 0 ? c.Tokens : c.Tokens.Select(row => row.Select(x => x + random.NextDouble() - 0.5).ToArray()).ToArray())
            .ToArray();
        AssertBatchMatches<float>(c, configurations, 1e-5);
        AssertBatchMatches<double>(c, configurations, 1e-12);
    });

    /// <summary>
    /// STYLE habit 22: the Core runs on slices of larger arrays whose margins hold NaN sentinels; every public entry point
    /// (Step, Run with a trajectory, RunToConvergence, AttentionSets, Leaders, StrictLeaders, Trace) leaves the margins
    /// bit for bit as they were and writes NaN-free results.
    /// </summary>
    [Property(Arbitrary = new[] { typeof(Configurations) }, MaxTest = 40, Replay = Configurations.Replay)]
    public void Slices_LeaveNaNSentinelMarginsUntouched(Case c)
    {
        foreach (KernelVariant kernel in KernelFactory.All)
        {
            AssertMarginsUntouched<float>(c, kernel);
            AssertMarginsUntouched<double>(c, kernel);
        }
    }

    private static void AssertKernelsAgree<T>(double[][] z, double[,]? a, int n, int d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[]? expected = null;
        KernelVariant first = KernelVariant.Auto;
        foreach (KernelVariant kernel in KernelFactory.All)
        {
            var options = DynamicsOptions.Default with { KeyQuery = a, Alpha = 0.75, Temperature = 0.05, MaxDegreeOfParallelism = 1, Variant = kernel };
            using var dynamics = new Dynamics<T>(n, d, options);
            T[] input = Engine.Flatten<T>(z);
            T[] hardmax = (T[])input.Clone();
            dynamics.Run(hardmax, 3);
            T[] softmax = (T[])input.Clone();
            dynamics.Run(softmax, 2, Attention.Softmax);
            T[] converged = (T[])input.Clone();
            var results = new Convergence[1];
            dynamics.RunToConvergence(converged, 1e-5, 200, results);
            int[] sets = dynamics.AttentionSets(input).SelectMany(s => s.Append(-1)).ToArray();
            T[] all = [.. hardmax, .. softmax, .. converged, .. sets.Select(T.CreateTruncating), T.CreateTruncating(results[0].Steps)];
            if (expected is null)
            {
                expected = all;
                first = kernel;
                continue;
            }
            Assert.True(
                expected.AsSpan().SequenceEqual(all),
                $"Core<{typeof(T).Name}> n={n} d={d}: {kernel} differs from {first} in the bits of a layer, a set or a run.");
        }
    }

    private static void AssertCopiesScoreAlike<T, TSimd, TVec>(double[][] z, double[,]? a, int[] copies)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVec>
        where TVec : struct
    {
        int n = z.Length;
        int d = z[0].Length;
        T[]? keyQuery = a is null ? null : Engine.Flatten<T>(Enumerable.Range(0, d).Select(k => Enumerable.Range(0, d).Select(l => a[k, l]).ToArray()).ToArray());
        using var workspace = new Workspace<T>(n, d, keyQuery is not null);
        ScoreKernel.Prepare<T>(Engine.Flatten<T>(z), keyQuery, workspace);
        var scores = new T[n][];
        for (int i0 = 0; i0 < n; i0 += ScoreKernel.RowBlock)
        {
            int rows = Math.Min(ScoreKernel.RowBlock, n - i0);
            ScoreKernel.Rows<T, TSimd, TVec>(workspace, keyQuery is not null, i0, rows);
            for (int r = 0; r < rows; r++)
            {
                scores[i0 + r] = workspace.Scores.Slice(r * workspace.NPad, n).ToArray();
            }
        }
        string name = $"{typeof(TSimd).Name.Split('`')[0]}<{typeof(T).Name}> n={n} d={d}";
        for (int i = 0; i < n; i++)
        {
            foreach (int j in copies)
            {
                Assert.True(
                    scores[i][j].Equals(scores[i][copies[0]]) && BitsOf(scores[i][j]) == BitsOf(scores[i][copies[0]]),
                    $"{name}: row {i} scores the copies {copies[0]} and {j} differently: {scores[i][copies[0]]} vs {scores[i][j]}.");
            }
        }
        foreach (int i in copies)
        {
            Assert.True(
                scores[i].Select(BitsOf).SequenceEqual(scores[copies[0]].Select(BitsOf)),
                $"{name}: the score rows of the copies {copies[0]} and {i} differ.");
        }
    }

    private static void AssertBatchMatches<T>(Case c, double[][][] configurations, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = c.N;
        int d = c.D;
        int length = n * d;
        int count = configurations.Length;
        const int Steps = 3;
        var single = DynamicsOptions.Default with { KeyQuery = c.KeyQuery, Alpha = c.Alpha, Temperature = 0.05, MaxDegreeOfParallelism = 1 };
        T[] batch = configurations.SelectMany(Engine.Flatten<T>).ToArray();
        foreach (int threads in (int[])[2, 3])
        {
            using var parallel = new Dynamics<T>(n, d, single with { MaxDegreeOfParallelism = threads });
            using var alone = new Dynamics<T>(n, d, single);

            T[] run = (T[])batch.Clone();
            var trajectory = new T[count * (Steps + 1) * length];
            parallel.Run(run, Steps, trajectory);
            T[] stepped = new T[batch.Length];
            parallel.Step(batch, stepped);
            T[] softmax = (T[])batch.Clone();
            parallel.Run(softmax, Steps, Attention.Softmax);
            T[] converged = (T[])batch.Clone();
            var results = new Convergence[count];
            parallel.RunToConvergence(converged, tolerance, 500, results);

            for (int b = 0; b < count; b++)
            {
                T[] one = batch.AsSpan(b * length, length).ToArray();
                T[] oneTrajectory = new T[(Steps + 1) * length];
                T[] oneRun = (T[])one.Clone();
                alone.Run(oneRun, Steps, oneTrajectory);
                T[] oneStep = new T[length];
                alone.Step(one, oneStep);
                T[] oneSoftmax = (T[])one.Clone();
                alone.Run(oneSoftmax, Steps, Attention.Softmax);
                T[] oneConverged = (T[])one.Clone();
                var oneResult = new Convergence[1];
                alone.RunToConvergence(oneConverged, tolerance, 500, oneResult);

                string where = $"Core<{typeof(T).Name}> threads={threads}, configuration {b} of {count}";
                Assert.True(run.AsSpan(b * length, length).SequenceEqual(oneRun), $"{where}: Run differs.");
                Assert.True(trajectory.AsSpan(b * (Steps + 1) * length, (Steps + 1) * length).SequenceEqual(oneTrajectory), $"{where}: the trajectory differs.");
                Assert.True(stepped.AsSpan(b * length, length).SequenceEqual(oneStep), $"{where}: Step differs.");
                Assert.True(softmax.AsSpan(b * length, length).SequenceEqual(oneSoftmax), $"{where}: the softmax Run differs.");
                Assert.True(converged.AsSpan(b * length, length).SequenceEqual(oneConverged), $"{where}: RunToConvergence differs.");
                Assert.Equal(oneResult[0], results[b]);
            }
        }
    }

    private static void AssertMarginsUntouched<T>(Case c, KernelVariant kernel)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int Margin = 37;
        const int Steps = 2;
        int length = c.N * c.D;
        T sentinel = Sentinel<T>();
        var options = DynamicsOptions.Default with { KeyQuery = c.KeyQuery, Alpha = c.Alpha, Temperature = 0.05, MaxDegreeOfParallelism = 2, Variant = kernel };
        using var dynamics = new Dynamics<T>(c.N, c.D, options);
        T[] tokens = [.. Engine.Flatten<T>(c.Tokens), .. Engine.Flatten<T>(c.Tokens)];

        T[] source = Guarded(tokens, Margin, sentinel);
        T[] destination = Guarded(new T[tokens.Length], Margin, sentinel);
        destination.AsSpan(Margin, tokens.Length).Fill(sentinel);
        dynamics.Step(source.AsSpan(Margin, tokens.Length), destination.AsSpan(Margin, tokens.Length));
        T[] trajectory = Guarded(new T[2 * (Steps + 1) * length], Margin, sentinel);
        dynamics.Run(source.AsSpan(Margin, tokens.Length), Steps, trajectory.AsSpan(Margin, 2 * (Steps + 1) * length));
        T[] softmax = Guarded(tokens, Margin, sentinel);
        dynamics.Run(softmax.AsSpan(Margin, tokens.Length), Steps, Attention.Softmax);
        T[] converged = Guarded(tokens, Margin, sentinel);
        var results = new Convergence[2];
        dynamics.RunToConvergence(converged.AsSpan(Margin, tokens.Length), 1e-4, 50, results);
        T[] single = Guarded(Engine.Flatten<T>(c.Tokens), Margin, sentinel);
        ReadOnlySpan<T> configuration = single.AsSpan(Margin, length);
        int[][] sets = dynamics.AttentionSets(configuration);
        _ = dynamics.Leaders(configuration);
        _ = dynamics.StrictLeaders(configuration);
        Trajectory<T> trace = dynamics.Trace(configuration, Steps);

        foreach ((string name, T[] array, int inside) in ((string, T[], int)[])
            [("Step source", source, tokens.Length), ("Step destination", destination, tokens.Length), ("trajectory", trajectory, 2 * (Steps + 1) * length),
             ("softmax Run", softmax, tokens.Length), ("RunToConvergence", converged, tokens.Length), ("single configuration", single, length)])
        {
            string where = $"Core<{typeof(T).Name}>/{kernel} {name}";
            for (int index = 0; index < Margin; index++)
            {
                Assert.True(BitsOf(array[index]) == BitsOf(sentinel), $"{where}: the sentinel before the slice was overwritten at {index - Margin}.");
                Assert.True(
                    BitsOf(array[Margin + inside + index]) == BitsOf(sentinel),
                    $"{where}: the sentinel after the slice was overwritten at +{index}.");
            }
            for (int index = Margin; index < Margin + inside; index++)
            {
                Assert.True(T.IsFinite(array[index]), $"{where}: a non-finite result {array[index]} at {index - Margin}.");
            }
        }
        Assert.All(sets, set => Assert.All(set, j => Assert.InRange(j, 0, c.N - 1)));
        Assert.All(trace.Layers, layer => Assert.All(layer, x => Assert.True(T.IsFinite(x))));
    }

    /// <summary>A quiet NaN with a recognisable payload.</summary>
    private static T Sentinel<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
        => typeof(T) == typeof(float)
            ? (T)(object)BitConverter.Int32BitsToSingle(0x7FC0_BEEF)
            : (T)(object)BitConverter.Int64BitsToDouble(0x7FF8_DEAD_BEEF_0001);

    private static T[] Guarded<T>(T[] inside, int margin, T sentinel)
    {
        var array = new T[inside.Length + 2 * margin];
        array.AsSpan().Fill(sentinel);
        inside.CopyTo(array.AsSpan(margin));
        return array;
    }

    private static long BitsOf<T>(T value)
        where T : unmanaged
        => typeof(T) == typeof(float) ? BitConverter.SingleToInt32Bits((float)(object)value) : BitConverter.DoubleToInt64Bits((double)(object)value);

    private static double[][] RandomTokens(Random random, int n, int d, bool lattice)
        => Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, d).Select(_ => lattice ? random.Next(-2, 3) : random.NextDouble() * 2 - 1).ToArray()).ToArray();

    private static double[,] RandomSpd(Random random, int d, bool lattice)
    {
        double[][] b = Enumerable.Range(0, d).Select(_ => Enumerable.Range(0, d).Select(_ => lattice ? random.Next(-1, 2) : random.NextDouble() * 2 - 1).ToArray()).ToArray();
        return Configurations.Gram(b, 1);
    }
}
