using HardmaxCore.Classifier;

namespace HardmaxCore.Experiments.Runs;

/// <summary>
/// The runs of a sweep: every combination of the axes' values, for every seed, each an ordinary run folder
/// <c>ROOT/&lt;configuration&gt;/seed-&lt;s&gt;</c>, in a stable order that decides the shards.
/// </summary>
/// <remarks>
/// <para>Order: seeds outermost (in the order given), then the configurations, the axes nested in <see cref="SweepAxis.Names"/>
/// order with the first varying axis outermost and each axis's values in the order given. A sweep stopped part-way has
/// therefore about the same number of seeds of every configuration, and shard r mod N gets a mix of them.</para>
/// <para>The configuration name lists the axes with more than one value (<c>dim=4,lr=0.0005</c>); with none,
/// it is <c>default</c>. Axes with one value only set the option.</para>
/// <code>
/// SweepPlan plan = SweepPlan.Create(new TrainingOptions { DataPath = path, Epochs = 30 },
///     [SweepAxis.Parse("dim", "2,4,8,16"), SweepAxis.Parse("protocol", "paper")], SweepAxis.ParseSeeds("0-4"), "runs/d-sweep");
/// foreach (SweepRun run in plan.Shard(SweepShard.Parse("1/4"))) { ... }
/// </code>
/// </remarks>
internal sealed class SweepPlan
{
    private SweepPlan(string root, IReadOnlyList<SweepAxis> axes, IReadOnlyList<int> seeds, IReadOnlyList<SweepRun> runs)
    {
        this.Root = root;
        this.Axes = axes;
        this.Seeds = seeds;
        this.Runs = runs;
    }

    /// <summary>The most runs a plan may have: 100,000 (a plan is listed and checked whole before any run starts).</summary>
    public const int MaxRuns = 100_000;

    /// <summary>The sweep folder.</summary>
    public string Root { get; }

    /// <summary>The axes, in <see cref="SweepAxis.Names"/> order.</summary>
    public IReadOnlyList<SweepAxis> Axes { get; }

    /// <summary>The seeds.</summary>
    public IReadOnlyList<int> Seeds { get; }

    /// <summary>Every run, in plan order (<see cref="SweepRun.Index"/> = position).</summary>
    public IReadOnlyList<SweepRun> Runs { get; }

    /// <summary>The configuration names, in plan order.</summary>
    public IReadOnlyList<string> Configurations => this.Runs.Select(r => r.Configuration).Distinct().ToArray();

    /// <summary>
    /// The plan as <c>hardmax sweep</c> gives it: <paramref name="fromFile"/> (a run's config.json) or the defaults as the
    /// base, the data at <paramref name="dataPath"/> (else the file's, else <see cref="PreparedData.DefaultDataPath"/>),
    /// checked once here instead of every run failing with the same message, one axis per given list
    /// (<see cref="SweepAxis.Parse"/>) and the seeds (<see cref="SweepAxis.ParseSeeds"/>).
    /// </summary>
    /// <exception cref="ExperimentException">The data does not exist.</exception>
    /// <exception cref="ArgumentException">A list or the seeds do not parse, or the plan is refused (<see cref="Create"/>).</exception>
    public static SweepPlan FromLists(TrainingOptions? fromFile, string? dataPath, IEnumerable<(string Axis, string List)> lists, string seeds, string root)
    {
        ArgumentNullException.ThrowIfNull(lists);
        string data = Path.GetFullPath(dataPath ?? fromFile?.DataPath ?? PreparedData.DefaultDataPath());
        if (!File.Exists(data) && !Directory.Exists(data))
        {
            throw new ExperimentException($"TrainingOptions.DataPath '{data}' does not exist: give the aclImdb archive, an aclImdb folder or a CSV.");
        }
        SweepAxis[] axes = lists.Select(l => SweepAxis.Parse(l.Axis, l.List)).ToArray();
        return Create((fromFile ?? new TrainingOptions()) with { DataPath = data }, axes, SweepAxis.ParseSeeds(seeds), root);
    }

