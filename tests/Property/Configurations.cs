using FsCheck;
using FsCheck.Fluent;

namespace HardmaxCore.PropertyTests;

/// <summary>
/// Every generator of the property suite (STYLE habit 20), registered with
/// <c>[Property(Arbitrary = new[] { typeof(Configurations) })]</c>: a <see cref="Case"/> parameter gets <see cref="Cases"/>,
/// a mixture of all kinds; a property that needs one kind uses <c>Prop.ForAll(Configurations.Of(Configurations.LatticeTies()), …)</c>.
/// </summary>
/// <remarks>
/// Sizes sweep n and d from 1 past <c>2 * Vector512&lt;float&gt;.Count</c> = 32, so every tail length of every kernel width
/// occurs. Cases are built from a few shrinkable pieces (tokens, dimensions, A, α, digits) and <see cref="Shrink"/>
/// takes them apart, so a counterexample shrinks to a few tokens with short coordinates.
/// </remarks>
public static class Configurations
{
    /// <summary>At most this many tokens (the Reference is O(n²d) per layer; n ≤ 40 keeps the suite fast).</summary>
    public const int MaxTokens = 40;

    /// <summary>Up to 33 = 2·16 + 1 dimensions, one past two 512-bit vectors of float.</summary>
    public const int MaxDimension = 33;

    /// <summary>The fixed seed of every property (FsCheck <c>Replay</c>): runs are repeatable; FsCheck prints the seed of a failure.</summary>
    public const string Replay = "(20250707,1234567)";

    /// <summary>The Arbitrary FsCheck uses for a <see cref="Case"/> parameter: any kind, shrinking with <see cref="Shrink"/>.</summary>
    public static Arbitrary<Case> Cases() => Of(Any());

    /// <summary>Packages a generator of cases with <see cref="Shrink"/>.</summary>
    public static Arbitrary<Case> Of(Gen<Case> generator) => Arb.From(generator, Shrink);

    /// <summary>Any of the kinds, equally often.</summary>
    public static Gen<Case> Any() => Gen.OneOf(
        Generic(), Scaled(), LatticeTies(), WithDuplicates(), Collinear(), WithOriginToken(), OneDimensional(), SingleToken(), SingleLeader());

    /// <summary>The kinds without built-in exact ties between distinct tokens (P9 generic, P7 with rotations or scalings).</summary>
    public static Gen<Case> GenericKinds() => Gen.OneOf(
        Generic(), Scaled(), WithDuplicates(), Collinear(), WithOriginToken(), OneDimensional(), SingleToken());

    /// <summary>
    /// Tie-free configurations (only copies tie) at scales where the score gaps g are comparable to τ = 10⁻¹ … 10⁻³,
    /// so P8 sees every regime from τ ≈ g to τ ≪ g.
    /// </summary>
    public static Gen<Case> TieFree() =>
        from c in Gen.OneOf(Generic(), WithDuplicates(), Collinear(), OneDimensional(), SingleLeader())
        from exponent in Uniform(-0.5, 1.0)
        select Rescale(c, Math.Pow(10, exponent));

    /// <summary>Coordinates uniform in [−1, 1]; A = I or SPD; α in (0.1, 3).</summary>
    public static Gen<Case> Generic() =>
        from n in TokenCount()
        from d in Dimension()
        from tokens in Tokens(n, d, Uniform(-1, 1))
        from a in KeyQueryOrIdentity(d)
        from alpha in Alpha()
        from seed in Seed()
        select new Case(CaseKind.Generic, tokens, a, alpha, seed);

    /// <summary>Generic times 10^U(−3, 3): tiny and large magnitudes.</summary>
    public static Gen<Case> Scaled() =>
        from c in Generic()
        from exponent in Uniform(-3, 3)
        select Rescale(c, Math.Pow(10, exponent)) with { Kind = CaseKind.Scaled };

    /// <summary>
    /// Coordinates in {−2, …, 2}, A = I or the integer SPD matrix BᵀB + I with B in {−1, 0, 1}: every score is a small
    /// integer, exact in float and double, so exact ties (and leaders on faces) are common.
    /// </summary>
    public static Gen<Case> LatticeTies() =>
        from n in TokenCount()
        from d in Dimension()
        from tokens in Tokens(n, d, Gen.Choose(-2, 2).Select(x => (double)x))
        from a in Gen.OneOf(Gen.Constant<double[,]?>(null), IntegerSpd(d))
        from alpha in Gen.Elements(0.25, 0.5, 1.0, 2.0, 3.0)
        from seed in Seed()
        select new Case(CaseKind.LatticeTies, tokens, a, alpha, seed);

