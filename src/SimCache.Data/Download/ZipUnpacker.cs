using System.IO.Compression;
using SimCache.Data.Progress;

namespace SimCache.Data.Download;

/// <summary>
/// Unpacks a downloaded zip into a fresh folder and says which folder holds the data: when every entry lies
/// under one top-level folder (MovieLens archives unpack to <c>ml-100k/</c>, ML-10M to <c>ml-10M100K/</c>),
/// that folder, so the output folder holds the files themselves and <c>data prepare --input</c> can point
/// at it. Entries that would land outside the folder (<c>../</c>, absolute paths) make the archive refused,
/// as do macOS resource forks (<c>__MACOSX/</c>), which are skipped.
/// </summary>
public static class ZipUnpacker
{
    private const int BufferSize = 1 << 16;

    /// <summary>Unpacks <paramref name="zip"/> into the empty or new folder <paramref name="into"/> and returns the folder that holds the data.</summary>
    public static string Unpack(string zip, string into, IWorkReporter reporter, string description, CancellationToken cancel)
    {
        ZipArchive archive;
        try
        {
            archive = ZipFile.OpenRead(zip);
        }
        catch (InvalidDataException e)
        {
            throw new DownloadException($"{zip}: not a readable zip archive ({e.Message})", e);
        }
        using (archive)
        {
            var root = Path.GetFullPath(into);
            Directory.CreateDirectory(root);
            var entries = archive.Entries.Where(e => !e.FullName.StartsWith("__MACOSX/", StringComparison.Ordinal)).ToList();
            long total = entries.Sum(e => e.Length), done = 0;
            using var task = reporter.Start(description, total, "B");
            var buffer = new byte[BufferSize];
            foreach (var entry in entries)
            {
                cancel.ThrowIfCancellationRequested();
                var target = Path.GetFullPath(Path.Combine(root, entry.FullName));
                if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    throw new DownloadException($"{zip}: entry '{entry.FullName}' would unpack outside the folder; the archive is refused");
                if (entry.FullName.EndsWith('/'))
                {
                    Directory.CreateDirectory(target);
                    continue;
                }
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                try
                {
                    using var input = entry.Open();
                    using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize);
                    int n;
                    while ((n = input.Read(buffer)) > 0)
                    {
                        cancel.ThrowIfCancellationRequested();
                        output.Write(buffer, 0, n);
                        done += n;
                        task.Report(done);
                    }
                }
                catch (InvalidDataException e)
                {
                    throw new DownloadException($"{zip}: entry '{entry.FullName}' is corrupt ({e.Message})", e);
                }
                if (entry.LastWriteTime.Year > 1980) File.SetLastWriteTimeUtc(target, entry.LastWriteTime.UtcDateTime);
            }
            return DataFolder(root, entries.Select(e => e.FullName));
        }
    }

    /// <summary>The single top-level folder all entries share, or <paramref name="root"/> itself.</summary>
    internal static string DataFolder(string root, IEnumerable<string> names)
    {
        string? top = null;
        foreach (var name in names)
        {
            int slash = name.IndexOf('/');
            if (slash <= 0) return root; // a file at the top level
            var first = name[..slash];
            if (top is null) top = first;
            else if (top != first) return root;
        }
        return top is null ? root : Path.Combine(root, top);
    }
}
