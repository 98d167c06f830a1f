using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CommunityToolkit.HighPerformance.Buffers;

namespace HardmaxCore.Kernels;

/// <summary>Hardmax and softmax layers on one configuration, in place (SPEC §1.2, §1.3).</summary>
/// <remarks>
/// <para>Identical tokens are merged first into U distinct points with multiplicities (SPEC §1.4): identical tokens have
/// identical scores and updates, so they stay identical, and the layers run on the U points only. The mean over an
/// attention set weights each point by its multiplicity, <c>mean_{C_i} z = Σ_{u∈C_i} c_u z_u / Σ_{u∈C_i} c_u</c>; with every
/// <c>c_u = 1</c> this is the Reference's sum in the Reference's order, bit for bit.</para>
/// <para>The per-layer methods are <c>AggressiveOptimization</c>, as the score kernel: a training run calls them from its
/// first batch on, and on a busy machine tiered compilation left them unoptimised for seconds (the classifier benchmark
/// ran at half speed until it caught up).</para>
/// <para>Scores come a block of <see cref="ScoreKernel.RowBlock"/> rows at a time with their row maxima, and are used at
/// once; a layer reads the points of one buffer and writes the next layer into another, so nothing is read after it
/// has been overwritten.</para>
/// </remarks>
internal static class LayerKernel
{
    /// <summary>
    /// Softmax weights <c>exp((s − m)/τ)</c> below <c>e^−cutoff</c> are dropped: they are under the smallest normal number
    /// (87 in float, where the exponential's vector range starts; 88 before the float exponential).
    /// </summary>
    private const double FloatCutoff = 87;

    /// <summary>The same cutoff in double precision.</summary>
    private const double DoubleCutoff = 708;

    /// <summary>Runs one layer on <paramref name="z"/> (n × d, row-major) in place.</summary>
    public static LayerChange<T> Step<T, TSimd, TVec>(
        Span<T> z, Attention attention, in LayerParameters<T> parameters, Workspace<T> workspace)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVec>
        where TVec : struct
    {
        Run<T, TSimd, TVec>(z, 1, attention, parameters, workspace, [], stopWhenWithin: false, T.Zero, out LayerChange<T> last, measureLast: true);
        return last;
    }

    /// <summary>
    /// Runs up to <paramref name="steps"/> layers on <paramref name="z"/> (n × d, row-major) in place, merging identical
    /// tokens once for all of them; returns the number of layers run.
    /// </summary>
    /// <param name="z">The configuration, updated in place.</param>
    /// <param name="steps">The number of layers (or the cap, when stopping at convergence).</param>
    /// <param name="attention">Hardmax or softmax.</param>
    /// <param name="parameters">α/(1+α), A, tie tolerance, τ.</param>
    /// <param name="workspace">The scratch memory of this thread.</param>
    /// <param name="trajectory">Empty, or <c>(steps+1)·n·d</c> values that receive layer 0 to layer <paramref name="steps"/>.</param>
    /// <param name="stopWhenWithin">Whether to stop after the first layer whose change is within <paramref name="tolerance"/> (SPEC §1.5).</param>
    /// <param name="tolerance">The convergence tolerance.</param>
    /// <param name="last">The change of the last layer run, when measured (else zero).</param>
    /// <param name="measureLast">Whether to measure the change of every layer even when not stopping at convergence.</param>
    [SkipLocalsInit]
    public static int Run<T, TSimd, TVec>(
        Span<T> z, int steps, Attention attention, in LayerParameters<T> parameters, Workspace<T> workspace,
        Span<T> trajectory, bool stopWhenWithin, T tolerance, out LayerChange<T> last, bool measureLast = false)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVec>
        where TVec : struct
    {
        int n = workspace.N;
        int d = workspace.D;
        int length = n * d;
        last = default;
        if (!trajectory.IsEmpty)
        {
            z.CopyTo(trajectory);
        }
        if (steps <= 0)
        {
            return 0;
        }
        using var map = SpanOwner<int>.Allocate(n + TableSize(n));
        using var multiplicity = SpanOwner<T>.Allocate(n);
        Span<int> tokenPoint = map.Span[..n];
        Span<T> weights = multiplicity.Span;
        Span<T> current = workspace.Old;
        int unique = Merge(z, n, d, current, tokenPoint, weights, map.Span[n..]);
        Span<T> next = z;
        bool measure = stopWhenWithin || measureLast;
        int k = 0;
        while (k < steps)
        {
            last = Layer<T, TSimd, TVec>(current[..(unique * d)], next[..(unique * d)], unique, weights, attention, parameters, workspace, measure, null);
            k++;
            Span<T> swap = current;
            current = next;
            next = swap;
            if (!trajectory.IsEmpty)
            {
                Expand(current, trajectory.Slice(k * length, length), tokenPoint, d);
            }
            if (stopWhenWithin && last.IsWithin(tolerance))
            {
                break;
            }
        }
        // The result is in `current`, rows 0..U−1; spread it back over the n tokens of z.
        if (!Unsafe.AreSame(ref MemoryMarshal.GetReference(current), ref MemoryMarshal.GetReference(z)))
        {
            current[..(unique * d)].CopyTo(z);
        }
        if (unique < n)
        {
            // Token i's point u is never after i (points are numbered by first appearance), so going down reads only rows not yet written.
            for (int i = n - 1; i > 0; i--)
            {
                int u = tokenPoint[i];
                if (u != i)
                {
                    z.Slice(u * d, d).CopyTo(z.Slice(i * d, d));
                }
            }
        }
        return k;
    }

