using System.Runtime.InteropServices;

namespace HardmaxCore.Classifier;

/// <summary>The few POSIX calls .NET does not expose: the type and owner of a file (statx), lchown, and fsync of a folder.</summary>
/// <remarks>
/// <c>statx</c> is used rather than <c>stat</c> because its buffer layout is the same on every architecture
/// (<c>struct statx</c>: <c>stx_mode</c> is a 16-bit field at byte 28). Where the calls are missing (Windows, macOS, an
/// old C library) the answers are <see cref="FileKind.Unknown"/> and "not synced", and callers fall back to what .NET
/// reports.
/// </remarks>
internal static partial class Posix
{
    /// <summary>The size of <c>struct statx</c>.</summary>
    private const int StatxSize = 256;

    /// <summary><c>AT_FDCWD</c>: relative paths are taken from the current folder.</summary>
    private const int AtCurrentFolder = -100;

    /// <summary><c>STATX_TYPE</c>.</summary>
    private const uint StatxType = 0x1;

    /// <summary><c>O_RDONLY | O_DIRECTORY | O_CLOEXEC</c> on Linux.</summary>
    private const int OpenFolderFlags = 0x10000 | 0x80000;

    /// <summary><c>SIGKILL</c>.</summary>
    private const int SignalKill = 9;

    /// <summary>Whether the calls exist on this system (false after the first failure to bind them).</summary>
    private static bool _available = OperatingSystem.IsLinux();

    /// <summary>
    /// The type of the file at <paramref name="path"/>, symbolic links followed; <see cref="FileKind.Missing"/> when there
    /// is nothing there, <see cref="FileKind.Unknown"/> when the system cannot say.
    /// </summary>
    public static FileKind KindOf(string path)
    {
        if (!_available)
        {
            return FallbackKindOf(path);
        }
        byte[] buffer = new byte[StatxSize];
        int result;
        try
        {
            result = Statx(AtCurrentFolder, path, 0, StatxType, buffer);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            _available = false;
            return FallbackKindOf(path);
        }
        if (result != 0)
        {
            int error = Marshal.GetLastPInvokeError();
            // ENOENT 2, ENOTDIR 20: nothing there; ENOSYS 38: the kernel lacks statx.
            if (error == 38)
            {
                _available = false;
                return FallbackKindOf(path);
            }
            return error is 2 or 20 ? FileKind.Missing : FileKind.Unknown;
        }
        int mode = buffer[28] | (buffer[29] << 8);
        return (mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0x1000 => FileKind.Pipe,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0xC000 => FileKind.Socket,
            _ => FileKind.Unknown,
        };
    }

    /// <summary>The owner (user and group ids) of the file at <paramref name="path"/>, links followed; null when the system cannot say.</summary>
    public static (uint User, uint Group)? OwnerOf(string path)
    {
        if (!_available)
        {
            return null;
        }
        byte[] buffer = new byte[StatxSize];
        try
        {
            // STATX_UID | STATX_GID; struct statx: stx_uid at byte 20, stx_gid at byte 24.
            if (Statx(AtCurrentFolder, path, 0, 0x8 | 0x10, buffer) != 0)
            {
                return null;
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
        return (BitConverter.ToUInt32(buffer, 20), BitConverter.ToUInt32(buffer, 24));
    }

    /// <summary>Sets the owner of <paramref name="path"/> (not following a link); false when not permitted or not possible.</summary>
    public static bool TryChangeOwner(string path, uint user, uint group)
    {
        if (!_available)
        {
            return false;
        }
        try
        {
            return ChangeOwner(path, user, group) == 0;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Flushes a folder's entries to disk (after a rename into it); false when that is not possible here.</summary>
    public static bool SyncFolder(string folder)
    {
        if (!_available)
        {
            return false;
        }
        try
        {
            int descriptor = Open(folder, OpenFolderFlags);
            if (descriptor < 0)
            {
                return false;
            }
            int synced = FileSync(descriptor);
            _ = Close(descriptor);
            return synced == 0;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            _available = false;
            return false;
        }
    }

    /// <summary>
    /// Sends SIGKILL to this process (the test-only <see cref="CrashPoint"/>); false when the call is not available here, so
    /// the caller falls back to <see cref="Environment.FailFast(string)"/>.
    /// </summary>
    public static bool KillSelf()
    {
        if (!_available)
        {
            return false;
        }
        try
        {
            return SendSignal(Environment.ProcessId, SignalKill) == 0;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    /// <summary>What .NET alone can tell: directory, file, or nothing.</summary>
    private static FileKind FallbackKindOf(string path)
        => Directory.Exists(path) ? FileKind.Directory : File.Exists(path) ? FileKind.Unknown : FileKind.Missing;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int folder, string path, int flags, uint mask, [Out] byte[] buffer);

    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ChangeOwner(string path, uint user, uint group);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FileSync(int descriptor);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int process, int signal);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}
