namespace HardmaxCore.Clustering;

/// <summary>
/// Greedy k-means++ seeding (Arthur &amp; Vassilvitskii 2007, with scikit-learn's 2 + ⌊ln k⌋ local trials per centre).
/// </summary>
internal static class KMeansPlusPlus
{
    /// <summary>k initial centres (k × d) drawn from the rows of <paramref name="points"/>.</summary>
    /// <remarks>
    /// First centre uniform; each next one: draw 2 + ⌊ln k⌋ candidates with probability ∝ D(x)² (squared distance to the
    /// nearest chosen centre) and keep the candidate that lowers Σ D(x)² most.
    /// </remarks>
    public static double[] Seed(ReadOnlySpan<double> points, int d, int k, Random random)
    {
        int n = points.Length / d;
        double[] centers = new double[k * d];
        int trials = 2 + (int)Math.Log(k);
        int first = random.Next(n);
        points.Slice(first * d, d).CopyTo(centers.AsSpan(0, d));
        double[] closest = new double[n];
        double potential = 0;
        for (int i = 0; i < n; i++)
        {
            closest[i] = Vectors.SquaredDistance(points.Slice(i * d, d), centers.AsSpan(0, d));
            potential += closest[i];
        }
        double[] candidateDistances = new double[n];
        double[] bestDistances = new double[n];
        for (int c = 1; c < k; c++)
        {
            int best = -1;
            double bestPotential = double.PositiveInfinity;
            for (int t = 0; t < trials; t++)
            {
                int candidate = Draw(closest, potential, random);
                double candidatePotential = 0;
                ReadOnlySpan<double> x = points.Slice(candidate * d, d);
                for (int i = 0; i < n; i++)
                {
                    candidateDistances[i] = Math.Min(closest[i], Vectors.SquaredDistance(points.Slice(i * d, d), x));
                    candidatePotential += candidateDistances[i];
                }
                if (candidatePotential < bestPotential)
                {
                    bestPotential = candidatePotential;
                    best = candidate;
                    candidateDistances.CopyTo(bestDistances, 0);
                }
            }
            points.Slice(best * d, d).CopyTo(centers.AsSpan(c * d, d));
            bestDistances.CopyTo(closest, 0);
            potential = bestPotential;
        }
        return centers;
    }

    /// <summary>An index drawn with probability ∝ <paramref name="weights"/> (uniform when they are all 0).</summary>
    private static int Draw(double[] weights, double total, Random random)
    {
        if (!(total > 0))
        {
            return random.Next(weights.Length);
        }
        double u = random.NextDouble() * total;
        double running = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            running += weights[i];
            if (u < running)
            {
                return i;
            }
        }
        // Rounding left u ≥ the computed total: take the last point with positive weight.
        for (int i = weights.Length - 1; i >= 0; i--)
        {
            if (weights[i] > 0)
            {
                return i;
            }
        }
        return weights.Length - 1;
    }
}
