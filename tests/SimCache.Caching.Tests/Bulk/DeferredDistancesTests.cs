using SimCache.Caching.Bulk;
using SimCache.Caching.Keys;
using SimCache.Caching.Tests.Support;
using SimCache.Numerics.Vectors;
using Xunit;

namespace SimCache.Caching.Tests.Bulk;

/// <summary>
/// Distances computed in bulk must equal, bit for bit, each distance computed one at a time at the moment its
/// key was named — for any thread count, across queue refills, hand-offs to the workers, keys changed while a
/// distance on them waits, runs reused one after another, and runs that fail half-way.
/// </summary>
public class DeferredDistancesTests
{
    private const int D = 20;

    /// <summary>
    /// A scripted run: row r names key <c>Named[r]</c> (−1: none) after changing key <c>Changed[r]</c> (−1: none)
    /// to a fresh random vector. The oracle is the one-at-a-time distance, computed in <see cref="Decide"/> itself.
    /// </summary>
    private sealed class ScriptedRun(DeferredDistances distances, KeyStore store, float[] queries, int[] named, int[] changed, int seed,
        int failAt = -1) : IDistanceRun
    {
        private readonly Random _rng = new(seed);
        public readonly float[] Expected = Enumerable.Repeat(float.NaN, named.Length).ToArray();
        public readonly List<(int Row, int Slot, float Distance)> Served = [];

        public int Decide(int row)
        {
            if (row == failAt) throw new InvalidOperationException("decision failed");
            if (changed[row] >= 0)
            {
                distances.BeforeChange(changed[row]);
                var v = new float[D];
                for (int j = 0; j < D; j++) v[j] = (float)Synth.Normal(_rng);
                store.Rekey(changed[row], v, user: row, admitted: row);
            }
            int slot = named[row];
            if (slot >= 0)
            {
                var q = store.Prepare(queries.AsSpan(row * D, D));
                Expected[row] = store.Distance(q.Vector, store.Vector(slot));
                Assert.Equal(BitConverter.SingleToInt32Bits(Expected[row]), BitConverter.SingleToInt32Bits(distances.Distance(queries.AsSpan(row * D, D), slot)));
            }
            return slot;
        }

        public void Serve(int row, int slot, float distance) => Served.Add((row, slot, distance));
    }

    private static KeyStore Store(int keys, DistanceMetric metric, int seed)
    {
        var store = new KeyStore(D, metric, keys);
        var v = Synth.Gaussian(keys, D, seed);
        for (int k = 0; k < keys; k++) store.Add(v.AsSpan(k * D, D), user: k, admitted: 0);
        return store;
    }