    /// <summary>The attention sets of every token of <paramref name="z"/>, with the same scores as <see cref="Run"/>.</summary>
    public static int[][] AttentionSets<T, TSimd, TVec>(ReadOnlySpan<T> z, in LayerParameters<T> parameters, Workspace<T> workspace)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVec>
        where TVec : struct
    {
        int n = workspace.N;
        int nPad = workspace.NPad;
        ScoreKernel.Prepare(z, parameters.KeyQuery, workspace);
        ReadOnlySpan<T> queries = parameters.KeyQuery is not null ? workspace.Queries : workspace.Old;
        Span<T> maxima = stackalloc T[ScoreKernel.RowBlock];
        var sets = new int[n][];
        for (int i0 = 0; i0 < n; i0 += ScoreKernel.RowBlock)
        {
            int rows = Math.Min(ScoreKernel.RowBlock, n - i0);
            ScoreKernel.Rows<T, TSimd, TVec>(queries, workspace, i0, rows, n, maxima);
            for (int r = 0; r < rows; r++)
            {
                ReadOnlySpan<T> scores = workspace.Scores.Slice(r * nPad, nPad);
                T threshold = AttentionSetKernel.Threshold(maxima[r], parameters.TieTolerance);
                int count = AttentionSetKernel.FindAtLeast<T, TSimd, TVec>(scores, n, threshold, workspace.Members);
                sets[i0 + r] = workspace.Members[..count].ToArray();
            }
        }
        return sets;
    }

    /// <summary>
    /// The distinct leaders of the first <paramref name="count"/> points (row-major, d each, no two equal): points u with
    /// <c>u ∈ C_u</c> (SPEC §1.5), with the same scores as <see cref="Layer"/>; writes them ascending and returns how many.
    /// </summary>
    public static int Leaders<T, TSimd, TVec>(
        ReadOnlySpan<T> points, int count, in LayerParameters<T> parameters, Workspace<T> workspace, Span<int> leaders)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVec>
        where TVec : struct
    {
        int nPad = workspace.NPad;
        ScoreKernel.Prepare(points, count, parameters.KeyQuery, workspace);
        ReadOnlySpan<T> queries = parameters.KeyQuery is not null ? workspace.Queries : points;
        Span<T> maxima = stackalloc T[ScoreKernel.RowBlock];
        int found = 0;
        for (int i0 = 0; i0 < count; i0 += ScoreKernel.RowBlock)
        {
            int rows = Math.Min(ScoreKernel.RowBlock, count - i0);
            ScoreKernel.Rows<T, TSimd, TVec>(queries, workspace, i0, rows, count, maxima);
            for (int r = 0; r < rows; r++)
            {
                // i ∈ C_i iff s_ii ≥ the attention set's threshold (m_i itself with exact ties).
                if (workspace.Scores[(r * nPad) + i0 + r] >= AttentionSetKernel.Threshold(maxima[r], parameters.TieTolerance))
                {
                    leaders[found++] = i0 + r;
                }
            }
        }
        return found;
    }

