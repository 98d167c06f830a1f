using System.Globalization;
using System.Text;

namespace HardmaxCore.UnitTests.Training;

/// <summary>A tiny, seeded, learnable dataset as a CSV (review,sentiment): sentiment words mixed with neutral filler.</summary>
internal static class SyntheticReviews
{
    private static readonly string[] Positive = ["great", "wonderful", "excellent", "superb", "moving", "brilliant"];
    private static readonly string[] Negative = ["awful", "boring", "terrible", "dull", "waste", "horrible"];
    private static readonly string[] Neutral = ["movie", "film", "plot", "actor", "scene", "story", "director", "ending", "music", "camera"];

    private static void Shuffle(List<string> words, Random random)
    {
        for (int w = words.Count - 1; w > 0; w--)
        {
            int other = random.Next(w + 1);
            (words[w], words[other]) = (words[other], words[w]);
        }
    }

    /// <summary>Writes <paramref name="count"/> reviews to a CSV in <paramref name="folder"/> and returns its path.</summary>
    public static string WriteCsv(string folder, int count, int seed = 1)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("review,sentiment\n");
        for (int r = 0; r < count; r++)
        {
            bool positive = r % 2 == 0;
            // Two words of the review's own class, so every review is learnable; the rest is filler and 5 % opposite words.
            string[] own = positive ? Positive : Negative;
            var words = new List<string> { own[random.Next(own.Length)], own[random.Next(own.Length)] };
            int length = random.Next(4, 16);
            for (int w = 0; w < length; w++)
            {
                double u = random.NextDouble();
                string[] pool = u < 0.3 ? (positive ? Positive : Negative) : u < 0.35 ? (positive ? Negative : Positive) : Neutral;
                words.Add(pool[random.Next(pool.Length)]);
            }
            Shuffle(words, random);
            csv.Append('"').Append(string.Join(' ', words)).Append("\",").Append(positive ? "positive" : "negative").Append('\n');
        }
        string path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"synthetic-{count}-{seed}.csv"));
        File.WriteAllText(path, csv.ToString());
        return path;
    }
}

/// <summary>A temporary folder deleted at dispose.</summary>
internal sealed class TemporaryFolder : IDisposable
{
    /// <summary>Creates the folder.</summary>
    public TemporaryFolder() => Directory.CreateDirectory(this.Path);

    /// <summary>Its path.</summary>
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "hardmax-tests-" + Guid.NewGuid().ToString("N"));

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            Directory.Delete(this.Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
