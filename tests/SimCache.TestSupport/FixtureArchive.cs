using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace SimCache.TestSupport;

/// <summary>
/// Small archives built in the test, standing in for a publisher's, and a handler that serves them the way
/// a well-behaved static file server does (200 for the whole file, 206 for <c>Range: bytes=N-</c>, 416
/// past the end, 404 otherwise).
/// </summary>
public static class FixtureArchive
{
    /// <summary>A zip of the given text entries, with fixed timestamps so the same entries give the same bytes.</summary>
    public static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = new DateTimeOffset(2020, 1, 2, 3, 4, 6, TimeSpan.Zero);
                using var s = entry.Open();
                s.Write(Encoding.UTF8.GetBytes(content));
            }
        }
        return memory.ToArray();
    }

    /// <summary>
    /// A MovieLens 100K <c>u.data</c> (user TAB item TAB rating TAB time): <paramref name="users"/> users who
    /// each rate <paramref name="itemsPerUser"/> items, every rating 4 or 5 (kept by the protocol's 3.5 threshold).
    /// </summary>
    public static string UData(int users, int itemsPerUser)
    {
        var b = new StringBuilder();
        for (int u = 1; u <= users; u++)
            for (int k = 0; k < itemsPerUser; k++)
                b.Append(u).Append('\t').Append(1 + (u * 7 + k * 13) % 200).Append('\t').Append(4 + (u + k) % 2).Append('\t').Append(880_000_000 + u * 1000 + k).Append('\n');
        return b.ToString();
    }

    public static string Md5(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Serves <paramref name="files"/> by path ("/ml-100k.zip"), honouring <c>Range: bytes=N-</c>.</summary>
    public static LoopbackHttpServer.Reply Serve(LoopbackHttpServer.Request request, IReadOnlyDictionary<string, byte[]> files)
    {
        if (!files.TryGetValue(request.Path, out var body)) return LoopbackHttpServer.Reply.NotFound();
        var range = request.Header("Range");
        if (range is null || !range.StartsWith("bytes=", StringComparison.Ordinal) || !range.EndsWith('-')) return new(200, body);
        long from = long.Parse(range["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
        if (from >= body.Length) return new(416, []) { Headers = { ["Content-Range"] = $"bytes */{body.Length}" } };
        return new(206, body[(int)from..]) { Headers = { ["Content-Range"] = $"bytes {from}-{body.Length - 1}/{body.Length}" } };
    }
}
