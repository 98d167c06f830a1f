namespace HardmaxCore.Clustering;

/// <summary>
/// Point data that cannot be used: a CSV file that is missing, too large, ragged or non-numeric, a NaN or infinite
/// coordinate, no rows. The message names the file, the line and the column, and says what to do.
/// </summary>
public sealed class ClusteringDataException : Exception
{
    /// <summary>Creates an exception with no message.</summary>
    public ClusteringDataException()
    {
    }

    /// <summary>Creates an exception with a user-facing message.</summary>
    /// <param name="message">What was found, where, and what to do.</param>
    public ClusteringDataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a user-facing message and the low-level cause.</summary>
    /// <param name="message">What was found, where, and what to do.</param>
    /// <param name="innerException">The cause (an I/O or parse error).</param>
    public ClusteringDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
