namespace HardmaxCore.Clustering;

/// <summary>Options of <see cref="PrototypeHeads.Train"/> (SPEC §6.2); defaults in parentheses.</summary>
public readonly record struct PrototypeHeadsOptions
{
    /// <summary>Creates the default options (2 heads, λ = 2, biased score, 2000 Adam steps of 256 points, initialisation by H).</summary>
    public PrototypeHeadsOptions()
    {
    }

    /// <summary>H, the number of heads (2).</summary>
    public int Heads { get; init; } = 2;

    /// <summary>λ &gt; 0, the inverse temperature of the heads' softmax, in 1/(data units)² (2; about 2/σ² for clusters of
    /// spread σ, so 2 suits unit-spread clusters and standardised data).</summary>
    public double Lambda { get; init; } = 2.0;

    /// <summary>Whether the score carries the bias −λ‖θ_h‖²/2 (true); false gives the plain score λ⟨x, θ_h⟩.</summary>
    public bool Bias { get; init; } = true;

    /// <summary>Adam steps (2000).</summary>
    public int Steps { get; init; } = 2000;

    /// <summary>Points per mini-batch (256); on a fixed data set of at most this many points, full-batch gradient steps.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Adam's initial step size in data units; 0 means 0.05·s with s the data's RMS spread per coordinate (0).
    /// It decays along a cosine to 1/100 of itself at the last step.</summary>
    public double LearningRate { get; init; }

    /// <summary>The initialisation (<see cref="HeadsInitialization.Automatic"/>: random for H ≤ 2, k-means++ beyond).</summary>
    public HeadsInitialization Initialization { get; init; } = HeadsInitialization.Automatic;

    /// <summary>The initialisation actually used: <see cref="Initialization"/> with <see cref="HeadsInitialization.Automatic"/> resolved by H.</summary>
    public HeadsInitialization ResolvedInitialization => this.Initialization != HeadsInitialization.Automatic
        ? this.Initialization
        : this.Heads > 2 ? HeadsInitialization.KMeansPlusPlus : HeadsInitialization.Random;

    /// <summary>s of the random initialisation N(m, s²I); 0 means the data's RMS spread per coordinate (0).</summary>
    public double InitScale { get; init; }

    /// <summary>Seeds the initialisation and the mini-batches (0).</summary>
    public int Seed { get; init; }

    /// <summary>Record the heads and the risk every this many steps (0 = about 200 records over the run).</summary>
    public int LogEvery { get; init; }

    /// <summary>Checks every option; the message names the property.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        if (this.Heads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(this.Heads), this.Heads, $"PrototypeHeadsOptions.Heads must be at least 1 (found {this.Heads}).");
        }
        if (!(this.Lambda > 0) || !double.IsFinite(this.Lambda))
        {
            throw new ArgumentOutOfRangeException(nameof(this.Lambda), this.Lambda, $"PrototypeHeadsOptions.Lambda must be positive and finite (found {this.Lambda}); λ ≈ 2/σ² for clusters of spread σ.");
        }
        if (this.Steps < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(this.Steps), this.Steps, $"PrototypeHeadsOptions.Steps must be ≥ 0 (found {this.Steps}).");
        }
        if (this.BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(this.BatchSize), this.BatchSize, $"PrototypeHeadsOptions.BatchSize must be ≥ 1 (found {this.BatchSize}).");
        }
        if (!(this.LearningRate >= 0) || !double.IsFinite(this.LearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(this.LearningRate), this.LearningRate, $"PrototypeHeadsOptions.LearningRate must be ≥ 0 and finite, 0 meaning automatic (found {this.LearningRate}).");
        }
        if (!(this.InitScale >= 0) || !double.IsFinite(this.InitScale))
        {
            throw new ArgumentOutOfRangeException(nameof(this.InitScale), this.InitScale, $"PrototypeHeadsOptions.InitScale must be ≥ 0 and finite, 0 meaning automatic (found {this.InitScale}).");
        }
        if (this.LogEvery < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(this.LogEvery), this.LogEvery, $"PrototypeHeadsOptions.LogEvery must be ≥ 0 (found {this.LogEvery}).");
        }
        if (!Enum.IsDefined(this.Initialization))
        {
            throw new ArgumentOutOfRangeException(nameof(this.Initialization), this.Initialization, $"PrototypeHeadsOptions.Initialization {this.Initialization} is not a defined value.");
        }
    }
}
