namespace HardmaxCore.Clustering;

/// <summary>
/// The plane a picture shows: the two coordinates when d ≤ 2, else the first two principal directions of the data
/// (eigenvectors of the covariance with the largest eigenvalues, by power iteration with deflation), through the data mean.
/// </summary>
internal sealed class PrincipalPlane
{
    /// <summary>The data mean (the origin of the projection).</summary>
    private readonly double[] _mean;

    /// <summary>The two directions, unit vectors (d = 1: the second is zero).</summary>
    private readonly double[] _first, _second;

    /// <summary>Fits the plane to n × d points.</summary>
    public PrincipalPlane(ReadOnlySpan<double> points, int d)
    {
        this.Dimension = d;
        this._first = new double[d];
        this._second = new double[d];
        if (d <= 2)
        {
            this._mean = new double[d];
            this._first[0] = 1;
            if (d == 2)
            {
                this._second[1] = 1;
            }
            this.Projected = false;
            return;
        }
        this._mean = Vectors.Mean(points, d);
        int n = points.Length / d;
        double[,] covariance = new double[d, d];
        double[] centered = new double[d];
        for (int i = 0; i < n; i++)
        {
            for (int a = 0; a < d; a++)
            {
                centered[a] = points[i * d + a] - this._mean[a];
            }
            for (int a = 0; a < d; a++)
            {
                for (int b = a; b < d; b++)
                {
                    covariance[a, b] += centered[a] * centered[b];
                }
            }
        }
        double total = 0;
        for (int a = 0; a < d; a++)
        {
            for (int b = a; b < d; b++)
            {
                covariance[a, b] /= n;
                covariance[b, a] = covariance[a, b];
            }
            total += covariance[a, a];
        }
        double first = PowerIteration(covariance, this._first, 0);
        for (int a = 0; a < d; a++)
        {
            for (int b = 0; b < d; b++)
            {
                covariance[a, b] -= first * this._first[a] * this._first[b];
            }
        }
        double second = PowerIteration(covariance, this._second, 1);
        this.Projected = true;
        this.FirstShare = total > 0 ? first / total : 0;
        this.SecondShare = total > 0 ? second / total : 0;
    }

    /// <summary>d.</summary>
    public int Dimension { get; }

    /// <summary>Whether the plane is a projection (d &gt; 2) rather than the coordinates themselves.</summary>
    public bool Projected { get; }

    /// <summary>The share of the variance along the first direction.</summary>
    public double FirstShare { get; }

    /// <summary>The share of the variance along the second direction.</summary>
    public double SecondShare { get; }

    /// <summary>The plane coordinates of every row of an m × d array.</summary>
    public (double[] X, double[] Y) Project(ReadOnlySpan<double> rows)
    {
        int d = this.Dimension;
        int m = rows.Length / d;
        double[] x = new double[m];
        double[] y = new double[m];
        for (int i = 0; i < m; i++)
        {
            double u = 0, v = 0;
            for (int c = 0; c < d; c++)
            {
                double centered = rows[i * d + c] - this._mean[c];
                u += centered * this._first[c];
                v += centered * this._second[c];
            }
            x[i] = u;
            y[i] = v;
        }
        return (x, y);
    }

    /// <summary>The leading eigenvector of a symmetric PSD matrix into <paramref name="vector"/>; returns its eigenvalue.</summary>
    private static double PowerIteration(double[,] matrix, double[] vector, int start)
    {
        int d = vector.Length;
        for (int a = 0; a < d; a++)
        {
            vector[a] = 1.0 / Math.Sqrt(d) + (a == start ? 1 : 0);
        }
        double eigenvalue = 0;
        double[] next = new double[d];
        for (int iteration = 0; iteration < 500; iteration++)
        {
            for (int a = 0; a < d; a++)
            {
                double sum = 0;
                for (int b = 0; b < d; b++)
                {
                    sum += matrix[a, b] * vector[b];
                }
                next[a] = sum;
            }
            double norm = Math.Sqrt(Vectors.Dot(next, next));
            if (!(norm > 0))
            {
                return 0;
            }
            for (int a = 0; a < d; a++)
            {
                next[a] /= norm;
            }
            double change = Math.Sqrt(Vectors.SquaredDistance(next, vector));
            next.CopyTo(vector, 0);
            eigenvalue = norm;
            if (change < 1e-10)
            {
                break;
            }
        }
        return eigenvalue;
    }
}
