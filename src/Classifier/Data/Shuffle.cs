namespace HardmaxCore.Classifier;

/// <summary>Seeded Fisher–Yates shuffles, stable across runs and .NET versions.</summary>
internal static class Shuffle
{
    /// <summary>Shuffles <paramref name="items"/> in place: for i = n−1 down to 1, swap item i with item <c>random.Next(i + 1)</c>.</summary>
    /// <remarks>
    /// <see cref="Random(int)"/> with a seed uses the legacy algorithm whose sequence .NET keeps fixed, so the
    /// same seed gives the same permutation on every run and machine.
    /// </remarks>
    public static void InPlace<T>(Span<T> items, Random random)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>A random permutation of 0..n−1.</summary>
    public static int[] Permutation(int n, Random random)
    {
        int[] permutation = new int[n];
        for (int i = 0; i < n; i++)
        {
            permutation[i] = i;
        }

        InPlace(permutation.AsSpan(), random);
        return permutation;
    }
}
