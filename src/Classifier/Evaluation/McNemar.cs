namespace HardmaxCore.Classifier;

/// <summary>McNemar's exact test: do two classifiers scored on the same reviews differ in accuracy?</summary>
/// <remarks>
/// Only the discordant reviews count: <c>b</c> that A gets right and B wrong, <c>c</c> the other way. Under the null
/// hypothesis (equal accuracy) each discordant review goes either way with probability ½, so <c>b ~ Binomial(b + c, ½)</c>;
/// the two-sided exact p-value is <c>min(1, 2·P(X ≤ min(b, c)))</c>. Computed in log space, exact for any counts.
/// </remarks>
public static class McNemar
{
    /// <summary>The two-sided exact p-value for <paramref name="onlyA"/> = b and <paramref name="onlyB"/> = c discordant reviews (1 when both are 0).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    public static double ExactPValue(long onlyA, long onlyB)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(onlyA);
        ArgumentOutOfRangeException.ThrowIfNegative(onlyB);
        long n = onlyA + onlyB;
        long k = Math.Min(onlyA, onlyB);
        if (n == 0)
        {
            return 1;
        }
        // log P(X = j) = log C(n, j) − n log 2, with log C(n, j + 1) = log C(n, j) + log(n − j) − log(j + 1).
        double logHalf = -n * Math.Log(2);
        double logTerm = logHalf;
        double maximum = logTerm;
        var terms = new double[k + 1];
        terms[0] = logTerm;
        for (long j = 0; j < k; j++)
        {
            logTerm += Math.Log(n - j) - Math.Log(j + 1);
            terms[j + 1] = logTerm;
            maximum = Math.Max(maximum, logTerm);
        }
        double sum = 0;
        foreach (double term in terms)
        {
            sum += Math.Exp(term - maximum);
        }
        double tail = Math.Exp(maximum + Math.Log(sum));
        return Math.Min(1, 2 * tail);
    }
}
