namespace HardmaxCore.Reference;

/// <summary>The key–query matrix A of SPEC §1.1, applied naively.</summary>
public static class KeyQuery
{
    /// <summary>Returns the d × d identity, the default key–query matrix.</summary>
    public static double[,] Identity(int d)
    {
        var a = new double[d, d];
        for (int k = 0; k < d; k++)
        {
            a[k, k] = 1;
        }
        return a;
    }

    /// <summary>Returns <c>A z</c>.</summary>
    /// <remarks><c>(A z)_k = Σ_l A[k,l] z_l</c>; a null <paramref name="a"/> means the identity.</remarks>
    public static double[] Apply(double[,]? a, double[] z)
    {
        if (a is null)
        {
            return (double[])z.Clone();
        }
        int d = z.Length;
        var y = new double[d];
        for (int k = 0; k < d; k++)
        {
            double sum = 0;
            for (int l = 0; l < d; l++)
            {
                sum += a[k, l] * z[l];
            }
            y[k] = sum;
        }
        return y;
    }
}
