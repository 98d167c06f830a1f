namespace HardmaxCore.Clustering;

/// <summary>
/// The Hungarian algorithm (Kuhn–Munkres with potentials, the O(n²·m) shortest-augmenting-path form): a one-to-one
/// assignment of rows to columns of a cost matrix with the least total cost.
/// </summary>
internal static class Hungarian
{
    /// <summary>
    /// The assignment of rows to distinct columns minimising Σ cost[r, match[r]]; a rectangular matrix matches
    /// min(rows, columns) pairs and leaves the other rows at −1.
    /// </summary>
    /// <param name="cost">A finite rows × columns cost matrix.</param>
    /// <returns>match[r] = the column of row r, or −1 when r is unmatched (only when rows &gt; columns).</returns>
    public static int[] Minimize(double[,] cost)
    {
        int rows = cost.GetLength(0);
        int columns = cost.GetLength(1);
        if (rows == 0 || columns == 0)
        {
            return Enumerable.Repeat(-1, rows).ToArray();
        }
        if (rows > columns)
        {
            double[,] transposed = new double[columns, rows];
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < columns; c++)
                {
                    transposed[c, r] = cost[r, c];
                }
            }
            int[] byColumn = Minimize(transposed);
            int[] match = Enumerable.Repeat(-1, rows).ToArray();
            for (int c = 0; c < columns; c++)
            {
                match[byColumn[c]] = c;
            }
            return match;
        }
        return MinimizeWide(cost, rows, columns);
    }

    /// <summary>The maximum-total assignment (Σ score[r, match[r]] largest): <see cref="Minimize"/> on −score.</summary>
    public static int[] Maximize(double[,] score)
    {
        int rows = score.GetLength(0);
        int columns = score.GetLength(1);
        double[,] cost = new double[rows, columns];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                cost[r, c] = -score[r, c];
            }
        }
        return Minimize(cost);
    }

    /// <summary>rows ≤ columns: every row gets a column. Potentials u (rows), v (columns); 1-based with a virtual column 0.</summary>
    private static int[] MinimizeWide(double[,] cost, int n, int m)
    {
        double[] u = new double[n + 1];
        double[] v = new double[m + 1];
        int[] rowOfColumn = new int[m + 1];   // p[j]: the row matched to column j (0 = none)
        int[] way = new int[m + 1];
        double[] minimum = new double[m + 1];
        bool[] used = new bool[m + 1];
        for (int i = 1; i <= n; i++)
        {
            rowOfColumn[0] = i;
            int j0 = 0;
            Array.Fill(minimum, double.PositiveInfinity);
            Array.Fill(used, false);
            do
            {
                used[j0] = true;
                int i0 = rowOfColumn[j0];
                double delta = double.PositiveInfinity;
                int j1 = 0;
                for (int j = 1; j <= m; j++)
                {
                    if (!used[j])
                    {
                        double reduced = cost[i0 - 1, j - 1] - u[i0] - v[j];
                        if (reduced < minimum[j])
                        {
                            minimum[j] = reduced;
                            way[j] = j0;
                        }
                        if (minimum[j] < delta)
                        {
                            delta = minimum[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= m; j++)
                {
                    if (used[j])
                    {
                        u[rowOfColumn[j]] += delta;
                        v[j] -= delta;
                    }
                    else
                    {
                        minimum[j] -= delta;
                    }
                }
                j0 = j1;
            }
            while (rowOfColumn[j0] != 0);
            do
            {
                int j1 = way[j0];
                rowOfColumn[j0] = rowOfColumn[j1];
                j0 = j1;
            }
            while (j0 != 0);
        }
        int[] match = new int[n];
        for (int j = 1; j <= m; j++)
        {
            if (rowOfColumn[j] != 0)
            {
                match[rowOfColumn[j] - 1] = j - 1;
            }
        }
        return match;
    }
}
