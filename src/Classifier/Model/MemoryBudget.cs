using System.Globalization;

namespace HardmaxCore.Classifier;

/// <summary>
/// The one place where sizes from options or files are turned into memory: products in checked 64-bit arithmetic,
/// single arrays against <see cref="Array.MaxLength"/>, and totals against a budget, before anything is allocated.
/// </summary>
/// <remarks>
/// The budget is <see cref="Fraction"/> of <see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/> (the machine's memory, or
/// the container's limit). Every failure is a <see cref="ClassifierException"/> whose message gives the numbers and
/// the options to lower.
/// <code>
/// long values = MemoryBudget.Product("(K + 1) × n × d", steps + 1, n, d);
/// MemoryBudget.Require("the trajectory", values * sizeof(double), "use fewer layers or do not record the trajectory");
/// </code>
/// </remarks>
public static class MemoryBudget
{
    /// <summary>The share of the available memory one command may plan to use.</summary>
    public const double Fraction = 0.8;

    /// <summary>The budget in bytes.</summary>
    public static long Bytes => (long)(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * Fraction);

    /// <summary>The product of <paramref name="factors"/>, or an error naming <paramref name="what"/> when it overflows 64 bits.</summary>
    /// <exception cref="ClassifierException">The product does not fit in 64 bits.</exception>
    public static long Product(string what, params ReadOnlySpan<long> factors)
    {
        long product = 1;
        try
        {
            foreach (long factor in factors)
            {
                product = checked(product * factor);
            }
        }
        catch (OverflowException)
        {
            throw new ClassifierException($"{what} = {string.Join(" × ", factors.ToArray().Select(f => f.ToString("N0", CultureInfo.InvariantCulture)))} does not even fit in 64 bits; lower those sizes.");
        }
        return product;
    }

    /// <summary>Checks that one array of <paramref name="elements"/> values can exist.</summary>
    /// <exception cref="ClassifierException">More than <see cref="Array.MaxLength"/> elements.</exception>
    public static void RequireArray(string what, long elements, string remedy)
    {
        if (elements > Array.MaxLength)
        {
            throw new ClassifierException(string.Create(CultureInfo.InvariantCulture,
                $"{what} would hold {elements:N0} values, more than the {Array.MaxLength:N0} one .NET array can; {remedy}."));
        }
    }

    /// <summary>Checks <paramref name="bytes"/> against the budget.</summary>
    /// <exception cref="ClassifierException">Over the budget.</exception>
    public static void Require(string what, long bytes, string remedy)
    {
        long budget = Bytes;
        if (bytes > budget)
        {
            long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
            throw new ClassifierException(string.Create(CultureInfo.InvariantCulture,
                $"{what} needs {Size(bytes)}, more than the memory budget of {Size(budget)} ({Fraction:P0} of the {Size(available)} available); {remedy}."));
        }
    }

    /// <summary>
    /// The scratch memory of one classifier pass (a thread's forward and backward workspace) in bytes:
    /// <c>8·K·n²</c> (attention columns and weights per layer) + <c>4·(K+4)·n·d</c> (the layers' tokens and gradients) + <c>256·n</c>.
    /// </summary>
    public static long ClassifierPassBytes(ClassifierSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        long n = settings.Tokens;
        long d = settings.Dimension;
        long k = Math.Max(1, settings.Layers);
        string shape = string.Create(CultureInfo.InvariantCulture, $"a classifier pass with n = {n}, d = {d}, K = {settings.Layers}");
        RequireArray($"{shape}: K·n² attention weights", Product("K·n²", k, n, n), "lower ClassifierSettings.Tokens or ClassifierSettings.Layers");
        RequireArray($"{shape}: (K+1)·n·d tokens", Product("(K+1)·n·d", k + 1, n, d), "lower ClassifierSettings.Tokens, ClassifierSettings.Dimension or ClassifierSettings.Layers");
        long attention = Product("8·K·n²", 8, k, n, n);
        long tokens = Product("4·(K+4)·n·d", 4, k + 4, n, d);
        return checked(attention + tokens + (256 * n));
    }

    /// <summary>
    /// Checks that <paramref name="threads"/> classifier passes, plus a training batch of <paramref name="batch"/> reviews
    /// when training (0 otherwise), fit in the budget.
    /// </summary>
    /// <exception cref="ClassifierException">A product overflows, an array is too long, or the total is over the budget.</exception>
    public static void RequireClassifier(ClassifierSettings settings, int threads, int batch, string remedy)
    {
        ArgumentNullException.ThrowIfNull(settings);
        long pass = ClassifierPassBytes(settings);
        long batchValues = Product("batch·n·d", batch, settings.Tokens, settings.Dimension);
        RequireArray(string.Create(CultureInfo.InvariantCulture, $"a training batch of {batch} reviews × n = {settings.Tokens} × d = {settings.Dimension}"), batchValues, remedy);
        long total;
        try
        {
            total = checked((Math.Max(1, threads) * pass) + (batchValues * 4) + ((long)batch * settings.Tokens * 4));
        }
        catch (OverflowException)
        {
            total = long.MaxValue;
        }
        Require(string.Create(CultureInfo.InvariantCulture,
            $"{Math.Max(1, threads)} thread(s) × {Size(pass)} of scratch for n = {settings.Tokens}, d = {settings.Dimension}, K = {settings.Layers}{(batch > 0 ? $", batch {batch}" : "")}"),
            total, remedy);
    }

    /// <summary>
    /// Checks that the weights of a classifier with <paramref name="vocabulary"/> words in dimension <paramref name="dimension"/>
    /// can be trained: the embedding (V·d values) is one array, and it is held four times (weights, gradient, Adam's two
    /// moments): <c>16·V·d</c> bytes.
    /// </summary>
    /// <exception cref="ClassifierException">The embedding is too long for an array or over the budget.</exception>
    public static void RequireModel(long vocabulary, long dimension, string remedy)
    {
        long embedding = Product("V·d", vocabulary, dimension);
        string what = string.Create(CultureInfo.InvariantCulture, $"the embedding of V = {vocabulary:N0} words × d = {dimension:N0}");
        RequireArray(what, embedding, remedy);
        Require($"training {what} (weights, gradient and two Adam moments)", Product("16·V·d", 16, embedding), remedy);
    }

    /// <summary>A byte count for people: 1.5 GiB, 12 MiB.</summary>
    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 40 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 40):F1} TiB"),
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):F1} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):F1} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} bytes"),
    };
}