    /// <summary>n ≥ 2 tokens drawn from m &lt; n distinct generic points, so at least one is a bitwise copy.</summary>
    public static Gen<Case> WithDuplicates() =>
        from n in TokenCount().Select(n => Math.Max(n, 2))
        from d in Dimension()
        from m in Gen.Choose(1, n - 1)
        from points in Tokens(m, d, Uniform(-1, 1))
        from map in Gen.ArrayOf(Gen.Choose(0, m - 1), n)
        from a in KeyQueryOrIdentity(d)
        from alpha in Alpha()
        from seed in Seed()
        select new Case(CaseKind.WithDuplicates, map.Select(j => (double[])points[j].Clone()).ToArray(), a, alpha, seed);

    /// <summary>z_i = p + t_i·v; p = 0 (a line through the origin) a third of the time.</summary>
    public static Gen<Case> Collinear() =>
        from n in TokenCount()
        from d in Dimension()
        from p in Gen.Frequency((1, Gen.Constant(new double[d])), (2, Point(d, Uniform(-1, 1))))
        from v in Point(d, Uniform(-1, 1))
        from t in Gen.ArrayOf(Uniform(-1, 1), n)
        from a in KeyQueryOrIdentity(d)
        from alpha in Alpha()
        from seed in Seed()
        select new Case(CaseKind.Collinear, t.Select(ti => p.Select((pk, k) => pk + ti * v[k]).ToArray()).ToArray(), a, alpha, seed);

    /// <summary>Generic with at least one token exactly at the origin (all its scores are exactly 0: it attends to everyone).</summary>
    public static Gen<Case> WithOriginToken() =>
        from c in Generic()
        from first in Gen.Choose(0, c.N - 1)
        from others in Gen.ArrayOf(Gen.Frequency((5, Gen.Constant(false)), (1, Gen.Constant(true))), c.N)
        select c.WithTokens(c.Tokens.Select((z, i) => i == first || others[i] ? new double[c.D] : z).ToArray()) with
        {
            Kind = CaseKind.WithOriginToken,
        };

    /// <summary>d = 1, A = a &gt; 0 (or 1); some tokens exactly ±1 (exact copies of the extremes) or 0, at a scale 10^U(−3, 3).</summary>
    public static Gen<Case> OneDimensional() =>
        from n in TokenCount()
        from coordinate in Gen.ArrayOf(
            Gen.Frequency((8, Uniform(-1, 1)), (1, Gen.Constant(0.0)), (1, Gen.Elements(-1.0, 1.0))), n)
        from exponent in Uniform(-3, 3)
        from a in Gen.OneOf(Gen.Constant<double[,]?>(null), Uniform(0.1, 10).Select(x => (double[,]?)new[,] { { x } }))
        from alpha in Alpha()
        from seed in Seed()
        let scale = Math.Pow(10, exponent)
        select new Case(CaseKind.OneDimensional, coordinate.Select(x => new[] { x * scale }).ToArray(), a, alpha, seed);

    /// <summary>n = 1: the token is its own strict leader and never moves.</summary>
    public static Gen<Case> SingleToken() =>
        from c in Generic()
        select c.WithTokens([c.Tokens[0]]) with { Kind = CaseKind.SingleToken };

