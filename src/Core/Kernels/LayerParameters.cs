namespace HardmaxCore.Kernels;

/// <summary>The validated parameters of one layer, in the working precision.</summary>
/// <param name="Step">α/(1+α), the fraction of the way each token moves towards its attention mean.</param>
/// <param name="TieTolerance">The relative tie tolerance (0: exact ties).</param>
/// <param name="Temperature">The softmax temperature τ.</param>
/// <param name="KeyQuery">A row-major, or null for the identity.</param>
internal readonly record struct LayerParameters<T>(T Step, T TieTolerance, T Temperature, T[]? KeyQuery)
    where T : unmanaged, IFloatingPointIeee754<T>;
