namespace HardmaxCore.Classifier;

/// <summary>The kind of input <see cref="ReviewDataset.Load"/> recognised.</summary>
public enum DatasetFormat
{
    /// <summary>The official archive (<c>.tar.gz</c> or plain <c>.tar</c>), streamed, never extracted.</summary>
    Archive,

    /// <summary>An extracted <c>aclImdb</c> folder.</summary>
    Folder,

    /// <summary>A CSV with header columns <c>review,sentiment</c> (the Kaggle export).</summary>
    Csv,
}
