using System.Numerics.Tensors;

namespace HardmaxCore.Classifier;

/// <summary>Global-norm gradient clipping over a sparse embedding gradient and dense parameters (both classifiers).</summary>
internal static class GradientClipping
{
    /// <summary>Touched rows at or above which the rescaling is spread over the threads.</summary>
    private const int ParallelRows = 1024;

    /// <summary>
    /// PyTorch's <c>clip_grad_norm_</c>: if ‖g‖₂ &gt; <paramref name="bound"/>, scale every gradient by bound/(‖g‖₂ + 10⁻⁶).
    /// <c>gradients[0]</c> is the V × d embedding gradient, non-zero only on <paramref name="touchedRows"/> (so the norm over
    /// those rows is the norm over all of it); the other arrays are dense.
    /// </summary>
    public static void ClipByGlobalNorm(float[][] gradients, List<int> touchedRows, int d, double bound)
    {
        var rowSquares = new float[touchedRows.Count];
        RowSquares(gradients[0], touchedRows, d, 0, touchedRows.Count, rowSquares);
        ClipByGlobalNorm(gradients, touchedRows, rowSquares, d, bound, threads: 1);
    }

    /// <summary>
    /// <see cref="ClipByGlobalNorm(float[][], List{int}, int, double)"/> with the squared norms of the touched rows already
    /// computed (<see cref="RowSquares"/>; entry k for <c>touchedRows[k]</c>): they are summed in list order, so the norm
    /// and the factor do not depend on how the rows were computed; the rescaling is spread over <paramref name="threads"/>.
    /// </summary>
    public static void ClipByGlobalNorm(float[][] gradients, List<int> touchedRows, float[] rowSquares, int d, double bound, int threads)
    {
        double squares = 0;
        for (int k = 0; k < touchedRows.Count; k++)
        {
            squares += rowSquares[k];
        }
        for (int p = 1; p < gradients.Length; p++)
        {
            squares += TensorPrimitives.Dot<float>(gradients[p], gradients[p]);
        }
        double norm = Math.Sqrt(squares);
        if (norm <= bound)
        {
            return;
        }
        float factor = (float)(bound / (norm + 1e-6));
        float[] embedding = gradients[0];
        Partitions.Run(touchedRows.Count >= ParallelRows ? threads : 1, (worker, workers) =>
        {
            int last = (int)((long)touchedRows.Count * (worker + 1) / workers);
            for (int k = (int)((long)touchedRows.Count * worker / workers); k < last; k++)
            {
                Span<float> row = embedding.AsSpan(touchedRows[k] * d, d);
                TensorPrimitives.Multiply(row, factor, row);
            }
        });
        for (int p = 1; p < gradients.Length; p++)
        {
            TensorPrimitives.Multiply<float>(gradients[p], factor, gradients[p]);
        }
    }

    /// <summary>Writes ‖g_w‖² (a float dot product) of <c>touchedRows[k]</c> to <c>rowSquares[k]</c> for k in [first, last).</summary>
    public static void RowSquares(float[] embeddingGradient, List<int> touchedRows, int d, int first, int last, float[] rowSquares)
    {
        for (int k = first; k < last; k++)
        {
            ReadOnlySpan<float> row = embeddingGradient.AsSpan(touchedRows[k] * d, d);
            rowSquares[k] = TensorPrimitives.Dot(row, row);
        }
    }

    /// <summary>Zeroes the touched rows of the embedding gradient, unmarks them in <paramref name="touched"/> and empties the list.</summary>
    public static void ClearRows(float[] embeddingGradient, List<int> touchedRows, bool[] touched, int d)
    {
        foreach (int word in touchedRows)
        {
            touched[word] = false;
            Array.Clear(embeddingGradient, word * d, d);
        }
        touchedRows.Clear();
    }
}
