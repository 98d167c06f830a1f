using HardmaxCore.Experiments.Simulation;

namespace HardmaxCore.UnitTests.Simulate;

/// <summary>The one-line summary of simulate lists at most ten leader indices.</summary>
public sealed class SummaryIndicesTests
{
    [Fact]
    public void SimulateCommand_Indices_ShowsAtMostTen()
    {
        Assert.Equal("[]", SimulationJob.Indices([]));
        Assert.Equal("[0, 1, 2]", SimulationJob.Indices([0, 1, 2]));
        Assert.Equal("[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]", SimulationJob.Indices(Enumerable.Range(0, 10).ToArray()));
        Assert.Equal("[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, … (6568 more)]", SimulationJob.Indices(Enumerable.Range(0, 6578).ToArray()));
    }
}
