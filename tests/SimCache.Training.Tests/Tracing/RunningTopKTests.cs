using SimCache.Training.Tracing;
using Xunit;

namespace SimCache.Training.Tests.Tracing;

/// <summary>
/// The trace's tiled top-k against a full sort of each whole row: ties (to the lower item, also across a tile
/// boundary), NaN and infinities, excluded items, rows offered their tiles interleaved, and tiles of every width
/// around the vector filter's group of four vectors.
/// </summary>
public sealed class RunningTopKTests
{
    /// <summary>The reference order: higher score first, NaN last, ties by lower index; LINQ's sort is stable.</summary>
    private static int[] NaiveTopK(float[] scores, HashSet<int> exclude, int k) =>
        Enumerable.Range(0, scores.Length).Where(i => !exclude.Contains(i))
            .OrderBy(i => float.IsNaN(scores[i]) ? 1 : 0).ThenByDescending(i => scores[i]).ThenBy(i => i)
            .Take(k).ToArray();

    private static ulong[] Set(IEnumerable<int> items, int n)
    {
        var set = new ulong[RunningTopK.Words(n)];
        foreach (int i in items) set[i >> 6] |= 1UL << (i & 63);
        return set;
    }

    [Fact]
    public void MatchesAFullSortOfEachRowOverRandomTilesTiesAndExclusions()
    {
        for (int seed = 0; seed < 300; seed++)
        {
            var rng = new Random(seed);
            int rows = rng.Next(1, 5), n = rng.Next(1, 700), k = rng.Next(0, 40);
            bool continuous = rng.Next(3) == 0; // else few distinct values: many ties
            int levels = rng.Next(1, 12);
            var scores = new float[rows][];
            var excludes = new HashSet<int>[rows];
            for (int r = 0; r < rows; r++)
            {
                scores[r] = new float[n];
                for (int i = 0; i < n; i++)
                    scores[r][i] = rng.Next(100) switch
                    {
                        0 => float.NegativeInfinity,
                        1 => float.NaN,
                        2 => float.PositiveInfinity,
                        _ => continuous ? (float)rng.NextDouble() : rng.Next(levels) * 0.25f - 1f,
                    };
                double share = rng.NextDouble() * 0.5;
                excludes[r] = Enumerable.Range(0, n).Where(_ => rng.NextDouble() < share).ToHashSet();
            }
            // Tile boundaries shared by all rows, offered tile by tile with the rows interleaved.
            var bounds = new List<int> { 0 };
            while (bounds[^1] < n) bounds.Add(Math.Min(n, bounds[^1] + rng.Next(1, 150)));
            var top = new RunningTopK(rows + rng.Next(2), k);
            top.Reset(rows);
            var sets = excludes.Select(e => Set(e, n)).ToArray();
            for (int t = 0; t + 1 < bounds.Count; t++)
                for (int r = 0; r < rows; r++)
                    top.Add(r, scores[r].AsSpan(bounds[t], bounds[t + 1] - bounds[t]), bounds[t], sets[r]);
            for (int r = 0; r < rows; r++)
            {
                var result = new int[k + 2];
                int got = top.Drain(r, result);
                Assert.Equal(NaiveTopK(scores[r], excludes[r], k), result[..got]);
            }
        }
    }

    [Fact]
    public void AnEqualScoreInALaterTileLosesToTheEarlierItem()
    {
        // Items 0..39 in two tiles of 20; items 5 and 25 tie at the top, 30 and 10 tie second.
        var scores = new float[40];
        scores[25] = scores[5] = 3f;
        scores[30] = scores[10] = 2f;
        scores[39] = 1f;
        var top = new RunningTopK(1, 3);
        top.Reset(1);
        var none = new ulong[1];
        top.Add(0, scores.AsSpan(0, 20), 0, none);
        top.Add(0, scores.AsSpan(20, 20), 20, none);
        var result = new int[3];
        Assert.Equal(3, top.Drain(0, result));
        Assert.Equal([5, 25, 10], result);
    }

    [Fact]
    public void ExcludedItemsNeverAppearEvenWhenTooFewRemain()
    {
        float[] scores = [9f, 0.5f, 0.1f, 9f, 0.8f];
        var top = new RunningTopK(1, 5);
        top.Reset(1);
        top.Add(0, scores, 0, Set([0, 3], 5));
        var result = new int[5];
        Assert.Equal(3, top.Drain(0, result));
        Assert.Equal([4, 1, 2], result[..3]);
    }

    [Fact]
    public void ALongTileIsFilteredByTheRunningThreshold()
    {
        // Scores rise along the row, so every vector group passes the threshold once and the best k are the last ones;
        // a second row with falling scores is rejected group by group after its first k.
        const int n = 4096, k = 7;
        var rising = Enumerable.Range(0, n).Select(i => (float)i).ToArray();
        var falling = rising.Reverse().ToArray();
        var top = new RunningTopK(2, k);
        top.Reset(2);
        var none = new ulong[RunningTopK.Words(n)];
        top.Add(0, rising, 0, none);
        top.Add(1, falling, 0, none);
        var result = new int[k];
        top.Drain(0, result);
        Assert.Equal(Enumerable.Range(0, k).Select(i => n - 1 - i), result);
        top.Drain(1, result);
        Assert.Equal(Enumerable.Range(0, k), result);
    }

    [Fact]
    public void RefusesAnExcludedSetShorterThanTheItemsOffered()
    {
        var top = new RunningTopK(1, 2);
        top.Reset(1);
        Assert.Throws<ArgumentException>(() => top.Add(0, new float[10], 60, new ulong[1]));
    }
}
