namespace HardmaxCore;

/// <summary>The validated key–query matrix A (SPEC §1.1), converted once to the working precision.</summary>
internal sealed class KeyQueryMatrix<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A row-major in precision T, or null for the identity (then <c>A z = z</c> is skipped).</summary>
    public T[]? Values { get; }

    private KeyQueryMatrix(T[]? values) => this.Values = values;

    /// <summary>Checks that A is d × d, finite, symmetric and positive definite (Cholesky), and converts it.</summary>
    /// <exception cref="ArgumentException">A is not square, has a non-finite entry, is not symmetric or not positive definite.</exception>
    public static KeyQueryMatrix<T> Create(double[,]? a, int d)
    {
        if (a is null)
        {
            return new KeyQueryMatrix<T>(null);
        }
        if (a.GetLength(0) != d || a.GetLength(1) != d)
        {
            Throw.Argument_KeyQueryNotSquare(a.GetLength(0), a.GetLength(1), d);
        }
        double largest = 0;
        for (int k = 0; k < d; k++)
        {
            for (int l = 0; l < d; l++)
            {
                if (!double.IsFinite(a[k, l]))
                {
                    Throw.Argument_KeyQueryNotFinite(k, l, a[k, l]);
                }
                largest = Math.Max(largest, Math.Abs(a[k, l]));
            }
        }
        // Symmetry up to rounding of the entries themselves (a matrix read back from decimal text).
        for (int k = 0; k < d; k++)
        {
            for (int l = k + 1; l < d; l++)
            {
                if (Math.Abs(a[k, l] - a[l, k]) > 1e-12 * largest)
                {
                    Throw.Argument_KeyQueryNotSymmetric(k, l, a[k, l], a[l, k]);
                }
            }
        }
        CheckPositiveDefinite(a, d);

        bool identity = true;
        var values = new T[d * d];
        for (int k = 0; k < d; k++)
        {
            for (int l = 0; l < d; l++)
            {
                values[k * d + l] = T.CreateTruncating(a[k, l]);
                identity &= a[k, l] == (k == l ? 1.0 : 0.0);
            }
        }
        return new KeyQueryMatrix<T>(identity ? null : values);
    }

    /// <summary>Cholesky A = L Lᵀ; fails at the first pivot that is not positive.</summary>
    private static void CheckPositiveDefinite(double[,] a, int d)
    {
        var l = new double[d, d];
        for (int j = 0; j < d; j++)
        {
            double pivot = a[j, j];
            for (int k = 0; k < j; k++)
            {
                pivot -= l[j, k] * l[j, k];
            }
            if (!(pivot > 0))
            {
                Throw.Argument_KeyQueryNotPositiveDefinite(j, pivot);
            }
            l[j, j] = Math.Sqrt(pivot);
            for (int i = j + 1; i < d; i++)
            {
                double sum = a[i, j];
                for (int k = 0; k < j; k++)
                {
                    sum -= l[i, k] * l[j, k];
                }
                l[i, j] = sum / l[j, j];
            }
        }
    }
}
