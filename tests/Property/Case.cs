using System.Globalization;
using System.Text;

namespace HardmaxCore.PropertyTests;

/// <summary>Which generator of <see cref="Configurations"/> made a <see cref="Case"/>.</summary>
public enum CaseKind
{
    /// <summary>Random coordinates in [−1, 1].</summary>
    Generic,

    /// <summary>Generic, times a scale 10^U(−3, 3).</summary>
    Scaled,

    /// <summary>Small integer coordinates (and an integer A): scores are exact integers, so ties are exact.</summary>
    LatticeTies,

    /// <summary>Some tokens are bitwise copies of others (a review repeats words and carries padding, SPEC §1.4).</summary>
    WithDuplicates,

    /// <summary>All tokens on one line p + t·v (sometimes through the origin).</summary>
    Collinear,

    /// <summary>At least one token is exactly the origin: its scores are all exactly 0.</summary>
    WithOriginToken,

    /// <summary>d = 1 (P6).</summary>
    OneDimensional,

    /// <summary>n = 1.</summary>
    SingleToken,

    /// <summary>One token L is the unique maximiser of every token's scores at every layer (P5).</summary>
    SingleLeader,
}

/// <summary>
/// One generated input of the dynamics: n tokens in dimension d, the key–query matrix A (null = I) and α, plus a seed
/// for the random choices a test makes on top of it (a permutation, a rotation, directions).
/// </summary>
/// <param name="Kind">The generator that made it (shrinking keeps it).</param>
/// <param name="Tokens">z[i][k], n × d.</param>
/// <param name="KeyQuery">A, symmetric positive definite, or null for the identity.</param>
/// <param name="Alpha">α &gt; 0.</param>
/// <param name="Seed">Seeds <see cref="Random"/> for the test's own choices, so a shrunk case replays exactly.</param>
/// <param name="Leader">For <see cref="CaseKind.SingleLeader"/>, the index of the leader L; otherwise −1.</param>
public sealed record Case(CaseKind Kind, double[][] Tokens, double[,]? KeyQuery, double Alpha, int Seed, int Leader = -1)
{
    /// <summary>n, the number of tokens.</summary>
    public int N => this.Tokens.Length;

    /// <summary>d, the dimension.</summary>
    public int D => this.Tokens[0].Length;

    /// <summary>A fresh generator for the test's own random choices, the same every time for this case.</summary>
    public Random Random() => new(this.Seed);

    /// <summary>The same case with other tokens (the key–query matrix, α and seed kept).</summary>
    public Case WithTokens(double[][] tokens) => this with { Tokens = tokens };

    /// <summary>
    /// Round-trippable and short enough to read once shrunk, e.g.
    /// <c>LatticeTies n=3 d=2 α=0.5 A=I seed=7 Z=[[1, 0], [0, 1], [1, 1]]</c>.
    /// </summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{this.Kind} n={this.N} d={this.D} α={Format(this.Alpha)} A=");
        if (this.KeyQuery is null)
        {
            text.Append('I');
        }
        else
        {
            AppendMatrix(text, this.KeyQuery);
        }
        text.Append(CultureInfo.InvariantCulture, $" seed={this.Seed}");
        if (this.Leader >= 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" leader={this.Leader}");
        }
        text.Append(" Z=");
        AppendRows(text, this.Tokens);
        return text.ToString();
    }

    /// <summary>"R" formatting: the printed value parses back to the same double, so a counterexample replays exactly.</summary>
    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static void AppendRows(StringBuilder text, double[][] rows)
    {
        text.Append('[');
        for (int i = 0; i < rows.Length; i++)
        {
            text.Append(i == 0 ? "[" : ", [");
            text.AppendJoin(", ", rows[i].Select(Format));
            text.Append(']');
        }
        text.Append(']');
    }

    private static void AppendMatrix(StringBuilder text, double[,] a)
    {
        var rows = new double[a.GetLength(0)][];
        for (int k = 0; k < rows.Length; k++)
        {
            rows[k] = new double[a.GetLength(1)];
            for (int l = 0; l < rows[k].Length; l++)
            {
                rows[k][l] = a[k, l];
            }
        }
        AppendRows(text, rows);
    }
}
