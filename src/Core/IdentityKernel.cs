namespace HardmaxCore;

/// <summary>The similarity <c>k(x, y)</c> of identity attention (SPEC §6.1).</summary>
public enum IdentityKernel
{
    /// <summary><c>k(x, y) = ⟨x, y⟩</c>: key, query and value the identity, [MBM]'s parameter-free layer.</summary>
    Dot = 0,

    /// <summary>
    /// <c>k(x, y) = ⟨x, y⟩ − ‖y‖²/2</c>: the key carries the bias <c>−‖y‖²/2</c>, so the weights are
    /// <c>∝ exp(−β‖x − y‖²/2)</c> and a layer is one step of Gaussian blurring mean shift with bandwidth <c>σ² = 1/β</c>.
    /// </summary>
    Gaussian,
}
