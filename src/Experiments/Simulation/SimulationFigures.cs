using System.Globalization;
using HardmaxCore.Experiments.Plotting;
using ScottPlot;

namespace HardmaxCore.Experiments.Simulation;

/// <summary>
/// Pictures of simulated 2-D configurations: one trajectory plot (<c>hardmax simulate … --plot FILE.png</c>) and the
/// 4 × 5 grid of [AFZ] Figure 2 (<c>hardmax simulate --figure2 --out FILE.png</c>).
/// </summary>
internal static class SimulationFigures
{
    /// <summary>The layers shown in the columns of Figure 2.</summary>
    public static IReadOnlyList<int> Figure2Layers { get; } = [0, 1, 2, 5, 30];

    /// <summary>
    /// The trajectory of a 2-D run: each token's path from layer 0 (faint line) to its final position (dot), coloured by
    /// its final cluster; the final leaders as stars and their convex hull (the limit polytope) shaded.
    /// </summary>
    /// <exception cref="ExperimentException">d ≠ 2, or the run has no trajectory.</exception>
    public static Plot Trajectory<T>(SimulationProblem problem, SimulationResult<T> run)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (problem.Dimension != 2)
        {
            throw new ExperimentException($"a trajectory figure draws 2-D configurations; {problem.Source} has d = {problem.Dimension}.");
        }
        double[] trajectory = run.Trajectory?.Select(double.CreateTruncating).ToArray() ?? throw new ExperimentException("a trajectory figure needs the trajectory of the run (SimulationSettings.RecordTrajectory).");
        var result = (Final: run.Final.Select(double.CreateTruncating).ToArray(), run.Steps);
        int n = problem.Tokens;
        int layers = result.Steps;
        int[] groups = Groups(result.Final, n, 2);
        var paths = new (double[] X, double[] Y)[n];
        for (int i = 0; i < n; i++)
        {
            paths[i] = (
                Enumerable.Range(0, layers + 1).Select(k => trajectory[(k * n + i) * 2]).ToArray(),
                Enumerable.Range(0, layers + 1).Select(k => trajectory[(k * n + i) * 2 + 1]).ToArray());
        }
        int[] leaders = LeadersOf(result.Final, n, 2, problem.KeyQuery);
        var initial = Enumerable.Range(0, n).Select(i => (trajectory[2 * i], trajectory[2 * i + 1])).ToArray();
        Plot plot = new ConfigurationPanel
        {
            X = Enumerable.Range(0, n).Select(i => result.Final[2 * i]).ToArray(),
            Y = Enumerable.Range(0, n).Select(i => result.Final[2 * i + 1]).ToArray(),
            Groups = groups,
            Leaders = leaders,
            Paths = paths,
            View = Geometry.View(initial, 0.08, square: true),
            Polygon = Geometry.ConvexHull(leaders.Select(i => (result.Final[2 * i], result.Final[2 * i + 1]))),
            PolygonLabel = "final polytope (hull of the leaders)",
            Title = string.Create(CultureInfo.InvariantCulture, $"{problem.Source}: {layers} layers, α = {problem.Alpha:0.###}, {leaders.Length} leaders"),
            XLabel = "x1",
            YLabel = "x2",
            Legend = true,
            ImageSize = (760, 800),
        }.Build();
        var start = plot.Add.Markers(initial.Select(p => p.Item1).ToArray(), initial.Select(p => p.Item2).ToArray(), MarkerShape.OpenCircle, 7, Colors.Gray);
        start.LegendText = "layer 0";
        return plot;
    }

    /// <summary>
    /// [AFZ] Figure 2: the four built-in configurations (rows, named on the first column's y axis) at layers 0, 1, 2, 5
    /// and 30 (columns), tokens coloured by the cluster they end in, the leaders of each layer as stars, and the final polytope (hull of the layer-30 leaders) shaded.
    /// </summary>
    public static byte[] Figure2(FigurePage page, FigureFormat format)
    {
        int last = Figure2Layers[^1];
        var panels = new List<Plot?>();
        foreach (string name in BuiltInExamples.Names)
        {
            SimulationProblem problem = BuiltInExamples.Get(name);
            SimulationResult<double> result = Simulator.Run<double>(problem, new SimulationSettings(last, 1e-12, last, Precision.Double, RecordTrajectory: true));
            int n = problem.Tokens;
            double[] trajectory = result.Trajectory!;
            int[] groups = Groups(result.Final, n, 2);
            int[] finalLeaders = LeadersOf(result.Final, n, 2, problem.KeyQuery);
            (double X, double Y)[] hull = Geometry.ConvexHull(finalLeaders.Select(i => (result.Final[2 * i], result.Final[2 * i + 1])));
            var initial = Enumerable.Range(0, n).Select(i => (trajectory[2 * i], trajectory[2 * i + 1])).ToArray();
            (double, double, double, double) view = Geometry.View(initial, 0.12, square: true);
            foreach (int k in Figure2Layers)
            {
                double[] layer = trajectory.AsSpan(k * n * 2, n * 2).ToArray();
                panels.Add(new ConfigurationPanel
                {
                    X = Enumerable.Range(0, n).Select(i => layer[2 * i]).ToArray(),
                    Y = Enumerable.Range(0, n).Select(i => layer[2 * i + 1]).ToArray(),
                    Groups = groups,
                    Leaders = LeadersOf(layer, n, 2, problem.KeyQuery),
                    View = view,
                    Polygon = hull,
                    PointSize = 8,
                    StarSize = 17,
                    Title = string.Create(CultureInfo.InvariantCulture, $"layer {k}"),
                    TitleSize = 15,
                    YLabel = k == Figure2Layers[0] ? name.Replace("-", "-\n", StringComparison.Ordinal) : null, // two lines: square-nonleader is taller than its row
                }.Build());
            }
        }
        return FigureComposer.Compose(panels, Figure2Layers.Count, [.. Figure2Layers.Select(_ => 300)], page, format,
            "[AFZ] Figure 2 (A = I, α = 0.5)\n★ leaders · shaded: final polytope · colour: final cluster");
    }

    /// <summary>The tokens i with <c>s_ii = max_l s_il</c>, <c>s_ij = ⟨A z_i, z_j⟩</c> (SPEC §1.5), exact ties; A = I when null.</summary>
    public static int[] LeadersOf(ReadOnlySpan<double> z, int n, int d, double[,]? keyQuery)
    {
        var leaders = new List<int>();
        var az = new double[d];
        for (int i = 0; i < n; i++)
        {
            for (int r = 0; r < d; r++)
            {
                double sum = 0;
                for (int c = 0; c < d; c++)
                {
                    sum += (keyQuery is null ? (r == c ? 1 : 0) : keyQuery[r, c]) * z[i * d + c];
                }
                az[r] = sum;
            }
            double own = Dot(az, z.Slice(i * d, d));
            bool leader = true;
            for (int j = 0; j < n && leader; j++)
            {
                leader = Dot(az, z.Slice(j * d, d)) <= own;
            }
            if (leader)
            {
                leaders.Add(i);
            }
        }
        return leaders.ToArray();
    }

    /// <summary>
    /// Groups tokens whose final positions lie within 10⁻⁴·(1 + scale) of each other (‖·‖_∞), numbered in order of their
    /// first token: the Core's <see cref="PointGrouping"/>, with a radius loose enough for the figures' few layers.
    /// </summary>
    private static int[] Groups(ReadOnlySpan<double> final, int n, int d)
        => PointGrouping.Group(final[..(n * d)], d, 1e-4 * (1 + LimitPoints.Scale<double>(final)), out _);

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int l = 0; l < a.Length; l++)
        {
            sum += a[l] * b[l];
        }
        return sum;
    }
}
