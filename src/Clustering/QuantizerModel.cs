namespace HardmaxCore.Clustering;

/// <summary>
/// A fitted in-context quantizer (<see cref="Quantizer.Fit"/>): the codes (each cluster's mean of the input points, in the
/// input's units), β, and the scaling s. The quantizer's own answer is in-context — the clusters of the points it ran on,
/// <see cref="Labels"/> (<see cref="Quantizer.FitPredict"/>); the layers have no parameters to apply to a point they have
/// not seen, so a new point x gets the nearest code, <c>argmin_h ‖s(x) − s(c_h)‖²</c> (the lowest h on ties).
/// </summary>
/// <remarks>
/// <code>
/// QuantizerModel quantizer = Quantizer.Fit(cloud, new QuantizerOptions { Beta = 1 });
/// int[] inContext = quantizer.Labels!;            // = Quantizer.FitPredict(cloud, options)
/// int[] clusters = quantizer.Predict(newPoints);   // nearest code
/// </code>
/// </remarks>
public sealed class QuantizerModel
{
    /// <summary>The method's name in a model file.</summary>
    internal const string MethodName = "quantize";

    /// <summary>A model from its parts.</summary>
    internal QuantizerModel(FeatureScaler scaler, IReadOnlyList<string> columns, double[] codes, double beta, QuantizerResult? result)
    {
        this.Scaler = scaler;
        this.Columns = columns;
        this.Codes = codes;
        this.Beta = beta;
        this.Result = result;
    }

    /// <summary>The scaling s the codes are compared in (the identity for a model fitted by <see cref="Quantizer.Fit"/>).</summary>
    public FeatureScaler Scaler { get; }

    /// <summary>The training points' column names.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The codes in the input's units (each cluster's mean of its input points), k × d row-major.</summary>
    public double[] Codes { get; }

    /// <summary>The β the layers ran with (in the scaled units; 0 when a model file did not record it).</summary>
    public double Beta { get; }

    /// <summary>d.</summary>
    public int Dimension => this.Scaler.Dimension;

    /// <summary>k.</summary>
    public int Clusters => this.Codes.Length / this.Dimension;

    /// <summary>The run (layers, convergence, collapse, outputs); null for a model read by <see cref="Load"/>.</summary>
    public QuantizerResult? Result { get; }

    /// <summary>The in-context clusters of the points the quantizer ran on; null for a model read by <see cref="Load"/>.</summary>
    public int[]? Labels => this.Result?.Assignments;

    /// <summary>Layers run; null for a loaded model.</summary>
    public int? Layers => this.Result?.Layers;

    /// <summary>Whether the run stopped by its rule (a fixed point, or collapsed clusters); null for a loaded model.</summary>
    public bool? Converged => this.Result?.Converged;

    /// <summary>The nearest code of every point.</summary>
    /// <param name="points">Points of the model's dimension, in the input's units.</param>
    /// <exception cref="ArgumentException">The points have another dimension.</exception>
    public int[] Predict(PointCloud points)
        => ModelInput.Nearest(ModelInput.Scaled(points, this.Scaler, nameof(points)), this.Scaler.Apply(this.Codes), this.Dimension);

    /// <summary>The nearest code of every point.</summary>
    /// <param name="points">n × d row-major, d the model's, finite, in the input's units.</param>
    /// <exception cref="ArgumentException">The length is not a multiple of d, or a coordinate is NaN or infinite.</exception>
    public int[] Predict(ReadOnlySpan<double> points)
        => ModelInput.Nearest(ModelInput.Scaled(points, this.Scaler, nameof(points)), this.Scaler.Apply(this.Codes), this.Dimension);

    /// <summary>Writes the model (a <see cref="ClusteringModel"/> file holding this method) atomically.</summary>
    /// <param name="path">The file; replaced if it exists.</param>
    public void Save(string path) => new ClusteringModel(this.Scaler, this.Columns, [this.ToMethod()]).Save(path);

    /// <summary>Reads the quantizer of a model file (written by <see cref="Save"/> or <c>hardmax cluster --save</c>).</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="ClusteringDataException">The file is not a model or holds no quantizer.</exception>
    public static QuantizerModel Load(string path) => ClusteringModel.Read(path).Quantizer(path);

    /// <summary>The method entry of a model file.</summary>
    internal ClusteringModelMethod ToMethod() => new(MethodName, this.Codes, 0, false) { Beta = this.Beta };
}
