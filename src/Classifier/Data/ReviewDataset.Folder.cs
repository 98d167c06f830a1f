namespace HardmaxCore.Classifier;

/// <summary>Folder reading: an extracted <c>aclImdb</c> folder, or the folder that contains it.</summary>
public static partial class ReviewDataset
{
    /// <summary>The split folders the loader reads.</summary>
    private static readonly string[] SplitFolders = ["train", "test"];

    /// <summary>The label folders the loader reads.</summary>
    private static readonly string[] LabelFolders = ["neg", "pos"];

    /// <summary>Reads <c>{train,test}/{pos,neg}/*.txt</c> under the aclImdb folder at or below <paramref name="path"/>.</summary>
    private static ReviewLoadResult LoadFolder(string path, LoadCheck check)
    {
        string root = ResolveAclImdbRoot(path);
        var reviews = new List<Review>(50_000);
        var skipped = new SkippedRows();

        foreach (string splitFolder in SplitFolders)
        {
            foreach (string labelFolder in LabelFolders)
            {
                string directory = Path.Combine(root, splitFolder, labelFolder);
                if (!Directory.Exists(directory))
                {
                    continue;
                }

                string[] files = [];
                try
                {
                    files = Directory.GetFiles(directory, "*.txt", SearchOption.TopDirectoryOnly);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    DatasetThrow.CannotRead(directory, ex);
                }

                foreach (string file in files)
                {
                    check.Step();
                    string relative = $"{splitFolder}/{labelFolder}/{Path.GetFileName(file)}";
                    AclImdbPath.Kind kind = AclImdbPath.Classify(
                        relative, out ReviewSplit split, out int label, out int id, out int rating, out string sourceId);
                    if (kind == AclImdbPath.Kind.BadFileName)
                    {
                        skipped.Add(SkipReason.UnrecognizedFileName, relative);
                        continue;
                    }

                    if (kind != AclImdbPath.Kind.Review)
                    {
                        continue;
                    }

                    string text = string.Empty;
                    try
                    {
                        // Regular files only (a FIFO would hang, /dev/zero never ends), read up to the review cap.
                        using FileStream stream = UserFile.OpenRead(file, "review", long.MaxValue, bufferSize: 4096);
                        if (stream.Length > MaxReviewBytes)
                        {
                            skipped.Add(SkipReason.TooLong, relative, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"({stream.Length:N0} bytes)"));
                            continue;
                        }
                        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
                        text = reader.ReadToEnd();
                    }
                    catch (UnreadableFileException ex)
                    {
                        DatasetThrow.Refused(file, ex);
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        DatasetThrow.CannotRead(file, ex);
                    }

                    AddFileReview(reviews, skipped, text, split, label, id, rating, sourceId);
                }
            }
        }

        return Finish(reviews, DatasetFormat.Folder, root, skipped);
    }

    /// <summary>The aclImdb folder itself: <paramref name="path"/>, or <c>path/aclImdb</c> when that exists.</summary>
    private static string ResolveAclImdbRoot(string path)
    {
        string nested = Path.Combine(path, "aclImdb");
        if (Directory.Exists(nested))
        {
            return nested;
        }

        if (!SplitFolders.Any(split => Directory.Exists(Path.Combine(path, split))))
        {
            DatasetThrow.FolderNotAclImdb(path);
        }

        return path;
    }
}
