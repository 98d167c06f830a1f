namespace HardmaxCore.Clustering;

/// <summary>
/// Trained prototype heads (<see cref="PrototypeHeads.Fit"/>): θ in the input's units, λ, the bias, and the scaling s the
/// heads were trained in. A point x gets the heaviest head, <c>argmax_h w_h(s(x))</c> with
/// <c>w_h(y) = softmax_h(λ⟨y, s(θ_h)⟩ − b·λ‖s(θ_h)‖²/2)</c> (the lowest h on ties), and <see cref="Transform(PointCloud)"/>
/// gives <c>T_Θ(x) = s⁻¹(Σ_h w_h(s(x)) s(θ_h))</c>. Saved as a <see cref="ClusteringModel"/> file with one method.
/// </summary>
/// <remarks>
/// <code>
/// PrototypeHeadsModel heads = PrototypeHeads.Fit(cloud, new PrototypeHeadsOptions { Heads = 3 });
/// int[] clusters = heads.Predict(newPoints);
/// heads.Save("heads.json");
/// PrototypeHeadsModel again = PrototypeHeadsModel.Load("heads.json");
/// </code>
/// </remarks>
public sealed class PrototypeHeadsModel
{
    /// <summary>The method's name in a model file.</summary>
    internal const string MethodName = "heads";

    /// <summary>A model from its parts.</summary>
    internal PrototypeHeadsModel(FeatureScaler scaler, IReadOnlyList<string> columns, double[] heads, double lambda, bool bias, PrototypeHeadsResult? result)
    {
        this.Scaler = scaler;
        this.Columns = columns;
        this.Heads = heads;
        this.Lambda = lambda;
        this.Bias = bias;
        this.Result = result;
    }

    /// <summary>The scaling s the heads work in (the identity for a model trained by <see cref="PrototypeHeads.Fit"/>).</summary>
    public FeatureScaler Scaler { get; }

    /// <summary>The training points' column names.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>θ in the input's units, H × d row-major.</summary>
    public double[] Heads { get; }

    /// <summary>λ, the heads' inverse temperature (in the scaled units).</summary>
    public double Lambda { get; }

    /// <summary>Whether the score carries −λ‖θ_h‖²/2.</summary>
    public bool Bias { get; }

    /// <summary>d.</summary>
    public int Dimension => this.Scaler.Dimension;

    /// <summary>H.</summary>
    public int Clusters => this.Heads.Length / this.Dimension;

    /// <summary>The training path and risk; null for a model read by <see cref="Load"/>.</summary>
    public PrototypeHeadsResult? Result { get; }

    /// <summary>The heaviest head of every point, argmax_h w_h(x).</summary>
    /// <param name="points">Points of the model's dimension, in the input's units.</param>
    /// <exception cref="ArgumentException">The points have another dimension.</exception>
    public int[] Predict(PointCloud points)
        => PrototypeHeads.Assign(ModelInput.Scaled(points, this.Scaler, nameof(points)), this.Dimension, this.Scaler.Apply(this.Heads), this.Lambda, this.Bias);

    /// <summary>The heaviest head of every point, argmax_h w_h(x).</summary>
    /// <param name="points">n × d row-major, d the model's, finite, in the input's units.</param>
    /// <exception cref="ArgumentException">The length is not a multiple of d, or a coordinate is NaN or infinite.</exception>
    public int[] Predict(ReadOnlySpan<double> points)
        => PrototypeHeads.Assign(ModelInput.Scaled(points, this.Scaler, nameof(points)), this.Dimension, this.Scaler.Apply(this.Heads), this.Lambda, this.Bias);

    /// <summary>T_Θ(x) = Σ_h w_h(x) θ_h of every point (computed in the scaled space, returned in the input's units), n × d.</summary>
    /// <param name="points">Points of the model's dimension, in the input's units.</param>
    /// <exception cref="ArgumentException">The points have another dimension.</exception>
    public double[] Transform(PointCloud points)
    {
        int d = this.Dimension;
        double[] scaled = ModelInput.Scaled(points, this.Scaler, nameof(points));
        double[] heads = this.Scaler.Apply(this.Heads);
        double[] transformed = new double[scaled.Length];
        double[] w = new double[this.Clusters];
        for (int i = 0; i < scaled.Length / d; i++)
        {
            PrototypeHeads.Transform(scaled.AsSpan(i * d, d), heads, d, this.Lambda, this.Bias, w, transformed.AsSpan(i * d, d));
        }
        return this.Scaler.Inverse(transformed);
    }

    /// <summary>Writes the model (a <see cref="ClusteringModel"/> file holding this method) atomically.</summary>
    /// <param name="path">The file; replaced if it exists.</param>
    public void Save(string path) => new ClusteringModel(this.Scaler, this.Columns, [this.ToMethod()]).Save(path);

    /// <summary>Reads the heads of a model file (written by <see cref="Save"/> or <c>hardmax cluster --save</c>).</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="ClusteringDataException">The file is not a model or holds no heads.</exception>
    public static PrototypeHeadsModel Load(string path) => ClusteringModel.Read(path).Heads(path);

    /// <summary>The method entry of a model file.</summary>
    internal ClusteringModelMethod ToMethod() => new(MethodName, this.Heads, this.Lambda, this.Bias);
}
