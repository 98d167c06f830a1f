namespace HardmaxCore.Experiments.Simulation;

/// <summary>One configuration to simulate and the parameters of its dynamics (SPEC §1), as read from JSON or a built-in example.</summary>
/// <param name="Source">Where it came from, for messages: a file path or <c>example square</c>.</param>
/// <param name="Alpha">α, validated by the Core.</param>
/// <param name="KeyQuery">A (d × d), or null for the identity; validated by the Core.</param>
/// <param name="TieTolerance">The relative tie tolerance (SPEC §1.4), validated by the Core.</param>
/// <param name="Tokens">n, the number of tokens (≥ 1).</param>
/// <param name="Dimension">d, the dimension of a token (≥ 1).</param>
/// <param name="Values">The configuration, row-major n × d.</param>
internal sealed record SimulationProblem(
    string Source, double Alpha, double[,]? KeyQuery, double TieTolerance, int Tokens, int Dimension, double[] Values)
{
    /// <summary>Flattens tokens given as rows (all of the same length, at least one) into a problem.</summary>
    public static SimulationProblem FromRows(string source, double alpha, double[,]? keyQuery, double tieTolerance, double[][] rows)
    {
        int n = rows.Length;
        int d = rows[0].Length;
        var values = new double[n * d];
        for (int i = 0; i < n; i++)
        {
            rows[i].CopyTo(values, i * d);
        }
        return new SimulationProblem(source, alpha, keyQuery, tieTolerance, n, d, values);
    }
}
