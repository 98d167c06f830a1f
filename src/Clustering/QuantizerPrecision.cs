namespace HardmaxCore.Clustering;

/// <summary>The arithmetic the quantizer's layers run in.</summary>
public enum QuantizerPrecision
{
    /// <summary>float: about twice as fast; ε = 1.2e-7.</summary>
    Float,

    /// <summary>double: ε = 2.2e-16.</summary>
    Double,
}
