namespace HardmaxCore.PropertyTests;

/// <summary>Exact comparisons: equal values (== per coordinate, NaN never equal) and equal bits.</summary>
internal static class Exact
{
    /// <summary>Same shape and <c>x == y</c> for every coordinate (so +0 equals −0, and NaN fails).</summary>
    public static bool SameValues(double[] x, double[] y)
    {
        if (x.Length != y.Length)
        {
            return false;
        }
        for (int k = 0; k < x.Length; k++)
        {
            if (!(x[k] == y[k]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Same shape and equal values everywhere.</summary>
    public static bool SameValues(double[][] x, double[][] y)
    {
        if (x.Length != y.Length)
        {
            return false;
        }
        for (int i = 0; i < x.Length; i++)
        {
            if (!SameValues(x[i], y[i]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Same shape and the same 64 bits in every coordinate.</summary>
    public static bool SameBits(double[] x, double[] y)
    {
        if (x.Length != y.Length)
        {
            return false;
        }
        for (int k = 0; k < x.Length; k++)
        {
            if (BitConverter.DoubleToInt64Bits(x[k]) != BitConverter.DoubleToInt64Bits(y[k]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Same shape and the same bits everywhere.</summary>
    public static bool SameBits(double[][] x, double[][] y)
        => x.Length == y.Length && x.Zip(y).All(pair => SameBits(pair.First, pair.Second));

    /// <summary>Equal integer sets, row by row.</summary>
    public static bool SameSets(int[][] x, int[][] y)
        => x.Length == y.Length && x.Zip(y).All(pair => pair.First.AsSpan().SequenceEqual(pair.Second));

    /// <summary>Every coordinate finite (no NaN, no ±∞).</summary>
    public static bool AllFinite(double[][] z) => z.All(row => row.All(double.IsFinite));

    /// <summary>A short description of two sets of rows, for assertion messages.</summary>
    public static string Describe(int[][] sets) => "[" + string.Join(", ", sets.Select(s => "{" + string.Join(",", s) + "}")) + "]";

    /// <summary>A short description of a configuration, for assertion messages.</summary>
    public static string Describe(double[][] z) => "[" + string.Join(", ", z.Select(row => "[" + string.Join(", ", row.Select(Case.Format)) + "]")) + "]";
}
