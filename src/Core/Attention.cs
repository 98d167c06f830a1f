namespace HardmaxCore;

/// <summary>Which layer the dynamics runs: hardmax (SPEC §1.2) or softmax with temperature (SPEC §1.3).</summary>
public enum Attention
{
    /// <summary><c>z_i⁺ = (z_i + α·mean_{j∈C_i} z_j)/(1+α)</c>.</summary>
    Hardmax = 0,

    /// <summary><c>z_i⁺ = (z_i + α·Σ_j P_ij z_j)/(1+α)</c>, <c>P = softmax(s/τ)</c> row by row.</summary>
    Softmax,
}