    /// <summary>A run of <paramref name="rows"/> rows where <paramref name="share"/> of them name a key and <paramref name="changes"/> change one.</summary>
    private static (float[] Queries, int[] Named, int[] Changed) Script(int rows, int keys, double share, double changes, Random rng)
    {
        var queries = new float[rows * D];
        for (int i = 0; i < queries.Length; i++) queries[i] = (float)Synth.Normal(rng);
        var named = new int[rows];
        var changed = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            named[r] = rng.NextDouble() < share ? rng.Next(keys) : -1;
            changed[r] = rng.NextDouble() < changes ? rng.Next(keys) : -1;
        }
        return (queries, named, changed);
    }

    /// <summary>Every named key served exactly once, in naming order, at its one-at-a-time distance bit for bit.</summary>
    private static void AssertServedAsNamed(ScriptedRun run, int[] named)
    {
        var expectedRows = Enumerable.Range(0, named.Length).Where(r => named[r] >= 0).ToArray();
        Assert.Equal(expectedRows, run.Served.Select(s => s.Row).ToArray());
        foreach (var (row, slot, distance) in run.Served)
        {
            Assert.Equal(named[row], slot);
            Assert.Equal(BitConverter.SingleToInt32Bits(run.Expected[row]), BitConverter.SingleToInt32Bits(distance));
        }
    }

    public static TheoryData<int, bool> Threads => new() { { 1, false }, { 2, false }, { 3, false }, { 4, false }, { 2, true }, { 3, true } };

    [Theory]
    [MemberData(nameof(Threads))]
    public void EqualsOneAtATimeOnRandomRunsForAnyThreadCount(int threads, bool cosine)
    {
        var metric = cosine ? DistanceMetric.Cosine : DistanceMetric.L2;
        var rng = new Random(17 + threads);
        using var store = Store(keys: 300, metric, seed: threads);
        using var distances = new DeferredDistances(store, threads);
        Assert.Equal(threads, distances.Threads);
        // Runs reuse the object: long ones (more queued than the queue holds, hand-offs, parallel completion),
        // one with few keys named (the next is computed one at a time), short ones, keys changed while waiting.
        (int Rows, double Share, double Changes)[] runs = [(9000, 0.95, 0.02), (300, 0.5, 0.1), (5000, 0.9, 0.05), (1, 1, 0), (12000, 1, 0.3), (700, 0.99, 0)];
        int served = 0;
        foreach (var (rows, share, changes) in runs)
        {
            var (queries, named, changed) = Script(rows, 300, share, changes, rng);
            var run = new ScriptedRun(distances, store, queries, named, changed, seed: rows);
            distances.Run(queries, ref run);
            AssertServedAsNamed(run, named);
            served += run.Served.Count;
        }
        Assert.True(served > 20000);
    }

    [Fact]
    public void DistancesAreTheKeysAsTheyWereWhenNamed()
    {
        // Hand-computed, d = 2 under L2: key 0 at (0, 0) is named for queries (3, 4) and (6, 8) — distances 5
        // and 10 —, then moved to (6, 8) and named again for (6, 8): distance 0, although all three wait together.
        using var store = new KeyStore(2, DistanceMetric.L2, 1);
        store.Add([0f, 0f], user: 1, admitted: 0);
        using var distances = new DeferredDistances(store, threads: 2);
        var run = new MovingKeyRun(distances, store);
        float[] queries = [3, 4, 6, 8, 6, 8];
        distances.Run(queries, ref run);
        Assert.Equal([(0, 5f), (1, 10f), (2, 0f)], run.Served);
    }

    private sealed class MovingKeyRun(DeferredDistances distances, KeyStore store) : IDistanceRun
    {
        public readonly List<(int, float)> Served = [];

        public int Decide(int row)
        {
            if (row == 2)
            {
                distances.BeforeChange(0);
                store.Rekey(0, [6f, 8f], user: 1, admitted: 2);
            }
            return 0;
        }

        public void Serve(int row, int slot, float distance) => Served.Add((row, distance));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void ARunThatFailsLeavesNoWorkerAndTheNextRunIsExact(int threads)
    {
        var rng = new Random(5);
        using var store = Store(keys: 200, DistanceMetric.L2, seed: 9);
        using var distances = new DeferredDistances(store, threads);
        var (queries, named, changed) = Script(6000, 200, 1, 0.01, rng);
        // Fails after thousands of rows: queued distances are with the workers, some served already (4096 queued).
        var failing = new ScriptedRun(distances, store, queries, named, changed, seed: 1, failAt: 4500);
        var error = Assert.Throws<InvalidOperationException>(() => distances.Run(queries, ref failing));
        Assert.Equal("decision failed", error.Message);
        Assert.Equal(threads == 1 ? 4500 : 4096, failing.Served.Count); // one thread serves at once; more: the full queue, the rest is lost
        for (int k = 0; k < 2; k++)
        {
            (queries, named, changed) = Script(3000, 200, 0.9, 0.05, rng);
            var run = new ScriptedRun(distances, store, queries, named, changed, seed: 2 + k);
            distances.Run(queries, ref run);
            AssertServedAsNamed(run, named);
        }
    }

    [Fact]
    public void RefusesAKeyOutsideTheStoreAndRowsOfAnotherDimension()
    {
        using var store = Store(keys: 4, DistanceMetric.L2, seed: 1);
        using var distances = new DeferredDistances(store, threads: 2);
        var queries = new float[3 * D];
        var run = new ScriptedRun(distances, store, queries, [0, 4, 1], [-1, -1, -1], seed: 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => distances.Run(queries, ref run));
        Assert.Throws<ArgumentException>(() => distances.Run(new float[D + 1], ref run));
        var ok = new ScriptedRun(distances, store, queries, [0, 3, 1], [-1, -1, -1], seed: 1); // and it still works
        distances.Run(queries, ref ok);
        AssertServedAsNamed(ok, [0, 3, 1]);
    }

    [Fact]
    public void ARunCannotStartInsideAnother()
    {
        using var store = Store(keys: 4, DistanceMetric.L2, seed: 1);
        using var distances = new DeferredDistances(store, threads: 2);
        var nested = new NestingRun(distances);
        var error = Assert.Throws<InvalidOperationException>(() => distances.Run(new float[D], ref nested));
        Assert.Contains("already", error.Message);
    }

    private sealed class NestingRun(DeferredDistances distances) : IDistanceRun
    {
        public int Decide(int row)
        {
            var inner = this;
            distances.Run(new float[D], ref inner);
            return -1;
        }

        public void Serve(int row, int slot, float distance) { }
    }
}
