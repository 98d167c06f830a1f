namespace HardmaxCore.Clustering;

/// <summary>
/// Fitted k-means (<see cref="KMeans.Fit(PointCloud, KMeansOptions)"/>): the centres c_h in the input's units and the
/// scaling s the points were clustered in; a point x gets the nearest centre, <c>argmin_h ‖s(x) − s(c_h)‖²</c> (the lowest
/// h on ties). Saved as a <see cref="ClusteringModel"/> file with one method.
/// </summary>
/// <remarks>
/// <code>
/// KMeansModel kmeans = KMeans.Fit(cloud, new KMeansOptions(3) { Seed = 7 });
/// int[] clusters = kmeans.Predict(newPoints);
/// kmeans.Save("kmeans.json");
/// KMeansModel again = KMeansModel.Load("kmeans.json");
/// </code>
/// </remarks>
public sealed class KMeansModel
{
    /// <summary>The method's name in a model file.</summary>
    internal const string MethodName = "kmeans";

    /// <summary>A model from its parts.</summary>
    internal KMeansModel(FeatureScaler scaler, IReadOnlyList<string> columns, double[] centers, KMeansResult? result)
    {
        this.Scaler = scaler;
        this.Columns = columns;
        this.Centers = centers;
        this.Result = result;
    }

    /// <summary>The scaling s the centres are compared in (the identity for a model fitted by <see cref="KMeans.Fit(PointCloud, KMeansOptions)"/>).</summary>
    public FeatureScaler Scaler { get; }

    /// <summary>The training points' column names.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The centres c_h in the input's units, k × d row-major.</summary>
    public double[] Centers { get; }

    /// <summary>d.</summary>
    public int Dimension => this.Scaler.Dimension;

    /// <summary>k.</summary>
    public int Clusters => this.Centers.Length / this.Dimension;

    /// <summary>The fit (the training points' clusters, inertia, iterations); null for a model read by <see cref="Load"/>.</summary>
    public KMeansResult? Result { get; }

    /// <summary>Σ_i ‖x_i − c_{a_i}‖² on the training points (scikit-learn's <c>inertia_</c>); null for a loaded model.</summary>
    public double? Inertia => this.Result?.Inertia;

    /// <summary>The nearest centre of every point.</summary>
    /// <param name="points">Points of the model's dimension, in the input's units.</param>
    /// <exception cref="ArgumentException">The points have another dimension.</exception>
    public int[] Predict(PointCloud points)
        => ModelInput.Nearest(ModelInput.Scaled(points, this.Scaler, nameof(points)), this.Scaler.Apply(this.Centers), this.Dimension);

    /// <summary>The nearest centre of every point.</summary>
    /// <param name="points">n × d row-major, d the model's, finite, in the input's units.</param>
    /// <exception cref="ArgumentException">The length is not a multiple of d, or a coordinate is NaN or infinite.</exception>
    public int[] Predict(ReadOnlySpan<double> points)
        => ModelInput.Nearest(ModelInput.Scaled(points, this.Scaler, nameof(points)), this.Scaler.Apply(this.Centers), this.Dimension);

    /// <summary>Writes the model (a <see cref="ClusteringModel"/> file holding this method) atomically.</summary>
    /// <param name="path">The file; replaced if it exists.</param>
    public void Save(string path) => new ClusteringModel(this.Scaler, this.Columns, [this.ToMethod()]).Save(path);

    /// <summary>Reads the k-means method of a model file (written by <see cref="Save"/> or <c>hardmax cluster --save</c>).</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="ClusteringDataException">The file is not a model or holds no k-means method.</exception>
    public static KMeansModel Load(string path) => ClusteringModel.Read(path).KMeans(path);

    /// <summary>The method entry of a model file.</summary>
    internal ClusteringModelMethod ToMethod() => new(MethodName, this.Centers, 0, false);
}