    /// <summary>Builds the plan.</summary>
    /// <param name="baseOptions">The options every run starts from (data path, fixed settings); seed and axes override them.</param>
    /// <param name="axes">The varied options, at most one axis per name, any order.</param>
    /// <param name="seeds">The seeds (at least one, no repeats).</param>
    /// <param name="root">The sweep folder.</param>
    /// <exception cref="ArgumentException">No seeds, a repeated seed or axis, an empty axis, or more than <see cref="MaxRuns"/> runs.</exception>
    public static SweepPlan Create(TrainingOptions baseOptions, IEnumerable<SweepAxis> axes, IReadOnlyList<int> seeds, string root)
    {
        ArgumentNullException.ThrowIfNull(baseOptions);
        ArgumentNullException.ThrowIfNull(axes);
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        if (seeds.Count == 0)
        {
            throw new ArgumentException("A sweep needs at least one seed.", nameof(seeds));
        }
        if (seeds.Distinct().Count() != seeds.Count)
        {
            throw new ArgumentException("The seeds list a seed twice.", nameof(seeds));
        }
        List<SweepAxis> given = axes.ToList();
        foreach (SweepAxis axis in given)
        {
            if (!SweepAxis.Names.Contains(axis.Name))
            {
                throw new ArgumentException($"A sweep cannot vary '{axis.Name}'.", nameof(axes));
            }
            if (axis.Values.Count == 0)
            {
                throw new ArgumentException($"{SweepAxis.Property(axis.Name)} has no values.", nameof(axes));
            }
        }
        string? twice = given.GroupBy(a => a.Name).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (twice is not null)
        {
            throw new ArgumentException($"{SweepAxis.Property(twice)} is given twice; list all its values in one option.", nameof(axes));
        }
        List<SweepAxis> ordered = given.OrderBy(a => IndexOf(a.Name)).ToList();
        RequireBounded(ordered, seeds.Count);

        // The configurations: odometer over the axes, the first axis outermost.
        var configurations = new List<(string Name, TrainingOptions Options)>();
        var position = new int[ordered.Count];
        while (true)
        {
            TrainingOptions options = baseOptions;
            var parts = new List<string>();
            for (int a = 0; a < ordered.Count; a++)
            {
                string value = ordered[a].Values[position[a]];
                options = SweepAxis.Apply(options, ordered[a].Name, value);
                if (ordered[a].Values.Count > 1)
                {
                    parts.Add($"{ordered[a].Name}={value}");
                }
            }
            configurations.Add((parts.Count == 0 ? "default" : string.Join(',', parts), options));
            int carry = ordered.Count - 1;
            while (carry >= 0 && ++position[carry] == ordered[carry].Values.Count)
            {
                position[carry] = 0;
                carry--;
            }
            if (carry < 0)
            {
                break;
            }
        }

        var runs = new List<SweepRun>(seeds.Count * configurations.Count);
        foreach (int seed in seeds)
        {
            foreach ((string name, TrainingOptions options) in configurations)
            {
                string folder = Path.Combine(root, name, $"seed-{seed}");
                runs.Add(new SweepRun(runs.Count, name, seed, folder, options with { Seed = seed }));
            }
        }
        return new SweepPlan(root, ordered, seeds.ToArray(), runs);
    }

    /// <summary>
    /// Throws when seeds × Π values exceeds <see cref="MaxRuns"/>, counted in 64-bit arithmetic saturating at the bound,
    /// before a single configuration is made: a plan of billions of runs is refused at once, not listed for minutes.
    /// </summary>
    private static void RequireBounded(IReadOnlyList<SweepAxis> axes, int seeds)
    {
        long runs = seeds;
        foreach (SweepAxis axis in axes)
        {
            runs = Math.Min(runs * axis.Values.Count, MaxRuns + 1L);
        }
        if (runs > MaxRuns)
        {
            string factors = string.Join(" × ", axes.Where(a => a.Values.Count > 1).Select(a => $"{a.Values.Count} {a.Name}").Prepend($"{seeds} seed(s)"));
            throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"the sweep plans more than {MaxRuns:N0} runs ({factors}); split it into several sweeps or give fewer values."), nameof(axes));
        }
    }

    /// <summary>The runs of one shard, in plan order: run r belongs to shard r mod N.</summary>
    public IReadOnlyList<SweepRun> Shard(SweepShard shard)
    {
        if (shard.Count < 1 || shard.Index < 0 || shard.Index >= shard.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(shard), shard, "The shard index must be in 0 … N−1.");
        }
        return this.Runs.Where(r => shard.Contains(r.Index)).ToArray();
    }

    private static int IndexOf(string name)
    {
        for (int i = 0; i < SweepAxis.Names.Count; i++)
        {
            if (SweepAxis.Names[i] == name)
            {
                return i;
            }
        }
        return int.MaxValue;
    }
}
