using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HardmaxCore.Clustering;

/// <summary>
/// Fitted clusterings kept for new points (SPEC §6.3): the scaling, and per method its codes (k-means centres, heads θ
/// with λ and the bias, or the quantizer's codes), all in the input's units. A new point is scaled as the training
/// points were and gets the nearest k-means centre, the heaviest head (argmax_h w_h), or the quantizer's nearest code
/// (the clusters' input-space means: the quantizer itself has no parameters to apply to a point it has not seen).
/// </summary>
/// <remarks>
/// <code>
/// ClusteringModel model = ClusteringModel.FromRuns(scaler, cloud.ColumnNames, runs);
/// model.Save("model.json");
/// ClusteringModel again = ClusteringModel.Read("model.json");
/// int[] clusters = again.Assign(newPoints)["kmeans"];
/// KMeansModel kmeans = KMeansModel.Load("model.json");   // one method of the file, as a fitted model
/// </code>
/// </remarks>
/// <param name="Scaler">The scaling fitted to the training points.</param>
/// <param name="Columns">The training points' column names.</param>
/// <param name="Methods">One entry per method.</param>
public sealed record ClusteringModel(FeatureScaler Scaler, IReadOnlyList<string> Columns, IReadOnlyList<ClusteringModelMethod> Methods)
{
    /// <summary>The value of the file's <c>format</c> field.</summary>
    public const string Format = "hardmax-cluster-model";

    /// <summary>d.</summary>
    public int Dimension => this.Scaler.Dimension;

    /// <summary>The model of runs already mapped to input units (<see cref="ClusteringRun.InInputUnits"/>).</summary>
    /// <param name="scaler">The scaling the runs were made with.</param>
    /// <param name="columns">The column names.</param>
    /// <param name="runs">The runs, centres in input units.</param>
    public static ClusteringModel FromRuns(FeatureScaler scaler, IReadOnlyList<string> columns, IEnumerable<ClusteringRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return new ClusteringModel(scaler, columns, runs.Select(r => new ClusteringModelMethod(
            r.Method,
            r.Centers,
            r.HeadsSettings?.Lambda ?? 0,
            r.HeadsSettings?.Bias ?? false)
        {
            Beta = r.Quantization?.Beta ?? 0,
        }).ToArray());
    }

    /// <summary>The k-means method as a fitted model.</summary>
    /// <param name="path">The file the model came from, for the message.</param>
    /// <exception cref="ClusteringDataException">The model has no k-means method.</exception>
    internal KMeansModel KMeans(string path)
        => new(this.Scaler, this.Columns, this.Method(KMeansModel.MethodName, path).Centers, null);

    /// <summary>The heads as a fitted model.</summary>
    /// <exception cref="ClusteringDataException">The model has no heads.</exception>
    internal PrototypeHeadsModel Heads(string path)
    {
        ClusteringModelMethod m = this.Method(PrototypeHeadsModel.MethodName, path);
        return new PrototypeHeadsModel(this.Scaler, this.Columns, m.Centers, m.Lambda, m.Bias, null);
    }

    /// <summary>The quantizer as a fitted model.</summary>
    /// <exception cref="ClusteringDataException">The model has no quantizer.</exception>
    internal QuantizerModel Quantizer(string path)
    {
        ClusteringModelMethod m = this.Method(QuantizerModel.MethodName, path);
        return new QuantizerModel(this.Scaler, this.Columns, m.Centers, m.Beta, null);
    }

    /// <summary>The method named <paramref name="name"/>.</summary>
    private ClusteringModelMethod Method(string name, string path)
        => this.Methods.FirstOrDefault(m => m.Method == name)
           ?? throw new ClusteringDataException($"'{path}' holds no {name} model (it holds {string.Join(", ", this.Methods.Select(m => m.Method))}).");

