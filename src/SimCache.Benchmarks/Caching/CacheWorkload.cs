using System.Diagnostics;
using SimCache.Caching.Core;
using SimCache.Data.Arrow;

namespace SimCache.Benchmarks.Caching;

/// <summary>
/// One cache filled to capacity and a stream of further requests to replay against it: what every cache
/// benchmark measures is one lookup plus the update it causes (move to front, insert and evict, duel counters,
/// mirror-ascent step), in the steady state of a full cache.
/// </summary>
public sealed class CacheWorkload : IDisposable
{
    private readonly float[] _vectors;
    private readonly int _users;
    private readonly int _count;
    private int _next;

    /// <summary>
    /// Builds the cache <paramref name="spec"/> (with a trace file of the requests if <paramref name="needsTrace"/>,
    /// a random decoder of <paramref name="decoderItems"/> items if positive) and warms it: with
    /// <paramref name="fill"/>, until it holds <paramref name="capacity"/> keys (at most 3·capacity requests, in
    /// lookup blocks), then 2,000 more requests one by one.
    /// </summary>
    public CacheWorkload(string spec, int capacity, bool fill = true, bool needsTrace = false, int decoderItems = 0)
    {
        const int d = ClusteredRequests.Dimension;
        _count = 2 * capacity + 20_000;
        _users = Math.Max(1, capacity * 3 / 2);
        _vectors = ClusteredRequests.Generate(_count);
        Folder = Path.Combine(Path.GetTempPath(), "simcache-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Folder);
        string? trace = null;
        DecoderWeights? decoder = null;
        if (needsTrace)
        {
            trace = Path.Combine(Folder, "trace.arrow");
            ClusteredRequests.WriteTrace(trace, _vectors, _users);
        }
        if (decoderItems > 0)
        {
            string path = Path.Combine(Folder, "decoder.arrow");
            ClusteredRequests.WriteDecoder(path, decoderItems);
            decoder = DecoderFileReader.ReadAll(path);
        }
        var sw = Stopwatch.StartNew();
        Cache = CacheFactory.Create(spec, new CacheContext { Dimension = d, TracePath = trace, Decoder = decoder, Seed = 1 });
        long built = sw.ElapsedMilliseconds;
        int warm = 0;
        if (fill)
        {
            while (Cache.Count < capacity && warm < 3 * capacity)
            {
                NextBlock(64);
                warm += 64;
            }
            Cache.EndBlock();
        }
        for (int i = 0; i < 2000; i++, warm++) Next();
        Console.WriteLine($"// {Cache.Description}: built in {built} ms, warmed with {warm} requests in {sw.ElapsedMilliseconds - built} ms; " +
                          $"{Cache.Count} keys; warm-up hit ratio {Cache.Stats.HitRatio:F3}");
    }

    public SimilarityCache Cache { get; }

    public string Folder { get; }

    /// <summary>One lookup and its update on the next request of the stream (wrapping around).</summary>
    public OutcomeKind Next()
    {
        const int d = ClusteredRequests.Dimension;
        int i = _next;
        _next = _next + 1 == _count ? 0 : _next + 1;
        var r = new CacheRequest(i % _users, i, _vectors.AsSpan(i * d, d));
        return Cache.Process(r).Kind;
    }

    /// <summary>A block of <paramref name="rows"/> requests with one batched nearest-key product.</summary>
    public int NextBlock(int rows)
    {
        const int d = ClusteredRequests.Dimension;
        if (_next + rows > _count) _next = 0;
        int start = _next, hits = 0;
        Cache.BeginBlock(_vectors.AsSpan(start * d, rows * d), rows);
        for (int r = 0; r < rows; r++)
        {
            int i = start + r;
            if (Cache.Process(new CacheRequest(i % _users, i, _vectors.AsSpan(i * d, d), default, r)).IsHit) hits++;
        }
        _next = start + rows == _count ? 0 : start + rows;
        return hits;
    }

    public void Dispose()
    {
        Cache.Dispose();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
