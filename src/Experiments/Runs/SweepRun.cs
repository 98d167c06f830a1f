using HardmaxCore.Classifier;

namespace HardmaxCore.Experiments.Runs;

/// <summary>One training run of a sweep plan.</summary>
/// <param name="Index">Its position r in the plan (it belongs to shard r mod N).</param>
/// <param name="Configuration">The configuration's name: the varied options as <c>name=value</c>, comma-separated, in <see cref="SweepAxis.Names"/> order.</param>
/// <param name="Seed">The seed.</param>
/// <param name="Folder">The run folder, <c>ROOT/&lt;configuration&gt;/seed-&lt;seed&gt;</c>.</param>
/// <param name="Options">The training options of the run.</param>
internal sealed record SweepRun(int Index, string Configuration, int Seed, string Folder, TrainingOptions Options);
