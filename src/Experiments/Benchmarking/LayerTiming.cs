namespace HardmaxCore.Experiments.Benchmarking;

/// <summary>Identity-attention layers timed on one thread count (each layer from the same cloud).</summary>
/// <param name="Threads">The threads the layer was spread over (<c>IdentityAttention.Threads</c>).</param>
/// <param name="Layers">Layers counted (at least one).</param>
/// <param name="Seconds">Time spent in the counted layers (copying the cloud back in between is not counted).</param>
/// <param name="BytesPerLayer">
/// Bytes allocated per warm layer (not the first, which makes the workspaces): by the whole process on several threads,
/// by the calling thread on one; null when the budget allowed only the first layer.
/// </param>
internal readonly record struct LayerTiming(int Threads, int Layers, double Seconds, double? BytesPerLayer)
{
    /// <summary>Seconds per layer (0 when nothing was measured).</summary>
    public double SecondsPerLayer => this.Layers > 0 ? this.Seconds / this.Layers : 0;

    /// <summary>Layers per second (0 when nothing was measured).</summary>
    public double LayersPerSecond => this.Seconds > 0 ? this.Layers / this.Seconds : 0;
}
