namespace HardmaxCore.Clustering;

/// <summary>Options of <see cref="PrototypeHeads.Train"/> (SPEC §6.2); defaults in parentheses.</summary>
public readonly record struct PrototypeHeadsOptions
{
    /// <summary>Creates the default options (2 heads, λ = 1, biased score, 2000 Adam steps of 256 points).</summary>
    public PrototypeHeadsOptions()
    {
    }

    /// <summary>H, the number of heads (2).</summary>
    public int Heads { get; init; } = 2;

    /// <summary>λ &gt; 0, the inverse temperature of the heads' softmax, in 1/(data units)² (1).</summary>
    public double Lambda { get; init; } = 1.0;

    /// <summary>Whether the score carries the bias −λ‖θ_h‖²/2 (true); false gives the plain score λ⟨x, θ_h⟩.</summary>
    public bool Bias { get; init; } = true;

    /// <summary>Adam steps (2000).</summary>
    public int Steps { get; init; } = 2000;

    /// <summary>Points per mini-batch (256); on a fixed data set of at most this many points, full-batch gradient steps.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Adam's initial step size in data units; 0 means 0.05·s with s the data's RMS spread per coordinate (0).
    /// It decays along a cosine to 1/100 of itself at the last step.</summary>
    public double LearningRate { get; init; }

    /// <summary>The initialisation (<see cref="HeadsInitialization.Random"/>).</summary>
    public HeadsInitialization Initialization { get; init; } = HeadsInitialization.Random;

    /// <summary>s of the random initialisation N(m, s²I); 0 means the data's RMS spread per coordinate (0).</summary>
    public double InitScale { get; init; }

    /// <summary>Seeds the initialisation and the mini-batches (0).</summary>
    public int Seed { get; init; }

    /// <summary>Record the heads and the risk every this many steps (0 = about 200 records over the run).</summary>
    public int LogEvery { get; init; }
}
