namespace HardmaxCore.Classifier;

/// <summary>What a path names, as the operating system sees it (symbolic links followed).</summary>
public enum FileKind
{
    /// <summary>The system cannot say (e.g. on a platform without <c>statx</c>); treated as a regular file.</summary>
    Unknown,

    /// <summary>Nothing exists at the path.</summary>
    Missing,

    /// <summary>A regular file.</summary>
    Regular,

    /// <summary>A folder.</summary>
    Directory,

    /// <summary>A named pipe (FIFO): reading it may wait forever.</summary>
    Pipe,

    /// <summary>A character device such as <c>/dev/zero</c> or a terminal: it may never end.</summary>
    CharacterDevice,

    /// <summary>A block device (a disk).</summary>
    BlockDevice,

    /// <summary>A Unix socket.</summary>
    Socket,
}
