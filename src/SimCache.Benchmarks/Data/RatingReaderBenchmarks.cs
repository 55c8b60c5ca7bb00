using System.Globalization;
using BenchmarkDotNet.Attributes;
using SimCache.Data.Ingest;
using SimCache.Data.Ingest.Formats;

namespace SimCache.Benchmarks.Data;

/// <summary>
/// Reading a MovieLens ratings.csv: the span-based reader against the obvious string-splitting loop, side by
/// side, so the ratio shows what the byte-level parsing buys. Runs on the repository's committed ml-latest-small
/// file (data/ml-latest-small/ratings.csv, 100,836 rows) found above the working folder, or on SIMCACHE_RATINGS.
/// </summary>
[MemoryDiagnoser]
public class RatingReaderBenchmarks
{
    private string _path = "";

    [GlobalSetup]
    public void Setup() => _path = Environment.GetEnvironmentVariable("SIMCACHE_RATINGS") ?? FindCommitted();

    [Benchmark(Baseline = true, Description = "string.Split + dictionaries")]
    public int NaiveSplit()
    {
        var users = new Dictionary<string, int>();
        var items = new Dictionary<string, int>();
        var rows = new List<(int, int, float, long)>();
        foreach (var line in File.ReadLines(_path).Skip(1))
        {
            var f = line.Split(',');
            if (!users.TryGetValue(f[0], out int u)) users[f[0]] = u = users.Count;
            if (!items.TryGetValue(f[1], out int i)) items[f[1]] = i = items.Count;
            rows.Add((u, i, float.Parse(f[2], CultureInfo.InvariantCulture), long.Parse(f[3], CultureInfo.InvariantCulture)));
        }
        return rows.Count;
    }

    [Benchmark(Description = "RatingReader (spans, columns, sha256)")]
    public int RatingReaderRead() => RatingReader.Read(MovieLensCsvFormat.Name, _path).Count;

    private static string FindCommitted()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var p = Path.Combine(dir.FullName, "data", "ml-latest-small", "ratings.csv");
            if (File.Exists(p) && File.Exists(Path.Combine(dir.FullName, "Simulator.sln"))) return p;
        }
        throw new FileNotFoundException("data/ml-latest-small/ratings.csv not found above the working folder (run from the repository); or set SIMCACHE_RATINGS");
    }
}
