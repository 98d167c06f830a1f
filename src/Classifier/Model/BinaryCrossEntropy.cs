namespace HardmaxCore.Classifier;

/// <summary>The loss of SPEC §3.1: sigmoid then binary cross-entropy, computed from the logit without overflow.</summary>
internal static class BinaryCrossEntropy
{
    /// <summary><c>L = −[y·log σ(x) + (1−y)·log(1−σ(x))] = softplus(x) − y·x</c>.</summary>
    public static double Loss(double logit, int label)
        => Math.Max(logit, 0) + Math.Log(1 + Math.Exp(-Math.Abs(logit))) - label * logit;

    /// <summary>The mean loss over reviews (NaN for none): the validation loss of an epoch.</summary>
    public static double MeanLoss(float[] logits, int[] labels)
    {
        double sum = 0;
        for (int r = 0; r < logits.Length; r++)
        {
            sum += Loss(logits[r], labels[r]);
        }
        return logits.Length == 0 ? double.NaN : sum / logits.Length;
    }

    /// <summary><c>∂L/∂x = σ(x) − y</c>.</summary>
    public static double Gradient(double logit, int label) => Sigmoid(logit) - label;

    /// <summary><c>σ(x) = 1/(1 + e^{−x})</c>.</summary>
    public static double Sigmoid(double logit) => 1 / (1 + Math.Exp(-logit));
}