    /// <summary>
    /// One leader L that every token attends to, alone, at every layer (P5). Built in the A-geometry
    /// (⟨x, y⟩_A = ⟨Ax, y⟩): p with |p|_A = 1, L = (1 + R)·p with R ∈ [1, 3], the others p + w_i with |w_i|_A ≤ 1/4.
    /// </summary>
    /// <remarks>
    /// Why L wins, at every layer: each layer maps a token x to (1 − c)x + c·L, so all tokens stay in
    /// H = hull({L} ∪ {p + w : |w|_A ≤ 1/4}). For x = p + t·R·p + (1 − t)·w' ∈ H and y = p + w_y (|w'|_A, |w_y|_A ≤ r = 1/4),
    /// ⟨Ax, L − y⟩ = ⟨p + tRp + (1−t)w', Rp − w_y⟩_A ≥ R − Rr − r − (R + r)·r ≥ R(1 − 2r) − r(1 + r) ≥ 1/2 − 5/16 = 3/16
    /// (Cauchy–Schwarz in the A-norm, R ≥ 1): a gap of 3/16 in A-units between L and every other token, for every row.
    /// Token y may itself have moved towards L: it is then (1 − θ)(p + w_y) + θL, whose score is lower still.
    /// </remarks>
    public static Gen<Case> SingleLeader() =>
        from n in TokenCount().Select(n => Math.Max(n, 2))
        from d in Gen.Choose(1, 8)
        from a in Gen.OneOf(Gen.Constant<double[,]?>(null), SpdKeyQuery(d, 0.5))
        from p in Point(d, Uniform(-1, 1))
        from radius in Uniform(1, 3)
        from ws in Tokens(n - 1, d, Uniform(-1, 1))
        from rs in Gen.ArrayOf(Uniform(0, 0.25), n - 1)
        from leader in Gen.Choose(0, n - 1)
        from exponent in Uniform(-1, 1)
        from alpha in Alpha()
        from seed in Seed()
        select BuildSingleLeader(a, p, radius, ws, rs, leader, Math.Pow(10, exponent), alpha, seed);

    /// <summary>A random SPD matrix A = BᵀB + εI, B uniform in [−1, 1], ε ∈ [εmin, 1]; exactly symmetric (one product per pair).</summary>
    public static Gen<double[,]?> SpdKeyQuery(int d, double minimumShift = 0.05) =>
        from b in Tokens(d, d, Uniform(-1, 1))
        from shift in Uniform(minimumShift, 1)
        select (double[,]?)Gram(b, shift);

    /// <summary>The shrinker: fewer tokens, A = I, fewer dimensions, α = 1, shorter coordinates (in that order).</summary>
    /// <remarks>
    /// Each shrink keeps the kind and the seed and strictly simplifies one piece, so shrinking terminates. A shrink may
    /// leave the kind's guarantee (e.g. removing digits can create ties); properties guard their preconditions with
    /// <c>Prop.When</c>, so such a candidate is discarded, not reported.
    /// </remarks>
    public static IEnumerable<Case> Shrink(Case c)
    {
        int n = c.N;
        if (n >= 4)
        {
            int half = n / 2;
            if (c.Leader < 0 || c.Leader < half)
            {
                yield return Keep(c, Enumerable.Range(0, half));
            }
            if (c.Leader < 0 || c.Leader >= half)
            {
                yield return Keep(c, Enumerable.Range(half, n - half));
            }
        }
        if (n > 1)
        {
            for (int r = 0; r < n; r++)
            {
                if (r != c.Leader)
                {
                    yield return Keep(c, Enumerable.Range(0, n).Where(i => i != r));
                }
            }
        }
        if (c.KeyQuery is not null)
        {
            yield return c with { KeyQuery = null };
        }
        if (c.D > 1)
        {
            for (int k = 0; k < c.D; k++)
            {
                yield return DropDimension(c, k);
            }
        }
        if (c.Alpha != 1)
        {
            yield return c with { Alpha = 1 };
        }
        foreach (int digits in (int[])[2, 1, 0])
        {
            double[][] rounded = c.Tokens.Select(z => z.Select(x => Math.Round(x, digits)).ToArray()).ToArray();
            if (!Exact.SameValues(rounded, c.Tokens))
            {
                yield return c.WithTokens(rounded);
            }
        }
    }

    /// <summary>Uniform in [lo, hi), with 52 random bits (two draws), so float rounding of the coordinates is non-trivial.</summary>
    public static Gen<double> Uniform(double lo, double hi) =>
        from high in Gen.Choose(0, (1 << 26) - 1)
        from low in Gen.Choose(0, (1 << 26) - 1)
        select lo + (hi - lo) * ((high * (double)(1 << 26) + low) / (1L << 52));

    /// <summary>n ∈ [1, 40], growing with FsCheck's size (small cases first).</summary>
    public static Gen<int> TokenCount() => Gen.Sized(size => Gen.Choose(1, Math.Clamp(2 + size * (MaxTokens - 2) / 50, 2, MaxTokens)));

    /// <summary>d ∈ [1, 33], mostly small: 1–4 (60 %), 5–16 (30 %), 17–33 (10 %).</summary>
    public static Gen<int> Dimension() => Gen.Frequency((6, Gen.Choose(1, 4)), (3, Gen.Choose(5, 16)), (1, Gen.Choose(17, MaxDimension)));

