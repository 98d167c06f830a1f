using HardmaxCore.Train.Commands;

namespace HardmaxCore.UnitTests.Simulate;

/// <summary>The one-line summary of simulate lists at most ten leader indices.</summary>
public sealed class SummaryIndicesTests
{
    [Fact]
    public void SimulateCommand_Indices_ShowsAtMostTen()
    {
        Assert.Equal("[]", SimulateCommand.Indices([]));
        Assert.Equal("[0, 1, 2]", SimulateCommand.Indices([0, 1, 2]));
        Assert.Equal("[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]", SimulateCommand.Indices(Enumerable.Range(0, 10).ToArray()));
        Assert.Equal("[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, … (6568 more)]", SimulateCommand.Indices(Enumerable.Range(0, 6578).ToArray()));
    }
}
