using HardmaxCore.Experiments.Interpretability;
using HardmaxCore.Classifier;
using HardmaxCore.Experiments.Plotting;

namespace HardmaxCore.UnitTests.Interpretability;

public sealed class PlaneViewTests
{
    /// <summary>A seeded random model of dimension d over a few words, and the anatomy of one review.</summary>
    private static ReviewAnatomy Anatomy(int d, int seed)
    {
        string[] words = ["<pad>", "<unk>", "great", "awful", "film", "plot", "dull", "superb", "story"];
        var settings = new ClassifierSettings(12, d, 4, 1e-3, false);
        ClassifierParameters<float> parameters = ClassifierParameters<float>.Initialize(words.Length, d, seed);
        var model = new ClassifierModel(settings, new TextPipelineOptions(), Vocabulary.FromWords(words), parameters);
        using var pass = new ClassifierPass<float>(settings);
        return ReviewAnatomy.Of(model, pass, model.Vocabulary.Encode("great film, awful plot; dull story but superb film", new TextPipeline(model.Text), settings.Tokens));
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(8, 2)]
    [InlineData(16, 3)]
    public void PlaneView_Projection_KeepsTheDecoderScoreExactly(int d, int seed)
    {
        ReviewAnatomy review = Anatomy(d, seed);
        PlaneView plane = PlaneView.For(review);
        Assert.False(plane.IsExact);
        Assert.Contains("projection", plane.XLabel, StringComparison.Ordinal);
        (double a, double b, double c) = plane.DecoderLine;
        for (int k = 0; k <= review.Layers; k++)
        {
            for (int u = 0; u < review.Count; u++)
            {
                double score = ReviewAnatomy.Score(review.Decoder, review.Bias, review.Point(k, u));
                (double x, double y) = plane.Project(review.Point(k, u));
                // v·z + b = ‖v‖·⟨z, v/‖v‖⟩ + b: the line in the plane is exact up to rounding of d products.
                Assert.Equal(score, a * x + b * y + c, 1e-4 * (1 + Math.Abs(score)));
            }
        }
    }

    [Fact]
    public void PlaneView_DimensionTwo_IsTheIdentity()
    {
        ReviewAnatomy review = Anatomy(2, 4);
        PlaneView plane = PlaneView.For(review);
        Assert.True(plane.IsExact);
        (double x, double y) = plane.Project([0.25, -1.5]);
        Assert.Equal((0.25, -1.5), (x, y));
        Assert.Equal((review.Decoder[0], review.Decoder[1], review.Bias), plane.DecoderLine);
    }

    [Fact]
    public void Geometry_ConvexHull_DropsInteriorAndCollinearPoints()
    {
        (double X, double Y)[] hull = Geometry.ConvexHull([(0, 0), (2, 0), (1, 0), (2, 2), (0, 2), (1, 1), (0.5, 1.5)]);
        Assert.Equal(4, hull.Length);
        Assert.Equal([(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)], hull);
    }

    [Fact]
    public void Geometry_ClipHalfPlane_SplitsTheViewAlongTheLine()
    {
        // x − y = 0 through the square [0, 2]²: the region x − y ≥ 0 is the lower-right triangle.
        var (region, segment) = Geometry.ClipHalfPlane(0, 2, 0, 2, 1, -1, 0);
        Assert.Equal(2, segment.Length);
        Assert.Contains((0.0, 0.0), segment);
        Assert.Contains((2.0, 2.0), segment);
        Assert.All(region, p => Assert.True(p.X - p.Y >= -1e-12));
        var (outside, none) = Geometry.ClipHalfPlane(0, 2, 0, 2, 1, 0, 5); // x + 5 ≥ 0 everywhere
        Assert.Equal(4, outside.Length);
        Assert.Empty(none);
    }
}
