using System.Numerics.Tensors;

namespace HardmaxCore.Classifier;

/// <summary>Global-norm gradient clipping over a sparse embedding gradient and dense parameters (both classifiers).</summary>
internal static class GradientClipping
{
    /// <summary>
    /// PyTorch's <c>clip_grad_norm_</c>: if ‖g‖₂ &gt; <paramref name="bound"/>, scale every gradient by bound/(‖g‖₂ + 10⁻⁶).
    /// <c>gradients[0]</c> is the V × d embedding gradient, non-zero only on <paramref name="touchedRows"/> (so the norm over
    /// those rows is the norm over all of it); the other arrays are dense.
    /// </summary>
    public static void ClipByGlobalNorm(float[][] gradients, List<int> touchedRows, int d, double bound)
    {
        double squares = 0;
        foreach (int word in touchedRows)
        {
            ReadOnlySpan<float> row = gradients[0].AsSpan(word * d, d);
            squares += TensorPrimitives.Dot(row, row);
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
        foreach (int word in touchedRows)
        {
            Span<float> row = gradients[0].AsSpan(word * d, d);
            TensorPrimitives.Multiply(row, factor, row);
        }
        for (int p = 1; p < gradients.Length; p++)
        {
            TensorPrimitives.Multiply<float>(gradients[p], factor, gradients[p]);
        }
    }
}
