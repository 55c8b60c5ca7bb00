using SimCache.Data.IO;
using SimCache.Experiments.Results;
using SimCache.Experiments.Sweep;
using Xunit;

namespace SimCache.Experiments.Tests.Sweep;

public class SweepShardTests
{
    private const string Tail = "|arrivals=trace|index=exact|latency=0|ttl=none|warmup=0|window=1000";

    /// <summary>
    /// Shards pinned to values computed outside .NET (Python's hashlib: the first 8 bytes of
    /// sha256("KEY\nSEED"), little-endian, mod N): the assignment is the same in every process and on every
    /// machine, which a per-process randomised hash (string.GetHashCode) would not be.
    /// </summary>
    [Theory]
    [InlineData("lru(capacity=10)" + Tail, 1, 3, 0)]
    [InlineData("sim-lru(capacity=100,threshold=0.2)" + Tail, 2, 7, 1)]
    [InlineData("x", 0, 1000, 570)]
    [InlineData("sim-lru(capacity=1000,threshold=2)" + Tail, -5, 4, 3)]
    public void AssignmentIsPinnedByTheKeyAlone(string key, long seed, int count, int expected)
    {
        Assert.Equal(expected, SweepShard.Of(key, seed, count));
        Assert.True(new SweepShard(expected, count).Contains(key, seed));
    }

    [Fact]
    public void EveryPairOfASweepRunsInExactlyOneShard()
    {
        using var dir = new TempDir();
        var (name, points, seeds) = SweepFixtures.Load(dir);
        var all = points.SelectMany(p => seeds.Select(s => (p.Key, s))).ToHashSet();
        foreach (int n in new[] { 1, 2, 3, 7 })
        {
            var outDir = dir.File($"out{n}");
            var seen = new List<(string, long)>();
            for (int i = 0; i < n; i++)
            {
                var outcome = SweepEngine.Run(new SweepRequest(name, points, seeds, SweepFixtures.Inputs, outDir, 2, "v1") { Shard = new SweepShard(i, n) }, new FormulaPointRunner());
                using var store = ResultsStore.Open(new SweepShard(i, n).Folder(outDir));
                var rows = store.Rows().Select(r => (r.PointKey, r.Seed)).ToList();
                Assert.Equal(outcome.Runs, rows.Count);
                Assert.All(rows, r => Assert.Equal(i, SweepShard.Of(r.PointKey, r.Seed, n)));
                var manifest = ShardManifest.TryLoad(new SweepShard(i, n).Folder(outDir))!;
                Assert.Equal((30, rows.Count), (manifest.TotalPairs, manifest.Pairs.Count));
                seen.AddRange(rows);
            }
            Assert.Equal(all.Count, seen.Count); // none twice
            Assert.True(all.SetEquals(seen)); // none missing
            Assert.False(File.Exists(Path.Combine(outDir, ResultsStore.FileName))); // shards never write OUT/results.db
        }
    }

    [Fact]
    public void AShardRerunDoesOnlyWhatItLacksWhateverElseIsDone()
    {
        using var dir = new TempDir();
        var (name, points, seeds) = SweepFixtures.Load(dir);
        var shard = new SweepShard(1, 3);
        var outDir = dir.File("out");
        // An unsharded run of part of the sweep in OUT/results.db changes nothing about shard 1's share.
        SweepEngine.Run(new SweepRequest(name, points.Take(5).ToList(), seeds, SweepFixtures.Inputs, outDir, 1, "v1"), new FormulaPointRunner());
        var first = SweepEngine.Run(new SweepRequest(name, points, seeds, SweepFixtures.Inputs, outDir, 1, "v1") { Shard = shard }, new FormulaPointRunner());
        int expected = points.SelectMany(p => seeds.Select(s => (p.Key, s))).Count(x => SweepShard.Of(x.Key, x.s, 3) == 1);
        Assert.Equal((expected, expected), (first.Runs, first.Ran));
        var again = SweepEngine.Run(new SweepRequest(name, points, seeds, SweepFixtures.Inputs, outDir, 1, "v1") { Shard = shard }, new FormulaPointRunner());
        Assert.Equal((expected, 0, expected), (again.Runs, again.Ran, again.AlreadyDone));
    }

    [Theory]
    [InlineData("1-3")]
    [InlineData("3/3")]
    [InlineData("0/0")]
    [InlineData("-1/3")]
    [InlineData("a/b")]
    [InlineData("1")]
    [InlineData("1/2/3")]
    [InlineData(" 1/3")]
    public void RefusesWhatIsNotAShard(string text)
    {
        var e = Assert.Throws<UsageException>(() => SweepShard.Parse(text));
        Assert.StartsWith("--shard: '" + text + "'", e.Message);
    }

    [Fact]
    public void ParsesAndNamesAShard()
    {
        var s = SweepShard.Parse("2/5");
        Assert.Equal((2, 5, "2-of-5", "2/5"), (s.Index, s.Count, s.Name, s.ToString()));
        Assert.Equal(s, SweepShard.FromName("2-of-5"));
        Assert.Null(SweepShard.FromName("5-of-5"));
    }
}
