using HardmaxCore.Classifier;

namespace HardmaxCore.Experiments.Text;

/// <summary>The reviews of a prediction job: texts given one by one, then the lines of a file, one review per line.</summary>
/// <param name="Texts">Reviews given one by one; none may be empty.</param>
/// <param name="File">A text file with one review per line (<see cref="ReviewLines.Read"/>; "-" is standard input), or null.</param>
internal sealed record ReviewList(IReadOnlyList<string> Texts, string? File)
{
    /// <summary>
    /// Every review: <see cref="Texts"/>, then every line of <see cref="File"/>, blank lines kept (each gets its own output
    /// line, so outputs line up with the file's lines).
    /// </summary>
    /// <param name="standardInput">What <see cref="File"/> "-" reads.</param>
    /// <exception cref="ExperimentException">A text is empty, or there is no review at all.</exception>
    public List<string> Read(TextReader standardInput)
    {
        var reviews = new List<string>(this.Texts);
        int blank = reviews.FindIndex(string.IsNullOrWhiteSpace);
        if (blank >= 0)
        {
            // An empty review given one by one has no tokens to classify.
            throw new ExperimentException(reviews.Count == 1 ? "the review text is empty." : $"the review text is empty (review {blank + 1} of {reviews.Count}).");
        }
        if (this.File == "-")
        {
            reviews.AddRange(ReviewLines.Read(standardInput));
        }
        else if (this.File is not null)
        {
            using FileStream stream = UserFile.OpenRead(this.File, "review list (ReviewList.File)", UserFile.TextFileCap);
            using var reader = new StreamReader(stream);
            reviews.AddRange(ReviewLines.Read(reader));
        }
        if (reviews.Count == 0)
        {
            throw new ExperimentException(this.File is null
                ? "give the review text as an argument (in quotes) or ReviewList.File FILE with one review per line ('-' for standard input)."
                : $"ReviewList.File '{this.File}' is empty: no review to classify.");
        }
        return reviews;
    }
}
