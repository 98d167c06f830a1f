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
        if (!ClipFactor(gradients, rowSquares, touchedRows.Count, bound, out float factor))
        {
            return;
        }
        float[] embedding = gradients[0];
        Partitions.Run(touchedRows.Count >= ParallelRows ? threads : 1, (worker, workers) => ScaleRows(
            embedding, touchedRows, d, (int)((long)touchedRows.Count * worker / workers), (int)((long)touchedRows.Count * (worker + 1) / workers), factor));
        ScaleDense(gradients, factor);
    }

    /// <summary>
    /// The clipping factor: <c>‖g‖₂² = Σ_k rowSquares[k] + Σ_{p≥1} ‖gradients[p]‖²</c> summed in double in that order (k over the
    /// first <paramref name="rows"/> entries, in list order), and if <c>‖g‖₂ &gt; bound</c>, <c>factor = bound/(‖g‖₂ + 10⁻⁶)</c>
    /// rounded to float; returns whether to scale.
    /// </summary>
    public static bool ClipFactor(float[][] gradients, float[] rowSquares, int rows, double bound, out float factor)
    {
        double squares = 0;
        for (int k = 0; k < rows; k++)
        {
            squares += rowSquares[k];
        }
        for (int p = 1; p < gradients.Length; p++)
        {
            squares += TensorPrimitives.Dot<float>(gradients[p], gradients[p]);
        }
        double norm = Math.Sqrt(squares);
        factor = 1;
        if (norm <= bound)
        {
            return false;
        }
        factor = (float)(bound / (norm + 1e-6));
        return true;
    }

    /// <summary>Multiplies the embedding-gradient rows <c>touchedRows[k]</c>, k in [first, last), by <paramref name="factor"/> (float products).</summary>
    public static void ScaleRows(float[] embeddingGradient, List<int> touchedRows, int d, int first, int last, float factor)
    {
        for (int k = first; k < last; k++)
        {
            Span<float> row = embeddingGradient.AsSpan(touchedRows[k] * d, d);
            TensorPrimitives.Multiply(row, factor, row);
        }
    }

    /// <summary>Multiplies the dense gradients (every array after the first) by <paramref name="factor"/> (float products).</summary>
    public static void ScaleDense(float[][] gradients, float factor)
    {
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
        ClearRows(embeddingGradient, touchedRows, touched, d, 0, touchedRows.Count);
        touchedRows.Clear();
    }

    /// <summary>Zeroes the rows <c>touchedRows[k]</c>, k in [first, last), of the embedding gradient and unmarks them in <paramref name="touched"/> (the list is kept).</summary>
    public static void ClearRows(float[] embeddingGradient, List<int> touchedRows, bool[] touched, int d, int first, int last)
    {
        for (int k = first; k < last; k++)
        {
            int word = touchedRows[k];
            touched[word] = false;
            Array.Clear(embeddingGradient, word * d, d);
        }
    }
}
