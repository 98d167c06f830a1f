namespace HardmaxCore.UnitTests.TestSupport;

/// <summary>A theory that runs only when the real IMDb archive is present (see <see cref="RequiresImdbDataFactAttribute"/>).</summary>
public sealed class RequiresImdbDataTheoryAttribute : TheoryAttribute
{
    /// <summary>Skips the theory when the data is absent.</summary>
    public RequiresImdbDataTheoryAttribute()
    {
        if (RequiresImdbDataFactAttribute.DataPath is null)
        {
            Skip = $"IMDb data not found at {RequiresImdbDataFactAttribute.ExpectedPath}; put {RequiresImdbDataFactAttribute.FileName} there (see README) to run this test";
        }
    }
}
