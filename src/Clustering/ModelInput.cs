using System.Globalization;

namespace HardmaxCore.Clustering;

/// <summary>The checks and the scaling every fitted model applies to the points it is asked about.</summary>
internal static class ModelInput
{
    /// <summary>
    /// <paramref name="points"/> (n × d row-major, d the model's) mapped through <paramref name="scaler"/>; refuses a
    /// length that is not a whole number of points of dimension d, and a coordinate that is NaN or infinite.
    /// </summary>
    /// <exception cref="ArgumentException">Named <paramref name="parameter"/>, with the values found.</exception>
    public static double[] Scaled(ReadOnlySpan<double> points, FeatureScaler scaler, string parameter)
    {
        int d = scaler.Dimension;
        if (points.Length % d != 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{parameter} has {points.Length} values, not a whole number of points of the model's dimension {d}."), parameter);
        }
        for (int p = 0; p < points.Length; p++)
        {
            if (!double.IsFinite(points[p]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"{parameter}: point {p / d}, coordinate {p % d} is {points[p]}; every coordinate must be finite."), parameter);
            }
        }
        return scaler.Apply(points);
    }

    /// <summary>The cloud's points mapped through <paramref name="scaler"/>; refuses a cloud of another dimension.</summary>
    /// <exception cref="ArgumentException">Named <paramref name="parameter"/>, with both dimensions.</exception>
    public static double[] Scaled(PointCloud points, FeatureScaler scaler, string parameter)
    {
        ArgumentNullException.ThrowIfNull(points, parameter);
        if (points.Dimension != scaler.Dimension)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{parameter} has dimension {points.Dimension} but the model was fitted to dimension {scaler.Dimension}."), parameter);
        }
        return scaler.Apply(points.Points);
    }

    /// <summary>The nearest code of every point (argmin_h ‖x_i − c_h‖², the lowest h on ties); points and codes in one space.</summary>
    public static int[] Nearest(double[] points, double[] codes, int d)
    {
        int[] clusters = new int[points.Length / d];
        for (int i = 0; i < clusters.Length; i++)
        {
            clusters[i] = Vectors.Nearest(points.AsSpan(i * d, d), codes, d, out _);
        }
        return clusters;
    }
}
