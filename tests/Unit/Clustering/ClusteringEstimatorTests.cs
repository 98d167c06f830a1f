using System.Text.Json;
using HardmaxCore.Clustering;
using HardmaxCore.UnitTests.Cli;

namespace HardmaxCore.UnitTests.Clustering;

/// <summary>
/// The estimator shape of the clustering library: Fit returns a fitted model, Predict assigns new points, Save/Load keep
/// the predictions bit for bit, bad points are refused naming the parameter, the quantizer's FitPredict is its in-context
/// answer, and the report's settings keep their field names.
/// </summary>
public sealed class ClusteringEstimatorTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => this._directory.Dispose();

    private static (PointCloud Train, PointCloud Fresh, GaussianMixture Mixture) Data()
    {
        var mixture = GaussianMixture.WithSeparation(3, 2, 6, seed: 1);
        return (mixture.Sample(400, seed: 2), mixture.Sample(50, seed: 3), mixture);
    }

    [Fact]
    public void KMeans_FitPredictSaveLoad_PredictsTheSameBitsAfterReload()
    {
        (PointCloud train, PointCloud fresh, _) = Data();
        KMeansModel model = KMeans.Fit(train, new KMeansOptions(3) { Seed = 7 });

        Assert.Equal(model.Result!.Assignments, model.Predict(train));
        Assert.Equal(KMeans.Fit(train.Points, 2, new KMeansOptions(3) { Seed = 7 }).Inertia, model.Inertia);
        string path = Path.Combine(this._directory.Path, "kmeans.json");
        model.Save(path);
        KMeansModel loaded = KMeansModel.Load(path);

        CliHarness.AssertBitwiseEqual(model.Centers, loaded.Centers);
        Assert.Equal(model.Predict(fresh), loaded.Predict(fresh));
        Assert.Equal(model.Predict(fresh.Points), loaded.Predict(fresh.Points));
        Assert.Null(loaded.Result);
        Assert.Equal(["x0", "x1"], loaded.Columns);
    }

    [Fact]
    public void Heads_FitPredictSaveLoad_PredictsTheSameBitsAfterReload()
    {
        (PointCloud train, PointCloud fresh, GaussianMixture mixture) = Data();
        var options = new PrototypeHeadsOptions { Heads = 3, Steps = 300, Lambda = 2, Seed = 4 };
        PrototypeHeadsModel model = PrototypeHeads.Fit(train, options, mixture);

        Assert.Equal(PrototypeHeads.Assign(train.Points, 2, model.Heads, 2, bias: true), model.Predict(train));
        string path = Path.Combine(this._directory.Path, "heads.json");
        model.Save(path);
        PrototypeHeadsModel loaded = PrototypeHeadsModel.Load(path);

        CliHarness.AssertBitwiseEqual(model.Heads, loaded.Heads);
        Assert.Equal(options.Lambda, loaded.Lambda);
        Assert.Equal(options.Bias, loaded.Bias);
        Assert.Equal(model.Predict(fresh), loaded.Predict(fresh));
        CliHarness.AssertBitwiseEqual(model.Transform(fresh), loaded.Transform(fresh));
        // T_Θ(x) is a convex combination of the heads: the heaviest head's side of the plane.
        Assert.Equal(fresh.Points.Length, model.Transform(fresh).Length);
    }

    [Fact]
    public void Quantizer_FitPredict_IsTheInContextLabels_AndPredictUsesTheNearestCode()
    {
        (PointCloud train, PointCloud fresh, _) = Data();
        var options = new QuantizerOptions { Beta = 1, Layers = 30 };
        QuantizerResult run = Quantizer.Run(train, options);
        QuantizerModel model = Quantizer.Fit(train, options);

        Assert.Equal(run.Assignments, Quantizer.FitPredict(train, options));
        Assert.Equal(run.Assignments, model.Labels);
        Assert.Equal(run.Layers, model.Layers);
        Assert.Equal(run.Converged, model.Converged);
        Assert.Equal(run.Collapsed, model.Result!.Collapsed);
        CliHarness.AssertBitwiseEqual(run.Centers, model.Codes);
        string path = Path.Combine(this._directory.Path, "quantize.json");
        model.Save(path);
        QuantizerModel loaded = QuantizerModel.Load(path);

        Assert.Equal(1.0, loaded.Beta);
        CliHarness.AssertBitwiseEqual(model.Codes, loaded.Codes);
        int[] predicted = loaded.Predict(fresh);
        Assert.Equal(model.Predict(fresh), predicted);
        for (int i = 0; i < fresh.Count; i++)
        {
            Assert.Equal(Nearest(fresh.Point(i), model.Codes), predicted[i]);
        }
    }

    [Fact]
    public void Predict_PointsOfAnotherDimension_ArgumentExceptionNamingPointsAndBothDimensions()
    {
        (PointCloud train, _, _) = Data();
        KMeansModel kmeans = KMeans.Fit(train, new KMeansOptions(3));
        PrototypeHeadsModel heads = PrototypeHeads.Fit(train, new PrototypeHeadsOptions { Heads = 3, Steps = 10 });
        QuantizerModel quantizer = Quantizer.Fit(train, new QuantizerOptions { Beta = 1, Layers = 5 });
        var wide = new PointCloud([1, 2, 3, 4, 5, 6], 3);

        foreach (Action predict in new Action[] { () => kmeans.Predict(wide), () => heads.Predict(wide), () => quantizer.Predict(wide), () => heads.Transform(wide) })
        {
            ArgumentException e = Assert.Throws<ArgumentException>(predict);
            Assert.Equal("points", e.ParamName);
            Assert.Contains("dimension 3", e.Message, StringComparison.Ordinal);
            Assert.Contains("dimension 2", e.Message, StringComparison.Ordinal);
        }
        ArgumentException span = Assert.Throws<ArgumentException>(() => kmeans.Predict(new double[] { 1, 2, 3 }));
        Assert.Equal("points", span.ParamName);
        Assert.Contains("3 values", span.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_NaNOrInfinity_Refused()
    {
        (PointCloud train, _, _) = Data();
        KMeansModel kmeans = KMeans.Fit(train, new KMeansOptions(3));
        PrototypeHeadsModel heads = PrototypeHeads.Fit(train, new PrototypeHeadsOptions { Heads = 3, Steps = 10 });
        QuantizerModel quantizer = Quantizer.Fit(train, new QuantizerOptions { Beta = 1, Layers = 5 });
        double[] bad = [0, 0, 1, double.NaN];

        foreach (Func<int[]> predict in new Func<int[]>[] { () => kmeans.Predict(bad), () => heads.Predict(bad), () => quantizer.Predict(bad), () => kmeans.Predict([double.PositiveInfinity, 0]) })
        {
            ArgumentException e = Assert.Throws<ArgumentException>(() => predict());
            Assert.Equal("points", e.ParamName);
            Assert.Contains("must be finite", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Load_ModelWithAScaling_PredictsInTheScaledSpace()
    {
        // x is divided by 100: (0, 5) is nearer (10, 5) than (0, 0) once scaled, nearer (0, 0) in raw units.
        var scaler = new FeatureScaler(FeatureScaling.Standard, [0, 0], [100, 1], "test");
        string path = Path.Combine(this._directory.Path, "scaled.json");
        new ClusteringModel(scaler, ["x", "y"], [new ClusteringModelMethod("kmeans", [0, 0, 10, 5], 0, false)]).Save(path);

        KMeansModel model = KMeansModel.Load(path);

        Assert.Equal(FeatureScaling.Standard, model.Scaler.Scaling);
        Assert.Equal([1], model.Predict(new double[] { 0, 5 }));
        Assert.Equal([1], model.Predict(new PointCloud([0, 5], 2)));
        string raw = Path.Combine(this._directory.Path, "raw.json");
        new ClusteringModel(FeatureScaler.Identity(2), ["x", "y"], [new ClusteringModelMethod("kmeans", [0, 0, 10, 5], 0, false)]).Save(raw);
        Assert.Equal([0], KMeansModel.Load(raw).Predict(new double[] { 0, 5 }));
    }

    [Fact]
    public void Load_FileWithoutTheMethod_SaysWhatItHolds()
    {
        (PointCloud train, _, _) = Data();
        string path = Path.Combine(this._directory.Path, "kmeans.json");
        KMeans.Fit(train, new KMeansOptions(3)).Save(path);

        ClusteringDataException e = Assert.Throws<ClusteringDataException>(() => PrototypeHeadsModel.Load(path));

        Assert.Contains("holds no heads model (it holds kmeans)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_Settings_KeepTheirFieldNames()
    {
        (PointCloud train, _, GaussianMixture mixture) = Data();
        FeatureScaler scaler = FeatureScaler.Fit(train, FeatureScaling.Standard);
        PointCloud scaled = scaler.Transform(train);
        ClusteringRun[] runs =
        [
            ClusteringRun.Quantize(scaled, new QuantizerOptions { Beta = 1, Layers = 5 }).InInputUnits(scaler, train),
            ClusteringRun.Heads(scaled, new PrototypeHeadsOptions { Heads = 3, Steps = 10 }).InInputUnits(scaler, train),
            ClusteringRun.KMeans(scaled, new KMeansOptions(3)).InInputUnits(scaler, train),
            ClusteringRun.Heads(train, new PrototypeHeadsOptions { Heads = 3, Steps = 10 }, mixture),
        ];

        using JsonDocument json = JsonDocument.Parse(ClusteringReport.ToJson(train, runs));

        string[][] expected =
        [
            ["kernel", "beta", "layers", "maxLayers", "tolerance", "precision", "radius", "scaling"],
            ["heads", "lambda", "bias", "steps", "batch", "init", "risk", "seed", "scaling"],
            ["k", "restarts", "maxIterations", "tolerance", "iterations", "inertia", "seed", "scaling"],
            ["heads", "lambda", "bias", "steps", "batch", "init", "risk", "seed"],
        ];
        JsonElement[] methods = [.. json.RootElement.GetProperty("methods").EnumerateArray()];
        for (int m = 0; m < expected.Length; m++)
        {
            Assert.Equal(expected[m], methods[m].GetProperty("settings").EnumerateObject().Select(p => p.Name));
        }
        JsonElement quantize = methods[0].GetProperty("settings");
        Assert.Equal("gaussian", quantize.GetProperty("kernel").GetString());
        Assert.Equal(5, quantize.GetProperty("layers").GetInt32());
        Assert.Equal("float", quantize.GetProperty("precision").GetString());
        Assert.Equal("standard", quantize.GetProperty("scaling").GetString());
        Assert.Equal("empirical", methods[1].GetProperty("settings").GetProperty("risk").GetString());
        Assert.Equal("population", methods[3].GetProperty("settings").GetProperty("risk").GetString());
        Assert.Equal("kmeans++", methods[1].GetProperty("settings").GetProperty("init").GetString());
        Assert.Equal(runs[2].KMeansFit!.Inertia, methods[2].GetProperty("settings").GetProperty("inertia").GetDouble());
    }

    [Fact]
    public void ClusteringAssembly_ReferencesNoPlottingLibrary()
    {
        // The figures live in HardmaxCore.Experiments: a user of the HardmaxCore.Clustering package gets no ScottPlot.
        string[] references = [.. typeof(KMeans).Assembly.GetReferencedAssemblies().Select(a => a.Name!)];

        Assert.DoesNotContain(references, name => name.StartsWith("ScottPlot", StringComparison.Ordinal) || name.StartsWith("SkiaSharp", StringComparison.Ordinal));
        Assert.Contains("HardmaxCore", references);
    }

    private static int Nearest(ReadOnlySpan<double> x, double[] codes)
    {
        int best = 0;
        double bestDistance = double.PositiveInfinity;
        for (int h = 0; h < codes.Length / x.Length; h++)
        {
            double distance = 0;
            for (int c = 0; c < x.Length; c++)
            {
                double delta = x[c] - codes[h * x.Length + c];
                distance += delta * delta;
            }
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = h;
            }
        }
        return best;
    }
}
