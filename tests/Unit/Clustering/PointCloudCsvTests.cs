using HardmaxCore.Clustering;
using HardmaxCore.UnitTests.Cli;

namespace HardmaxCore.UnitTests.Clustering;

/// <summary>CSV reading: every numeric column a coordinate, an optional integer label column; bad files name line and column.</summary>
public sealed class PointCloudCsvTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => this._directory.Dispose();

    [Fact]
    public void ReadCsv_CoordinatesAndLabel_AnyColumnOrder()
    {
        string path = this._directory.File("p.csv", "a,Label,b\n1,3,2.5\n-4e-3, 7 ,0\n");
        PointCloud cloud = PointCloud.ReadCsv(path);
        Assert.Equal(2, cloud.Count);
        Assert.Equal(2, cloud.Dimension);
        Assert.Equal(["a", "b"], cloud.ColumnNames);
        Assert.Equal([1, 2.5, -4e-3, 0], cloud.Points);
        Assert.Equal([3, 7], cloud.Labels!);
        // True centres = per-label means, labels increasing: label 3 then 7.
        Assert.Equal([1, 2.5, -4e-3, 0], cloud.TrueCenters!);
    }

    [Fact]
    public void ToCsv_ReadCsv_RoundTripsBits()
    {
        PointCloud cloud = GaussianMixture.WithSeparation(3, 4, 5, seed: 3).Sample(200, seed: 4);
        string path = Path.Combine(this._directory.Path, "round.csv");
        File.WriteAllBytes(path, PointCloud.ToCsv(cloud.Points, cloud.ColumnNames, cloud.Labels));
        PointCloud back = PointCloud.ReadCsv(path);
        CliHarness.AssertBitwiseEqual(cloud.Points, back.Points);
        Assert.Equal(cloud.Labels, back.Labels);
        Assert.Equal(cloud.ColumnNames, back.ColumnNames);
    }

    public static TheoryData<string, string, string> BadFiles => new()
    {
        { "ragged", "x,y\n1,2\n3\n", "line 3 has 1 cells; the header has 2" },
        { "ragged-long", "x,y\n1,2,3\n", "line 2 has 3 cells" },
        { "non-numeric", "x,y\n1,2\n3,abc\n", "line 3, column 'y': 'abc' is not a number" },
        { "empty-cell", "x,y\n1,\n", "line 2, column 'y': '' is not a number" },
        { "nan", "x,y\n1,NaN\n", "line 2, column 'y': NaN is not finite" },
        { "infinity", "x,y\n-Infinity,1\n", "line 2, column 'x': -Infinity is not finite" },
        { "overflow", "x,y\n1e999,1\n", "line 2, column 'x'" },
        { "label-not-integer", "x,label\n1,0.5\n", "'0.5' is not an integer label" },
        { "no-rows", "x,y\n", "has a header but no rows" },
        { "empty", "", "is empty" },
        { "only-label", "label\n1\n", "no coordinate column" },
        { "two-labels", "x,label,LABEL\n1,0,0\n", "two label columns" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void ReadCsv_BadFile_SaysWhereAndWhat(string name, string text, string expected)
    {
        string path = this._directory.File($"{name}.csv", text);
        ClusteringDataException e = Assert.Throws<ClusteringDataException>(() => PointCloud.ReadCsv(path));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadCsv_DirectoryOrMissing_Refused()
    {
        Assert.Contains("is a directory", Assert.Throws<ClusteringDataException>(() => PointCloud.ReadCsv(this._directory.Path)).Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", Assert.Throws<ClusteringDataException>(() => PointCloud.ReadCsv(Path.Combine(this._directory.Path, "no.csv"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadCsv_NonRegularFile_Refused()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        ClusteringDataException e = Assert.Throws<ClusteringDataException>(() => PointCloud.ReadCsv("/dev/zero"));
        Assert.Contains("not a regular file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PointCloud_RefusesNaNAndShapes()
    {
        Assert.Throws<ClusteringDataException>(() => new PointCloud([1, double.NaN], 1));
        Assert.Throws<ClusteringDataException>(() => new PointCloud([1, 2, 3], 2));
        Assert.Throws<ClusteringDataException>(() => new PointCloud([], 2));
        Assert.Throws<ClusteringDataException>(() => new PointCloud([1, 2], 1, labels: [0]));
    }
}
