using System.Security.Cryptography;
using SimCache.Data.Progress;

namespace SimCache.Data.Ingest;

internal delegate void LineHandler(ReadOnlySpan<byte> line, LineSource source);

/// <summary>
/// Runs a line handler over one or more text files, hashing them and reporting progress in bytes. Reading a large
/// data set takes minutes, so <c>cancel</c> is checked every 65,536 lines: the first Ctrl+C stops it within milliseconds.
/// </summary>
internal static class TextInput
{
    public static InputDescription Scan(IReadOnlyList<string> files, IWorkReporter reporter, LineHandler handler, Action<LineSource>? onFileStart = null,
        CancellationToken cancel = default)
    {
        long total = 0;
        foreach (var f in files) total += new FileInfo(f).Length;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var task = reporter.Start("Reading " + (files.Count == 1 ? Path.GetFileName(files[0]) : files.Count + " files"), total, "B");
        long before = 0;
        foreach (var file in files)
        {
            cancel.ThrowIfCancellationRequested();
            using var src = new LineSource(file, hash);
            onFileStart?.Invoke(src);
            int tick = 0;
            while (src.TryReadLine(out var line))
            {
                handler(line, src);
                if (++tick == 1 << 16)
                {
                    tick = 0;
                    cancel.ThrowIfCancellationRequested();
                    task.Report(before + src.BytesRead);
                }
            }
            before += src.BytesRead;
            task.Report(before);
        }
        return new InputDescription(files.Select(Path.GetFullPath).ToArray(), total, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
