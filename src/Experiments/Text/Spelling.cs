namespace HardmaxCore.Experiments.Text;

/// <summary>The nearest of a few known names to a mistyped one (<see cref="Nearest"/>), by <see cref="Distance"/>.</summary>
internal static class Spelling
{
    /// <summary>
    /// The name of <paramref name="names"/> nearest to a mistyped <paramref name="typed"/>: edit distance at most 2, and at
    /// most a third of the name without its leading hyphens (so short names are not matched to anything), except that a
    /// <paramref name="commandName"/> of 5 letters or more allows 2 (command names are few and far apart: 'tarin', 'evalute'
    /// still point at one of them); the first of the nearest; null when none is close or the name is typed exactly.
    /// </summary>
    public static string? Nearest(string typed, IEnumerable<string> names, bool commandName)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string name in names.Distinct())
        {
            int distance = Distance(typed, name);
            int allowed = commandName && name.Length >= 5 ? 2 : Math.Min(2, Math.Max(1, name.TrimStart('-').Length / 3));
            if (distance < bestDistance && distance > 0 && distance <= allowed)
            {
                (best, bestDistance) = (name, distance);
            }
        }
        return best;
    }

    /// <summary>
    /// The edit distance (insertions, deletions, substitutions, and swaps of two adjacent characters: the optimal string
    /// alignment distance) between two strings, so that <c>tarin</c> is one edit from <c>train</c>.
    /// </summary>
    public static int Distance(string a, string b)
    {
        var distance = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            distance[i, 0] = i;
        }
        for (int j = 0; j <= b.Length; j++)
        {
            distance[0, j] = j;
        }
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int best = Math.Min(distance[i - 1, j - 1] + cost, Math.Min(distance[i - 1, j] + 1, distance[i, j - 1] + 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    best = Math.Min(best, distance[i - 2, j - 2] + 1);
                }
                distance[i, j] = best;
            }
        }
        return distance[a.Length, b.Length];
    }
}
