namespace HardmaxCore.Clustering;

/// <summary>
/// The plane a picture shows: the two coordinates when d ≤ 2, else the first two principal directions of the data
/// (eigenvectors of the covariance with the largest eigenvalues, by power iteration with deflation applied to the data,
/// O(n·d) per iteration and never the d × d covariance), through the data mean.
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
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            for (int a = 0; a < d; a++)
            {
                double value = points[i * d + a] - this._mean[a];
                total += value * value;
            }
        }
        total /= n;
        double first = PowerIteration(points, this._mean, this._first, 0, null, 0);
        double second = PowerIteration(points, this._mean, this._second, 1, this._first, first);
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

    /// <summary>
    /// The leading eigenvector of the covariance C = XᵀX/n of the rows X (n × d) centred on <paramref name="mean"/> into <paramref name="vector"/>,
    /// deflated by λ₁·v₁v₁ᵀ when <paramref name="deflate"/> is given; returns its eigenvalue. Each iteration applies C as
    /// Xᵀ(Xv)/n, O(n·d), so the d × d matrix is never formed (d can be 10⁵ when n is small).
    /// </summary>
    private static double PowerIteration(ReadOnlySpan<double> points, double[] mean, double[] vector, int start, double[]? deflate, double deflateValue)
    {
        int d = mean.Length;
        int n = points.Length / d;
        for (int a = 0; a < d; a++)
        {
            vector[a] = 1.0 / Math.Sqrt(d) + (a == start ? 1 : 0);
        }
        double eigenvalue = 0;
        double[] next = new double[d];
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            // Σ_i (x_i − μ)((x_i − μ)·v) = Σ_i p_i x_i − (Σ_i p_i) μ with p_i = x_i·v − μ·v: no centred copy of the data.
            Array.Clear(next);
            double meanAlong = Vectors.Dot(mean, vector);
            double projections = 0;
            for (int i = 0; i < n; i++)
            {
                ReadOnlySpan<double> row = points.Slice(i * d, d);
                double projection = Vectors.Dot(row, vector) - meanAlong;
                projections += projection;
                for (int a = 0; a < d; a++)
                {
                    next[a] += projection * row[a];
                }
            }
            for (int a = 0; a < d; a++)
            {
                next[a] -= projections * mean[a];
            }
            for (int a = 0; a < d; a++)
            {
                next[a] /= n;
            }
            if (deflate is not null)
            {
                double along = deflateValue * Vectors.Dot(deflate, vector);
                for (int a = 0; a < d; a++)
                {
                    next[a] -= along * deflate[a];
                }
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

    /// <summary>The most power iterations per direction (a picture's axes need no more).</summary>
    private const int MaxIterations = 200;
}
