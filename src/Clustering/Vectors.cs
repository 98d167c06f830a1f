namespace HardmaxCore.Clustering;

/// <summary>Small double-precision vector helpers shared by k-means, heads and metrics (plain loops, fixed order).</summary>
internal static class Vectors
{
    /// <summary>‖a − b‖².</summary>
    public static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int c = 0; c < a.Length; c++)
        {
            double diff = a[c] - b[c];
            sum += diff * diff;
        }
        return sum;
    }

    /// <summary>⟨a, b⟩.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int c = 0; c < a.Length; c++)
        {
            sum += a[c] * b[c];
        }
        return sum;
    }

    /// <summary>The mean of the rows of an n × d array.</summary>
    public static double[] Mean(ReadOnlySpan<double> points, int d)
    {
        double[] mean = new double[d];
        int n = points.Length / d;
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < d; c++)
            {
                mean[c] += points[i * d + c];
            }
        }
        for (int c = 0; c < d; c++)
        {
            mean[c] /= n;
        }
        return mean;
    }

    /// <summary>The mean over coordinates of the per-coordinate variance (population), as scikit-learn's <c>np.mean(np.var(X, axis=0))</c>.</summary>
    public static double MeanVariance(ReadOnlySpan<double> points, int d)
    {
        double[] mean = Mean(points, d);
        int n = points.Length / d;
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < d; c++)
            {
                double diff = points[i * d + c] - mean[c];
                sum += diff * diff;
            }
        }
        return sum / ((double)n * d);
    }

    /// <summary>Index of the row of <paramref name="centers"/> (k × d) nearest to <paramref name="x"/>, and its squared distance; ties to the lowest index.</summary>
    public static int Nearest(ReadOnlySpan<double> x, ReadOnlySpan<double> centers, int d, out double squaredDistance)
    {
        int best = 0;
        squaredDistance = double.PositiveInfinity;
        int k = centers.Length / d;
        for (int h = 0; h < k; h++)
        {
            double s = SquaredDistance(x, centers.Slice(h * d, d));
            if (s < squaredDistance)
            {
                squaredDistance = s;
                best = h;
            }
        }
        return best;
    }
}
