using SimCache.Data.Arrow;
using SimCache.Data.Dataset;
using SimCache.Data.IO;
using SimCache.Training.Tests.Training;
using SimCache.Training.Tracing;
using Xunit;

namespace SimCache.Training.Tests.Tracing;

/// <summary>
/// Users' histories against an independent reading of the splits (LINQ over every positive: group by user, earliest
/// time per item, sorted by time then item), and the per-user ordering of a sample equal to ordering everyone.
/// </summary>
public sealed class UserHistoriesTests
{
    [Fact]
    public void HistoriesAreEachUsersDistinctItemsByEarliestTimeThenItem()
    {
        using var dir = new TempDir();
        var data = TinyDataset.Create(dir);
        var manifest = DatasetManifest.Load(data);
        // The prepared splits hold no repeats and few ties: rewrite them out of time order, with repeated items at a
        // later and an earlier time and runs of equal times, within the manifest's users and items.
        var rng = new Random(5);
        int users = manifest.UserIds.Count, items = manifest.ItemIds.Count;
        foreach (var part in new[] { "train", "validation_tr", "validation_te", "test_tr", "test_te" })
        {
            using var writer = new InteractionFileWriter(Path.Combine(data, part + ".arrow"), Provenance.For("test", 1));
            for (int i = 0; i < 3000; i++) writer.Append(rng.Next(users / 4), rng.Next(items / 3), 1000 + rng.Next(40), 1f);
            writer.Complete();
        }
        var all = new List<(int User, int Item, long Time)>();
        foreach (var part in new[] { "train", "validation_tr", "validation_te", "test_tr", "test_te" })
        {
            using var reader = InteractionFileReader.Open(Path.Combine(data, part + ".arrow"));
            foreach (var batch in reader.ReadBatches())
                for (int i = 0; i < batch.RowCount; i++) all.Add((batch.Users[i], batch.Items[i], batch.Timestamps[i]));
        }
        var expected = all.GroupBy(r => r.User).ToDictionary(g => g.Key, g => g.GroupBy(r => r.Item)
            .Select(i => (Item: i.Key, Time: i.Min(r => r.Time))).OrderBy(p => p.Time).ThenBy(p => p.Item).ToArray());
        Assert.Contains(expected.Values, h => h.Select(p => p.Time).Distinct().Count() < h.Length); // ties in time
        Assert.True(all.Count > expected.Values.Sum(h => h.Length), "repeated items");

        var histories = UserHistories.Load(data, manifest);
        for (int u = 0; u < histories.Users; u++)
        {
            var want = expected.GetValueOrDefault(u, []);
            Assert.Equal(want.Select(p => p.Item), histories.Items(u).ToArray());
            Assert.Equal(want.Select(p => p.Time), histories.Times(u).ToArray());
        }
    }

    [Fact]
    public void LoadingASampleOfUsersGivesTheirFullHistoriesAndNoOneElses()
    {
        using var dir = new TempDir();
        var data = TinyDataset.Create(dir);
        var manifest = DatasetManifest.Load(data);
        var everyone = UserHistories.Load(data, manifest);
        int[]? offered = null;
        var sampled = UserHistories.Load(data, manifest, withPositives => (offered = withPositives).Where(u => u % 3 == 1).ToArray());
        Assert.Equal(Enumerable.Range(0, everyone.Users).Where(u => everyone.Count(u) > 0), offered);
        Assert.True(sampled.Loaded.Length > 50);
        foreach (int u in sampled.Loaded)
        {
            Assert.Equal(everyone.Items(u).ToArray(), sampled.Items(u).ToArray());
            Assert.Equal(everyone.Times(u).ToArray(), sampled.Times(u).ToArray());
        }
        int other = offered!.First(u => u % 3 == 0);
        Assert.Throws<InvalidOperationException>(() => sampled.Count(other));
        Assert.Throws<ArgumentException>(() => UserHistories.Load(data, manifest, _ => [5, 3]));
    }
}