    /// <summary>α: a round value half the time (0.25 … 3), else uniform in [0.1, 3].</summary>
    public static Gen<double> Alpha() => Gen.OneOf(Gen.Elements(0.25, 0.5, 1.0, 2.0, 3.0), Uniform(0.1, 3));

    /// <summary>A = I (null) half the time, else a random SPD matrix.</summary>
    public static Gen<double[,]?> KeyQueryOrIdentity(int d) => Gen.OneOf(Gen.Constant<double[,]?>(null), SpdKeyQuery(d));

    /// <summary>The case with every token multiplied by <paramref name="scale"/>.</summary>
    public static Case Rescale(Case c, double scale) => c.WithTokens(c.Tokens.Select(z => z.Select(x => x * scale).ToArray()).ToArray());

    private static Gen<int> Seed() => Gen.Choose(0, int.MaxValue);

    private static Gen<double[]> Point(int d, Gen<double> coordinate) => Gen.ArrayOf(coordinate, d);

    private static Gen<double[][]> Tokens(int n, int d, Gen<double> coordinate) => Gen.ArrayOf(Point(d, coordinate), n);

    /// <summary>BᵀB + I with B in {−1, 0, 1}: integer, exactly symmetric, SPD.</summary>
    private static Gen<double[,]?> IntegerSpd(int d) =>
        from b in Tokens(d, d, Gen.Choose(-1, 1).Select(x => (double)x))
        select (double[,]?)Gram(b, 1);

    /// <summary>BᵀB + shift·I, each entry computed once and mirrored, so A is exactly symmetric.</summary>
    internal static double[,] Gram(double[][] b, double shift)
    {
        int d = b.Length;
        var a = new double[d, d];
        for (int k = 0; k < d; k++)
        {
            for (int l = k; l < d; l++)
            {
                double sum = 0;
                for (int m = 0; m < d; m++)
                {
                    sum += b[m][k] * b[m][l];
                }
                a[k, l] = sum;
                a[l, k] = sum;
            }
            a[k, k] += shift;
        }
        return a;
    }

    private static Case BuildSingleLeader(
        double[,]? a, double[] p, double radius, double[][] ws, double[] rs, int leader, double scale, double alpha, int seed)
    {
        int d = p.Length;
        if (ANorm(a, p) == 0)
        {
            p = new double[d];
            p[0] = 1;
        }
        double pNorm = ANorm(a, p);
        var tokens = new double[ws.Length + 1][];
        tokens[leader] = p.Select(x => (1 + radius) * x / pNorm * scale).ToArray();
        for (int m = 0, i = 0; i < tokens.Length; i++)
        {
            if (i == leader)
            {
                continue;
            }
            double wNorm = ANorm(a, ws[m]);
            double shrink = wNorm == 0 ? 0 : rs[m] / wNorm;
            tokens[i] = p.Select((x, k) => (x / pNorm + shrink * ws[m][k]) * scale).ToArray();
            m++;
        }
        return new Case(CaseKind.SingleLeader, tokens, a, alpha, seed, leader);
    }

    /// <summary>|x|_A = √⟨Ax, x⟩.</summary>
    private static double ANorm(double[,]? a, double[] x) => Math.Sqrt(Reference.ReferenceDynamics.Score([x], a, 0, 0));

    private static Case Keep(Case c, IEnumerable<int> indices)
    {
        int[] kept = indices.ToArray();
        int leader = c.Leader < 0 ? -1 : Array.IndexOf(kept, c.Leader);
        return c with { Tokens = kept.Select(i => c.Tokens[i]).ToArray(), Leader = leader };
    }

    private static Case DropDimension(Case c, int dropped)
    {
        double[][] tokens = c.Tokens.Select(z => z.Where((_, k) => k != dropped).ToArray()).ToArray();
        double[,]? a = null;
        if (c.KeyQuery is not null)
        {
            // A principal submatrix of an SPD matrix is SPD (and still exactly symmetric).
            int d = c.D - 1;
            a = new double[d, d];
            for (int k = 0; k < d; k++)
            {
                for (int l = 0; l < d; l++)
                {
                    a[k, l] = c.KeyQuery[k < dropped ? k : k + 1, l < dropped ? l : l + 1];
                }
            }
        }
        return c with { Tokens = tokens, KeyQuery = a };
    }
}
