using System.Security.Cryptography;
using System.Text;
using SimCache.Data.IO;

namespace SimCache.Experiments.Stages;

/// <summary>
/// sha256 of file contents, the identity of a stage's raw inputs: a file's bytes, or for a folder every file
/// under it (relative name, length, bytes, in ordinal name order) so a renamed or added file counts too.
/// </summary>
public static class ContentHash
{
    public static string OfFile(string path)
    {
        if (!File.Exists(path)) throw new DataFormatException(path, "no such file");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>The hash of a file, or of a folder's files.</summary>
    public static string OfPath(string path)
    {
        if (File.Exists(path)) return OfFile(path);
        if (!Directory.Exists(path)) throw new DataFormatException(path, "no such file or folder");
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Files(path))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(path, file).Replace('\\', '/') + "\n" + new FileInfo(file).Length + "\n"));
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            var buffer = new byte[1 << 20];
            int n;
            while ((n = stream.Read(buffer)) > 0) sha.AppendData(buffer, 0, n);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>sha256 of a string (UTF-8), lower-case hex.</summary>
    public static string OfText(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>
    /// A cheap stand-in for the content (each file's relative name, length and last write time) used to skip
    /// re-hashing an unchanged multi-gigabyte input on every rerun, as make does.
    /// </summary>
    public static string Fingerprint(string path)
    {
        var sb = new StringBuilder();
        if (File.Exists(path))
        {
            var f = new FileInfo(path);
            sb.Append(f.Length).Append(' ').Append(f.LastWriteTimeUtc.Ticks);
        }
        else if (Directory.Exists(path))
        {
            foreach (var file in Files(path))
            {
                var f = new FileInfo(file);
                sb.Append(Path.GetRelativePath(path, file).Replace('\\', '/')).Append(' ').Append(f.Length).Append(' ').Append(f.LastWriteTimeUtc.Ticks).Append('\n');
            }
        }
        else throw new DataFormatException(path, "no such file or folder");
        return OfText(sb.ToString());
    }

    private static IEnumerable<string> Files(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
}
