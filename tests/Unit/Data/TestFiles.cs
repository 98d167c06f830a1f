using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace HardmaxCore.UnitTests.Data;

/// <summary>A temporary directory deleted on dispose, with helpers that write tiny IMDb-shaped datasets into it.</summary>
internal sealed class TestFiles : IDisposable
{
    /// <summary>A fixed modification time, so the same entries always give the same bytes.</summary>
    private static readonly DateTimeOffset FixedTime = new(2011, 6, 19, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Creates a fresh directory under the system temp folder.</summary>
    public TestFiles()
    {
        Root = Path.Combine(Path.GetTempPath(), "hardmax-data-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    /// <summary>The directory.</summary>
    public string Root { get; }

    /// <summary>A path inside <see cref="Root"/>.</summary>
    public string PathOf(string name) => Path.Combine(Root, name);

    /// <summary>Writes text as UTF-8 (no BOM) and returns its path.</summary>
    public string WriteText(string name, string text, bool bom = false)
    {
        string path = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(bom));
        return path;
    }

    /// <summary>Writes bytes and returns the path.</summary>
    public string WriteBytes(string name, byte[] bytes)
    {
        string path = PathOf(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Writes a tar (gzip-compressed unless <paramref name="gzip"/> is false) with the given files, in order.</summary>
    public string WriteArchive(string name, IEnumerable<(string Path, string Text)> entries, bool gzip = true, bool directories = false) =>
        WriteBytes(name, Archive(entries, gzip, directories));

    /// <summary>The bytes of a tar(.gz) with the given files, in order.</summary>
    public static byte[] Archive(IEnumerable<(string Path, string Text)> entries, bool gzip = true, bool directories = false)
    {
        var output = new MemoryStream();
        using (Stream target = gzip ? new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true) : output)
        using (var writer = new TarWriter(target, TarEntryFormat.Pax, leaveOpen: true))
        {
            if (directories)
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "aclImdb/"));
                writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "aclImdb/train/"));
            }

            foreach ((string path, string text) in entries)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, path)
                {
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)),
                    ModificationTime = FixedTime,
                };
                writer.WriteEntry(entry);
            }
        }

        return output.ToArray();
    }

    /// <summary>Writes the files under <see cref="Root"/>/<paramref name="folder"/> and returns that folder.</summary>
    public string WriteFolder(string folder, IEnumerable<(string Path, string Text)> files)
    {
        foreach ((string path, string text) in files)
        {
            WriteText(Path.Combine(folder, path), text);
        }

        return PathOf(folder);
    }

    /// <summary>Deletes the directory.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