    /// <summary>
    /// One layer on the U distinct points: <paramref name="next"/> = Step(<paramref name="points"/>), each point weighted by
    /// its multiplicity; when <paramref name="record"/> is given, it receives every row's kept columns, raw weights and total.
    /// </summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static LayerChange<T> Layer<T, TSimd, TVec>(
        ReadOnlySpan<T> points, Span<T> next, int unique, ReadOnlySpan<T> multiplicity, Attention attention,
        in LayerParameters<T> parameters, Workspace<T> workspace, bool measure, AttentionRecord<T>? record)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVec>
        where TVec : struct
    {
        int d = workspace.D;
        int nPad = workspace.NPad;
        ScoreKernel.Prepare(points, unique, parameters.KeyQuery, workspace);
        ReadOnlySpan<T> queries = parameters.KeyQuery is not null ? workspace.Queries : points;
        Span<T> maxima = stackalloc T[ScoreKernel.RowBlock];
        record?.Begin(unique);
        T change = T.Zero;
        T size = T.Zero;
        for (int i0 = 0; i0 < unique; i0 += ScoreKernel.RowBlock)
        {
            int rows = Math.Min(ScoreKernel.RowBlock, unique - i0);
            ScoreKernel.Rows<T, TSimd, TVec>(queries, workspace, i0, rows, unique, maxima);
            for (int r = 0; r < rows; r++)
            {
                int i = i0 + r;
                ReadOnlySpan<T> scores = workspace.Scores.Slice(r * nPad, nPad);
                LayerChange<T> row = attention == Attention.Hardmax
                    ? HardmaxRow<T, TSimd, TVec>(points, next.Slice(i * d, d), i, unique, scores, maxima[r], multiplicity, parameters, workspace, measure, record)
                    : SoftmaxRow<T, TSimd, TVec>(points, next.Slice(i * d, d), i, unique, scores, maxima[r], multiplicity, parameters, workspace, measure, record);
                change = T.Max(change, row.Change);
                size = T.Max(size, row.Size);
            }
        }
        return new LayerChange<T>(change, size);
    }

    /// <summary>
    /// <c>z_i⁺ = z_i + α/(1+α) · Σ_{u∈C_i} c_u (z_u − z_i) / Σ_{u∈C_i} c_u</c>, the form in which a strict leader stays put
    /// exactly (with every <c>c_u = 1</c>, the same arithmetic in the same order as ReferenceDynamics.HardmaxStep).
    /// </summary>
    /// <remarks>same as: <c>C_i = Find(s, m − tieTol·max(1,|m|))</c>, then the mean over C_i weighted by c_u.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static LayerChange<T> HardmaxRow<T, TSimd, TVec>(
        ReadOnlySpan<T> points, Span<T> destination, int i, int unique, ReadOnlySpan<T> scores, T maximum,
        ReadOnlySpan<T> multiplicity, in LayerParameters<T> parameters, Workspace<T> workspace, bool measure, AttentionRecord<T>? record)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVec>
        where TVec : struct
    {
        Span<int> members = workspace.Members;
        int count = AttentionSetKernel.FindAtLeast<T, TSimd, TVec>(
            scores, unique, AttentionSetKernel.Threshold(maximum, parameters.TieTolerance), members);
        Span<T> weights = workspace.Weights[..count];
        for (int e = 0; e < count; e++)
        {
            weights[e] = multiplicity[members[e]];
        }
        return WeightedUpdate<T, TSimd, TVec>(points, destination, i, members[..count], weights, parameters.Step, workspace, measure, record);
    }

    /// <summary>
    /// <c>P_ij ∝ c_j exp((s_ij − m_i)/τ)</c>; <c>z_i⁺ = z_i + α/(1+α)·Σ_j P_ij (z_j − z_i)</c> (SPEC §1.3).
    /// </summary>
    /// <remarks>
    /// The row maximum is subtracted first: TensorPrimitives.SoftMax does not, and at τ = 10⁻³ it would overflow. Terms
    /// with <c>(s_ij − m_i)/τ</c> below −88 (float) or −708 (double) have weights under the smallest normal number and are
    /// skipped, so the row costs O(|kept|·d) after the scores: at τ = 10⁻³ usually one or two terms.
    /// same as: <c>w = Exp((s − m)/τ); Σ_j w_j (z_j − z_i) / Σ_j w_j</c>.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static LayerChange<T> SoftmaxRow<T, TSimd, TVec>(
        ReadOnlySpan<T> points, Span<T> destination, int i, int unique, ReadOnlySpan<T> scores, T maximum,
        ReadOnlySpan<T> multiplicity, in LayerParameters<T> parameters, Workspace<T> workspace, bool measure, AttentionRecord<T>? record)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVec>
        where TVec : struct
    {
        Span<int> members = workspace.Members;
        Span<T> weights = workspace.Weights;
        int count = SoftmaxWeights<T, TSimd, TVec>(scores, unique, maximum, multiplicity, parameters.Temperature, members, weights);
        return WeightedUpdate<T, TSimd, TVec>(points, destination, i, members[..count], weights[..count], parameters.Step, workspace, measure, record);
    }

    /// <summary>
    /// The kept members of one softmax row, ascending, and their weights <c>c_j·exp((s_j − m)/τ)</c> (not normalised);
    /// returns how many were kept (those with <c>s_j ≥ m − cutoff·τ</c>, see <see cref="SoftmaxCutoff{T}"/>).
    /// </summary>
    /// <remarks>
    /// same as: <c>for j in FindAtLeast(s, m − cutoff·τ): w_e = c_j · Exponential.Exp((s_j − m)/τ)</c>, each operation rounded
    /// once per element (the vectorized subtract, divide and multiply round exactly as their scalar forms, and the exponential
    /// is <see cref="Exponential"/>'s, so the weights do not depend on the path or the machine). The subtraction comes first, so no weight overflows whatever the scale of the scores.
    /// </remarks>
    /// <param name="scores">The row of scores, padded to a whole number of vectors.</param>
    /// <param name="unique">The points (columns) of the row.</param>
    /// <param name="maximum">The row maximum m.</param>
    /// <param name="multiplicity">The multiplicities c_j, or empty when every c_j is 1.</param>
    /// <param name="temperature">τ.</param>
    /// <param name="members">Receives the kept indices j.</param>
    /// <param name="weights">Receives the weights of the kept indices, in the same order.</param>
    /// <param name="fillWhenAllKept">Whether to write <paramref name="members"/> when every index is kept (then they are 0..U−1).</param>
    internal static int SoftmaxWeights<T, TSimd, TVec>(
        ReadOnlySpan<T> scores, int unique, T maximum, ReadOnlySpan<T> multiplicity, T temperature, Span<int> members, Span<T> weights,
        bool fillWhenAllKept = true)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVec>
        where TVec : struct
    {
        T threshold = maximum - SoftmaxCutoff<T>() * temperature;
        int count;
        if (TensorPrimitives.Min(scores[..unique]) >= threshold)
        {
            // Every column kept (the usual case at a high temperature): members[e] = e, written only if the caller reads them.
            count = unique;
            if (fillWhenAllKept)
            {
                for (int e = 0; e < unique; e++)
                {
                    members[e] = e;
                }
            }
        }
        else
        {
            count = AttentionSetKernel.FindAtLeast<T, TSimd, TVec>(scores, unique, threshold, members);
        }
        Span<T> kept = weights[..count];
        if (count == unique)
        {
            TensorPrimitives.Subtract(scores[..unique], maximum, kept); // every column kept: members[e] = e
        }
        else
        {
            KeptDifferences<T, TSimd, TVec>(scores, members[..count], maximum, kept);
        }
        if (temperature != T.One)
        {
            TensorPrimitives.Divide(kept, temperature, kept); // (dividing by 1 changes no bit: skipped)
        }
        // Exponential, not TensorPrimitives.Exp: the same bits on every machine (the latter's width follows the hardware).
        Exponential.ExpInPlace<T, TVec>(kept);
        if (multiplicity.IsEmpty)
        {
            return count;
        }
        if (count == unique)
        {
            TensorPrimitives.Multiply(multiplicity[..unique], kept, kept);
            return count;
        }
        for (int e = 0; e < count; e++)
        {
            kept[e] = multiplicity[members[e]] * kept[e];
        }
        return count;
    }

    /// <summary><c>kept[e] = scores[members[e]] − m</c>: a vector at a time over runs of consecutive members, else one at a time.</summary>
    /// <remarks>Each element is one subtraction rounded once either way, so the path does not change a bit.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void KeptDifferences<T, TSimd, TVec>(ReadOnlySpan<T> scores, ReadOnlySpan<int> members, T maximum, Span<T> kept)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVec>
        where TVec : struct
    {
        int width = TSimd.Count;
        int count = members.Length;
        TVec m = TSimd.Broadcast(maximum);
        ref T s = ref MemoryMarshal.GetReference(scores);
        ref T k = ref MemoryMarshal.GetReference(kept);
        int e = 0;
        while (e < count)
        {
            // Members ascend without repeats, so W of them are consecutive exactly when the last is the first + W − 1.
            if (e + width <= count && members[e + width - 1] - members[e] == width - 1 && members[e] + width <= scores.Length)
            {
                TSimd.Store(TSimd.Subtract(TSimd.Load(ref s, (nuint)members[e]), m), ref k, (nuint)e);
                e += width;
            }
            else
            {
                kept[e] = scores[members[e]] - maximum;
                e++;
            }
        }
    }

    /// <summary>
    /// The cutoff c of the softmax weights: <c>exp((s − m)/τ)</c> is dropped when <c>(s − m)/τ &lt; −c</c>, where it is under the
    /// smallest normal number (c = 88 in float, 708 in double).
    /// </summary>
    public static T SoftmaxCutoff<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
        => T.CreateTruncating(typeof(T) == typeof(float) ? FloatCutoff : DoubleCutoff);

    /// <summary>
    /// <c>z_i⁺ = z_i + step · Σ_e w_e (z_{u_e} − z_i) / Σ_e w_e</c> over the given members u_e, summed in their order.
    /// </summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static LayerChange<T> WeightedUpdate<T, TSimd, TVec>(
        ReadOnlySpan<T> points, Span<T> destination, int i, ReadOnlySpan<int> members, ReadOnlySpan<T> weights, T step,
        Workspace<T> workspace, bool measure, AttentionRecord<T>? record)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : ISimd<T, TVec>
        where TVec : struct
    {
        int d = workspace.D;
        Span<T> sum = workspace.Sum;
        ref T x = ref MemoryMarshal.GetReference(points);
        ref T xi = ref Unsafe.Add(ref x, (nuint)(i * d));
        ref T sumRef = ref MemoryMarshal.GetReference(sum);
        RowOps<T, TSimd, TVec>.Clear(ref sumRef, d);
        T total = T.Zero;
        for (int e = 0; e < members.Length; e++)
        {
            RowOps<T, TSimd, TVec>.AddScaledDifference(ref sumRef, ref Unsafe.Add(ref x, (nuint)(members[e] * d)), ref xi, weights[e], d);
            total += weights[e];
        }
        record?.Append(i, members, weights, total);
        if (!measure)
        {
            RowOps<T, TSimd, TVec>.Update(ref MemoryMarshal.GetReference(destination), ref xi, ref sumRef, total, step, d);
            return default;
        }
        return RowOps<T, TSimd, TVec>.UpdateMeasured(ref MemoryMarshal.GetReference(destination), ref xi, ref sumRef, total, step, d);
    }

    /// <summary>Slots in the hash table of <see cref="Merge"/>: a power of two, at least 2n.</summary>
    private static int TableSize(int n) => (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(2 * n, 2));

    /// <summary>
    /// Groups bitwise-identical tokens: writes the distinct points (in order of first appearance) to
    /// <paramref name="points"/>, each token's point to <paramref name="tokenPoint"/>, and the multiplicities; returns U.
    /// </summary>
    /// <remarks>An open-addressing hash table over the tokens' bits; O(n·d).</remarks>
    private static int Merge<T>(ReadOnlySpan<T> z, int n, int d, Span<T> points, Span<int> tokenPoint, Span<T> multiplicity, Span<int> table)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        table.Clear(); // slot holds point + 1; 0 is empty
        int mask = table.Length - 1;
        int unique = 0;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<T> token = z.Slice(i * d, d);
            ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(token);
            int slot = Hash(bytes) & mask;
            while (true)
            {
                int entry = table[slot];
                if (entry == 0)
                {
                    table[slot] = unique + 1;
                    token.CopyTo(points.Slice(unique * d, d));
                    multiplicity[unique] = T.One;
                    tokenPoint[i] = unique++;
                    break;
                }
                int u = entry - 1;
                if (MemoryMarshal.AsBytes(points.Slice(u * d, d)).SequenceEqual(bytes))
                {
                    multiplicity[u] += T.One;
                    tokenPoint[i] = u;
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
        return unique;
    }

    /// <summary>A hash of a token's bits (equal bits, equal hash).</summary>
    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        ulong h = 0x9E3779B97F4A7C15UL;
        int b = 0;
        for (; b + sizeof(ulong) <= bytes.Length; b += sizeof(ulong))
        {
            h = (h ^ MemoryMarshal.Read<ulong>(bytes[b..])) * 0xBF58476D1CE4E5B9UL;
            h ^= h >> 31;
        }
        if (b < bytes.Length)
        {
            h = (h ^ MemoryMarshal.Read<uint>(bytes[b..])) * 0xBF58476D1CE4E5B9UL;
        }
        h ^= h >> 29;
        return (int)(h ^ (h >> 32)) & int.MaxValue;
    }

    /// <summary>Writes point <c>tokenPoint[i]</c> of <paramref name="points"/> to token i of <paramref name="destination"/>, for every token.</summary>
    private static void Expand<T>(ReadOnlySpan<T> points, Span<T> destination, ReadOnlySpan<int> tokenPoint, int d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < tokenPoint.Length; i++)
        {
            points.Slice(tokenPoint[i] * d, d).CopyTo(destination.Slice(i * d, d));
        }
    }
}
