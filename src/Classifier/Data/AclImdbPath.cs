using System.Globalization;

namespace HardmaxCore.Classifier;

/// <summary>Recognises <c>.../{train,test}/{pos,neg}/&lt;id&gt;_&lt;rating&gt;.txt</c> paths of the aclImdb layout.</summary>
internal static class AclImdbPath
{
    /// <summary>Result of <see cref="Classify"/>.</summary>
    internal enum Kind
    {
        /// <summary>Not a labelled review (unsup, feature files, README, folders...): ignore silently.</summary>
        Ignored,

        /// <summary>A labelled review file.</summary>
        Review,

        /// <summary>A <c>.txt</c> file under pos/neg whose name is not <c>&lt;id&gt;_&lt;rating&gt;.txt</c>: skip and count.</summary>
        BadFileName,
    }

    /// <summary>Classifies a relative path ('/' or '\' separated) and parses its split, label, id and rating.</summary>
    public static Kind Classify(string path, out ReviewSplit split, out int label, out int id, out int rating, out string sourceId)
    {
        split = ReviewSplit.Unspecified;
        label = id = rating = 0;
        sourceId = string.Empty;

        ReadOnlySpan<char> p = path.AsSpan().TrimEnd('/');
        if (!TrySplitLast(ref p, out ReadOnlySpan<char> file)
            || !TrySplitLast(ref p, out ReadOnlySpan<char> labelName)
            || !TrySplitLast(ref p, out ReadOnlySpan<char> splitName, allowNoSeparator: true))
        {
            return Kind.Ignored;
        }

        if (splitName.Equals("train", StringComparison.OrdinalIgnoreCase))
        {
            split = ReviewSplit.Train;
        }
        else if (splitName.Equals("test", StringComparison.OrdinalIgnoreCase))
        {
            split = ReviewSplit.Test;
        }
        else
        {
            return Kind.Ignored;
        }

        if (labelName.Equals("pos", StringComparison.OrdinalIgnoreCase))
        {
            label = Review.Positive;
        }
        else if (labelName.Equals("neg", StringComparison.OrdinalIgnoreCase))
        {
            label = Review.Negative;
        }
        else
        {
            return Kind.Ignored;
        }

        if (!file.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
        {
            return Kind.Ignored;
        }

        ReadOnlySpan<char> stem = file[..^4];
        int underscore = stem.IndexOf('_');
        if (underscore <= 0
            || !int.TryParse(stem[..underscore], NumberStyles.None, CultureInfo.InvariantCulture, out id)
            || !int.TryParse(stem[(underscore + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out rating))
        {
            id = rating = 0;
            sourceId = $"{(split == ReviewSplit.Train ? "train" : "test")}/{(label == Review.Positive ? "pos" : "neg")}/{file}";
            return Kind.BadFileName;
        }

        sourceId = string.Create(CultureInfo.InvariantCulture,
            $"{(split == ReviewSplit.Train ? "train" : "test")}/{(label == Review.Positive ? "pos" : "neg")}/{id}_{rating}");
        return Kind.Review;
    }

    /// <summary>Cuts the last path segment off <paramref name="path"/>.</summary>
    private static bool TrySplitLast(ref ReadOnlySpan<char> path, out ReadOnlySpan<char> last, bool allowNoSeparator = false)
    {
        int slash = path.LastIndexOfAny('/', '\\');
        if (slash < 0)
        {
            last = path;
            path = [];
            return allowNoSeparator && !last.IsEmpty;
        }

        last = path[(slash + 1)..];
        path = path[..slash];
        return !last.IsEmpty;
    }
}