    /// <summary>Writes <see cref="ToJson"/> to <paramref name="path"/> atomically (a temporary file in the same folder, then a rename).</summary>
    /// <param name="path">The file; replaced if it exists.</param>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllBytes(temporary, this.ToJson());
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The cluster of every point for every method, by method name.</summary>
    /// <param name="cloud">Points in input units, with the model's number of columns.</param>
    /// <exception cref="ClusteringDataException">The number of columns differs from the model's.</exception>
    public IReadOnlyDictionary<string, int[]> Assign(PointCloud cloud)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        int d = this.Dimension;
        if (cloud.Dimension != d)
        {
            throw new ClusteringDataException($"The points have {cloud.Dimension} columns but the model was fitted to {d} ({string.Join(", ", this.Columns)}).");
        }
        var result = new Dictionary<string, int[]>();
        foreach (ClusteringModelMethod method in this.Methods)
        {
            result[method.Method] = method.Method switch
            {
                PrototypeHeadsModel.MethodName => new PrototypeHeadsModel(this.Scaler, this.Columns, method.Centers, method.Lambda, method.Bias, null).Predict(cloud),
                QuantizerModel.MethodName => new QuantizerModel(this.Scaler, this.Columns, method.Centers, method.Beta, null).Predict(cloud),
                _ => new KMeansModel(this.Scaler, this.Columns, method.Centers, null).Predict(cloud),
            };
        }
        return result;
    }

    /// <summary>The model as indented UTF-8 JSON (numbers in round-trip precision).</summary>
    public byte[] ToJson()
    {
        var root = new JsonObject
        {
            ["format"] = Format,
            ["version"] = 1,
            ["dimension"] = this.Dimension,
            ["columns"] = new JsonArray(this.Columns.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray()),
            ["scaling"] = new JsonObject
            {
                ["method"] = this.Scaler.Scaling.ToString().ToLowerInvariant(),
                ["center"] = Numbers(this.Scaler.Center),
                ["scale"] = Numbers(this.Scaler.Scale),
                ["reason"] = this.Scaler.Reason,
            },
            ["methods"] = new JsonArray(this.Methods.Select(m => (JsonNode?)this.MethodJson(m)).ToArray()),
        };
        return JsonSerializer.SerializeToUtf8Bytes(root, new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>One method's object: its name, centres, the heads' λ and bias, and the quantizer's β.</summary>
    private JsonObject MethodJson(ClusteringModelMethod m)
    {
        var node = new JsonObject
        {
            ["method"] = m.Method,
            ["centers"] = new JsonArray(Enumerable.Range(0, m.Centers.Length / this.Dimension)
                .Select(r => (JsonNode?)Numbers(m.Centers.AsSpan(r * this.Dimension, this.Dimension).ToArray())).ToArray()),
            ["lambda"] = m.Lambda,
            ["bias"] = m.Bias,
        };
        if (m.Method == QuantizerModel.MethodName)
        {
            node["beta"] = m.Beta;
        }
        return node;
    }

    /// <summary>Reads a model written by <see cref="ToJson"/>.</summary>
    /// <param name="path">The model file.</param>
    /// <exception cref="ClusteringDataException">The file is missing, not JSON, or not a model (the message says which field).</exception>
    public static ClusteringModel Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes = ClusteringFile.ReadAllBytes(path, "a clustering model saved by ClusteringModel.Save", "it is not a clustering model");
        try
        {
            JsonNode root = JsonNode.Parse(bytes) ?? throw Invalid(path, "it is empty");
            if ((string?)root["format"] != Format)
            {
                throw Invalid(path, $"its 'format' is not '{Format}'");
            }
            int d = (int)(root["dimension"] ?? throw Invalid(path, "'dimension' is missing"));
            string[] columns = (root["columns"]?.AsArray() ?? throw Invalid(path, "'columns' is missing")).Select(c => (string)c!).ToArray();
            JsonNode scaling = root["scaling"] ?? throw Invalid(path, "'scaling' is missing");
            FeatureScaling kind = Enum.TryParse((string?)scaling["method"], ignoreCase: true, out FeatureScaling k) && k != FeatureScaling.Automatic
                ? k
                : throw Invalid(path, "'scaling.method' is not none, standard or robust");
            double[] center = Vector(scaling["center"], d, path, "scaling.center");
            double[] scale = Vector(scaling["scale"], d, path, "scaling.scale");
            if (scale.Any(s => !(s > 0)))
            {
                throw Invalid(path, "a 'scaling.scale' value is not positive");
            }
            var methods = new List<ClusteringModelMethod>();
            foreach (JsonNode? m in root["methods"]?.AsArray() ?? throw Invalid(path, "'methods' is missing"))
            {
                string name = (string?)m?["method"] ?? throw Invalid(path, "a method has no name");
                if (name is not ("quantize" or "heads" or "kmeans"))
                {
                    throw Invalid(path, $"method '{name}' is not quantize, heads or kmeans");
                }
                JsonArray rows = m!["centers"]?.AsArray() ?? throw Invalid(path, $"method '{name}' has no centers");
                if (rows.Count == 0)
                {
                    throw Invalid(path, $"method '{name}' has no centers");
                }
                double[] centers = rows.SelectMany(r => Vector(r, d, path, $"{name}.centers")).ToArray();
                double lambda = (double?)m["lambda"] ?? 0;
                bool bias = (bool?)m["bias"] ?? true;
                if (name == "heads" && (!(lambda > 0) || !double.IsFinite(lambda)))
                {
                    throw Invalid(path, "the heads' 'lambda' is not positive");
                }
                double beta = (double?)m["beta"] ?? 0;
                if (!(beta >= 0) || !double.IsFinite(beta))
                {
                    throw Invalid(path, $"method '{name}' has a 'beta' that is not a finite number ≥ 0");
                }
                methods.Add(new ClusteringModelMethod(name, centers, lambda, bias) { Beta = beta });
            }
            if (columns.Length != d)
            {
                throw Invalid(path, $"{columns.Length} column names for dimension {d}");
            }
            return new ClusteringModel(new FeatureScaler(kind, center, scale, (string?)scaling["reason"] ?? ""), columns, methods);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new ClusteringDataException($"'{path}' is not a clustering model: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new ClusteringDataException($"Cannot read '{path}': {e.Message}", e);
        }
    }

    /// <summary>d finite numbers from a JSON array.</summary>
    private static double[] Vector(JsonNode? node, int d, string path, string field)
    {
        double[] values = (node?.AsArray() ?? throw Invalid(path, $"'{field}' is missing")).Select(v => (double)v!).ToArray();
        if (values.Length != d || values.Any(v => !double.IsFinite(v)))
        {
            throw Invalid(path, $"'{field}' is not {d} finite numbers");
        }
        return values;
    }

    /// <summary>A JSON array of numbers.</summary>
    private static JsonArray Numbers(double[] values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    /// <summary>The exception for a file that is not a model.</summary>
    private static ClusteringDataException Invalid(string path, string why)
        => new(string.Create(CultureInfo.InvariantCulture, $"'{path}' is not a clustering model: {why}."));
}
