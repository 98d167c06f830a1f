using System.Diagnostics;
using System.Globalization;
using HardmaxCore.Clustering;
using HardmaxCore.Experiments.Runs;
using HardmaxCore.Train.Commands;
using HardmaxCore.UnitTests.Cli;
using HardmaxCore.UnitTests.Training;

namespace HardmaxCore.UnitTests.Hostile;

/// <summary>Issue 22's hostile inputs and test holes checked at the library level.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class HostileRoundTwoLibraryTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => this._folder.Dispose();

    private string P(string name) => Path.Combine(this._folder.Path, name);

    /// <summary>
    /// Every file the clustering library reads refuses a character device before reading it: <c>/dev/zero</c> reports
    /// length 0, and <see cref="ClusteringModel.Read"/> once read it whole (OutOfMemoryException).
    /// </summary>
    [Fact]
    public void ClusteringReaders_RefuseADevice()
    {
        foreach (Action read in new Action[] { () => ClusteringModel.Read("/dev/zero"), () => PointCloud.ReadCsv("/dev/zero"), () => NpyFile.ReadPoints("/dev/zero") })
        {
            var error = Assert.Throws<ClusteringDataException>(read);
            Assert.Contains("not a regular file", error.Message, StringComparison.Ordinal);
        }
    }

    // 1. Symbolic links.

    [Fact]
    public void AtomicFile_LinkOutOfItsFolder_IsRefusedAndTheTargetUntouched()
    {
        string outside = this._folder.File("victim", "x\n");
        Directory.CreateDirectory(this.P("sub"));
        string link = Path.Combine(this.P("sub"), "o.json");
        File.CreateSymbolicLink(link, outside);
        var error = Assert.Throws<IOException>(() => AtomicFile.WriteAllBytes(link, "new"u8));
        Assert.Contains("outside the link's folder", error.Message, StringComparison.Ordinal);
        Assert.Throws<IOException>(() => AtomicFile.Write(link, s => s.Write("new"u8)));
        Assert.Equal("x\n", File.ReadAllText(outside));
    }

    [Fact]
    public void AtomicFile_ReplacingAFile_KeepsItsMode()
    {
        string path = this._folder.File("kept", "old");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        AtomicFile.WriteAllBytes(path, "new"u8);
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void AtomicFile_OpenAppend_RefusesALink()
    {
        string target = this._folder.File("target", "x");
        File.CreateSymbolicLink(this.P("train.log"), target);
        Assert.Throws<IOException>(() => AtomicFile.OpenAppend(this.P("train.log")));
        Assert.Equal("x", File.ReadAllText(target));
    }

    // Test hole: a streaming write that fails midway over an existing file.

    [Fact]
    public void AtomicFile_WriterFailingMidway_KeepsTheOldBytesAndLeavesNoTemporary()
    {
        string path = this._folder.File("model.bin", "old bytes");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[100_000]);
            throw new InvalidOperationException("the writer failed midway");
        }));
        Assert.Equal("old bytes", File.ReadAllText(path));
        Assert.Equal(["model.bin"], Directory.GetFileSystemEntries(this._folder.Path).Select(Path.GetFileName));
    }

    // 8. A set of outputs.

    [Fact]
    public void AtomicFile_WriteSet_WritesNothingWhenALaterWriterFails()
    {
        string first = this._folder.File("first", "old first");
        string second = this.P("second");
        Assert.Throws<IOException>(() => AtomicFile.WriteSet(
        [
            (first, s => s.Write("new first"u8)),
            (second, _ => throw new IOException("disk full")),
        ]));
        Assert.Equal("old first", File.ReadAllText(first));
        Assert.False(File.Exists(second));
        Assert.Equal(["first"], Directory.GetFileSystemEntries(this._folder.Path).Select(Path.GetFileName));
    }

    // 2. metrics.json read under the same checks.

    [Fact]
    public async Task SweepStatus_MetricsFifo_IsRefusedAtOnceInsteadOfHanging()
    {
        var plan = SweepPlan.Create(new TrainingOptions { DataPath = "x.csv" }, [], [0], this.P("sweep"));
        Directory.CreateDirectory(plan.Runs[0].Folder);
        HostileFiles.Fifo(Path.Combine(plan.Runs[0].Folder, "metrics.json"));
        Task<Exception> status = Task.Run(() => Record.Exception(() => SweepExecutor.Status(plan.Runs[0])));
        Exception error = await status.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Contains("named pipe", Assert.IsType<ExperimentException>(error).Message, StringComparison.Ordinal);
    }

    // 5. Sweep plans.

    [Fact]
    public void SweepAxis_RangeEndingAtIntMaxValue_DoesNotWrap()
        => Assert.Equal([int.MaxValue - 1, int.MaxValue], SweepAxis.ParseIntegers("seeds", "2147483646-2147483647", 0));

    [Fact]
    public void SweepPlan_BillionsOfRuns_AreRefusedBeforeAnyIsMade()
    {
        var clock = Stopwatch.StartNew();
        var error = Assert.Throws<ArgumentException>(() => SweepPlan.Create(
            new TrainingOptions { DataPath = "x.csv" }, [SweepAxis.Parse("dim", "1-60000"), SweepAxis.Parse("layers", "0-60000")], [0], this.P("s")));
        Assert.Contains("more than 100,000 runs", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("dim", "70000")]
    [InlineData("tokens", "65537")]
    [InlineData("layers", "65537")]
    [InlineData("batch", "2000000")]
    public void SweepAxis_ValuesTrainRefuses_AreRefusedWithTrainsSentence(string name, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => SweepAxis.Parse(name, value));
        Assert.StartsWith(SweepAxis.Expected(name, value), error.Message, StringComparison.Ordinal);
    }

    // 13. Two sweeps on one folder.

    [Fact]
    public async Task Sweep_RunBusyInAnotherProcess_IsWaitedForNotFailed()
    {
        string data = SyntheticReviews.WriteCsv(this._folder.Path, 100);
        var plan = SweepPlan.Create(new TrainingOptions { DataPath = data, Dimension = 2, Layers = 1, Tokens = 8, Epochs = 1 }, [], [0], this.P("sweep"));
        Directory.CreateDirectory(plan.Runs[0].Folder);
        var hold = new FileStream(Path.Combine(plan.Runs[0].Folder, ".lock"), FileMode.Create, FileAccess.ReadWrite, FileShare.None);
        var log = new StringWriter();
        Task<IReadOnlyList<SweepRunOutcome>> sweep = Task.Run(() => SweepExecutor.Run(plan.Runs, 1, 1, TextWriter.Synchronized(log), CancellationToken.None));
        var clock = Stopwatch.StartNew();
        while (!log.ToString().Contains("busy, trained by another process", StringComparison.Ordinal) && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(50);
        }
        Assert.Contains("busy, trained by another process", log.ToString(), StringComparison.Ordinal);
        Assert.False(sweep.IsCompleted, "the sweep ended while another process held its run");
        hold.Dispose();
        IReadOnlyList<SweepRunOutcome> outcomes = await sweep.WaitAsync(TimeSpan.FromSeconds(120));
        SweepRunOutcome outcome = Assert.Single(outcomes);
        Assert.Null(outcome.Error);
        Assert.True(outcome.Finished, log.ToString());
        Assert.DoesNotContain("failed", log.ToString(), StringComparison.Ordinal);
    }

    // 3. Work: the mixture's means, and the plot's plane.

    [Fact]
    public void GaussianMixture_ManyMeansInOneDimension_AreDrawnInSeconds()
    {
        var clock = Stopwatch.StartNew();
        GaussianMixture mixture = GaussianMixture.WithSeparation(10_000, 1, 6, seed: 1);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
        Assert.Equal(6, GaussianMixture.ClosestPair(mixture.Means, 10_000, 1), 6);
    }

    [Fact]
    public void PrincipalPlane_IsTheCovariancesLeadingEigenvectors()
    {
        const int n = 400, d = 6;
        var random = new Random(3);
        double[] points = new double[n * d];
        for (int i = 0; i < n; i++)
        {
            for (int a = 0; a < d; a++)
            {
                points[i * d + a] = (a + 1) * (random.NextDouble() - 0.5) + (a == 2 ? 10 : 0);
            }
        }
        var plane = new PrincipalPlane(points, d);
        // The naive covariance, built independently: C v = λ v for both directions, λ₁ ≥ λ₂, shares λ/trace.
        double[] mean = new double[d];
        for (int i = 0; i < n; i++)
        {
            for (int a = 0; a < d; a++)
            {
                mean[a] += points[i * d + a] / n;
            }
        }
        double[,] covariance = new double[d, d];
        for (int i = 0; i < n; i++)
        {
            for (int a = 0; a < d; a++)
            {
                for (int b = 0; b < d; b++)
                {
                    covariance[a, b] += (points[i * d + a] - mean[a]) * (points[i * d + b] - mean[b]) / n;
                }
            }
        }
        double trace = Enumerable.Range(0, d).Sum(a => covariance[a, a]);
        double[] origin = new double[d];
        (double[] x, double[] y) = plane.Project(origin);
        // The origin projects to −μ·v; the unit vector e_a to v_a − μ·v.
        double[] first = new double[d];
        double[] second = new double[d];
        for (int a = 0; a < d; a++)
        {
            double[] unit = new double[d];
            unit[a] = 1;
            (double[] ux, double[] uy) = plane.Project(unit);
            first[a] = ux[0] - x[0];
            second[a] = uy[0] - y[0];
        }
        foreach ((double[] v, double share) in new[] { (first, plane.FirstShare), (second, plane.SecondShare) })
        {
            double lambda = share * trace;
            for (int a = 0; a < d; a++)
            {
                double cv = 0;
                for (int b = 0; b < d; b++)
                {
                    cv += covariance[a, b] * v[b];
                }
                Assert.Equal(lambda * v[a], cv, 6);
            }
        }
        Assert.True(plane.FirstShare >= plane.SecondShare);
        Assert.Equal(0, first.Zip(second).Sum(p => p.First * p.Second), 6);
    }

    [Fact]
    public void PrincipalPlane_HundredThousandColumns_NeverBuildsTheSquareMatrix()
    {
        const int d = 100_000;
        double[] points = new double[3 * d];
        for (int i = 0; i < points.Length; i++)
        {
            points[i] = Math.Sin(i);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        var plane = new PrincipalPlane(points, d);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(plane.Projected);
        Assert.True(allocated < 100L * d * sizeof(double), $"allocated {allocated} bytes");
    }

    // 6. kill -9 at any instant of a run: CrashPointSweepTests kills the tool at every durable file step.

    // 14. predict --file.

    [Fact]
    public void ReviewLines_SplitAtLineFeedOnly()
    {
        Assert.Equal(["a\rb", "c", "", "d"], ReviewLines.Read(new StringReader("a\rb\nc\r\n\nd")).ToArray());
        Assert.Equal(["x"], ReviewLines.Read(new StringReader("x\n")).ToArray());
        Assert.Empty(ReviewLines.Read(new StringReader("")));
    }

    [Fact]
    public void Predict_FileWithABareCarriageReturn_KeepsOneOutputLinePerInputLine()
    {
        using var fixture = new HostileFixture();
        string file = this._folder.File("reviews.txt", "great film\rawful film\nboring\n");
        CliResult result = CliHarness.Run("predict", "--model", fixture.Model, "--file", file, "--json");
        Assert.True(result.ExitCode == 0, result.Error);
        string[] lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("\"line\":2", lines[1], StringComparison.Ordinal);
    }

    // 11. One escape, also in HTML.

    [Fact]
    public void ReviewHtml_EscapesBidiOverridesAndTerminalControls_KeepsLineBreaks()
    {
        string html = Experiments.Interpretability.ReviewHtml.Encode("good \u202Eevil\u202C \u001b[2J film\nnext");
        Assert.DoesNotContain('\u202E', html);
        Assert.DoesNotContain('\u001b', html);
        Assert.Contains("\\u202e", html, StringComparison.Ordinal);
        Assert.Contains("\n", html, StringComparison.Ordinal);
    }

    // Test holes.

    [Fact]
    public void KMeans_EmptyClusterIsRelocated_CentresAreTheMeansAndInertiaIsRecomputed()
    {
        double[] points = [0, 0, 1, 0, 0, 1, 10, 10, 11, 10, 10, 11];
        // The third centre is far from every point: it is empty after the first assignment and must take a point.
        double[] centers = [0.5, 0.5, 10.5, 10.5, 1000, 1000];
        KMeansResult result = KMeans.Lloyd(points, 2, centers, maxIterations: 100, tolerance: 0, threads: 1);
        int k = 3;
        Assert.Equal(k, result.Assignments.Distinct().Count());
        double inertia = 0;
        for (int h = 0; h < k; h++)
        {
            int[] members = Enumerable.Range(0, 6).Where(i => result.Assignments[i] == h).ToArray();
            Assert.NotEmpty(members);
            for (int c = 0; c < 2; c++)
            {
                Assert.Equal(members.Average(i => points[i * 2 + c]), result.Centers[h * 2 + c], 12);
            }
        }
        for (int i = 0; i < 6; i++)
        {
            int h = result.Assignments[i];
            inertia += Math.Pow(points[i * 2] - result.Centers[h * 2], 2) + Math.Pow(points[i * 2 + 1] - result.Centers[h * 2 + 1], 2);
        }
        Assert.Equal(inertia, result.Inertia, 12);
        Assert.True(result.Centers.All(x => x < 100), "the far centre stayed where no point is");
    }

    [Fact]
    public void Quantizer_Centers_AreTheMeansOfTheInputPoints_OutputCentersOfTheOutputs()
    {
        PointCloud cloud = GaussianMixture.WithSeparation(3, 2, 8, seed: 4).Sample(300, seed: 5);
        QuantizerResult result = Quantizer.Run(cloud, new QuantizerOptions { Beta = 1, Layers = 5 });
        int d = cloud.Dimension;
        for (int h = 0; h < result.Clusters; h++)
        {
            int[] members = Enumerable.Range(0, cloud.Count).Where(i => result.Assignments[i] == h).ToArray();
            for (int c = 0; c < d; c++)
            {
                Assert.Equal(members.Average(i => cloud.Points[i * d + c]), result.Centers[h * d + c], 9);
                Assert.Equal(members.Average(i => result.Outputs[i * d + c]), result.OutputCenters[h * d + c], 9);
            }
        }
    }

    [Fact]
    public void PointCloudCsv_UnderAGermanCulture_ReadsInvariantNumbers()
    {
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            // de-DE's number format (decimal comma, dot groups), built by hand: the tests may run in globalization-invariant mode.
            var german = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            german.NumberFormat.NumberDecimalSeparator = ",";
            german.NumberFormat.NumberGroupSeparator = ".";
            CultureInfo.CurrentCulture = german;
            Assert.Equal(15, double.Parse("1.5", CultureInfo.CurrentCulture)); // the culture is in force
            string path = this._folder.File("points.csv", "x,y,label\n1.5,2.25,0\n-3.5,1e3,1\n");
            PointCloud cloud = PointCloud.ReadCsv(path);
            Assert.Equal([1.5, 2.25, -3.5, 1000], cloud.Points);
            Assert.Equal([0, 1], cloud.Labels!);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void PreparedData_AWordSeenOnlyInTestReviews_EncodesToTheUnknownId()
    {
        Review Make(string text, int id) => new(text, id % 2, $"r{id}", ReviewSplit.Unspecified, id, null);
        var split = new DatasetSplit([Make("good film", 0), Make("bad film", 1)], [Make("good", 2)], [Make("zyzzyva film", 3)], EvaluationProtocol.Paper, 0.1, 0);
        PreparedData data = PreparedData.Encode(split, new TextPipelineOptions(), minCount: 1, tokens: 4, vocabulary: null);
        Assert.Equal(Vocabulary.UnknownId, data.Vocabulary.IdOf("zyzzyva"));
        int[] test = data.Test.Ids;
        Assert.Equal(Vocabulary.UnknownId, test[0]);
        Assert.Equal(data.Vocabulary.IdOf("film"), test[1]);
        Assert.NotEqual(Vocabulary.UnknownId, test[1]);
    }

    [Fact]
    public void ClipByGlobalNorm_ScalesEverythingToTheBound_OnlyAboveIt()
    {
        // Embedding 3 × 2 with rows 0 and 2 touched, and one dense array: ‖g‖ = √(9 + 16 + 0 + 144) = 13.
        float[][] gradients = [[3, 0, 9, 9, 0, 4], [12]];
        GradientClipping.ClipByGlobalNorm(gradients, [0, 2], 2, bound: 6.5);
        double factor = 6.5 / (13 + 1e-6);
        Assert.Equal((float)(3 * factor), gradients[0][0], 6);
        Assert.Equal((float)(4 * factor), gradients[0][5], 6);
        Assert.Equal(9f, gradients[0][2]); // an untouched row is not part of the norm and not scaled
        Assert.Equal((float)(12 * factor), gradients[1][0], 6);
        float[][] small = [[0.3f, 0.4f], [0f]];
        GradientClipping.ClipByGlobalNorm(small, [0], 2, bound: 1);
        Assert.Equal([0.3f, 0.4f], small[0]);
    }
}
