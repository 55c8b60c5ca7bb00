using System.Globalization;
using SimCache.Data.Ingest;
using SimCache.Data.Protocol;
using Xunit;
using SimCache.Data.Ingest.Formats;

namespace SimCache.Data.Tests.Protocol;

public class LiangProtocolTests
{
    private static readonly Lazy<SplitDataset> Split = new(() =>
        LiangProtocol.Apply(RatingReader.Read(MovieLensCsvFormat.Name, RepoFiles.RatingsCsv), new ProtocolOptions()));

    [Fact]
    public void CountsOnMlLatestSmallAreThePublishedSplits()
    {
        // SOURCE.md of the published split: 603 users, 48,562 interactions after filtering, 5,181 items of the
        // 403 training users, 100 validation and 100 test users.
        var s = Split.Value;
        var filtered = s.Stages.Single(x => x.Stage == "min_user_items");
        Assert.Equal(603, filtered.Users);
        Assert.Equal(48_562, filtered.Interactions);
        Assert.Equal(5_181, s.ItemIds.Count);
        Assert.Equal(403, s.TrainUsers);
        Assert.Equal(100, s.ValidationUsers);
        Assert.Equal(100, s.TestUsers);
    }

    [Fact]
    public void CountsAgreeWithANaiveRecomputation()
    {
        // A second, independent way: string splitting and LINQ over the raw file.
        var rows = File.ReadLines(RepoFiles.RatingsCsv).Skip(1).Select(l => l.Split(','))
            .Select(f => (User: f[0], Item: f[1], Rating: double.Parse(f[2], CultureInfo.InvariantCulture))).ToList();
        var positives = rows.Where(r => r.Rating > 3.5).ToList();
        var keptUsers = positives.GroupBy(r => r.User).Where(g => g.Count() >= 5).Select(g => g.Key).ToHashSet();
        var kept = positives.Where(r => keptUsers.Contains(r.User)).ToList();
        var s = Split.Value;
        var filtered = s.Stages.Single(x => x.Stage == "min_user_items");
        Assert.Equal(kept.Count, filtered.Interactions);
        Assert.Equal(keptUsers.Count, filtered.Users);
        Assert.Equal(kept.Select(r => r.Item).Distinct().Count(), filtered.Items);
        Assert.Equal(positives.Count, s.Stages.Single(x => x.Stage == "threshold").Interactions);
        Assert.Equal(rows.Count, s.Stages.Single(x => x.Stage == "input").Interactions);
        // Items of training users, recomputed from the split's own user order.
        var trainUsers = s.UserIds.Take(s.TrainUsers).ToHashSet();
        Assert.Equal(kept.Where(r => trainUsers.Contains(r.User)).Select(r => r.Item).Distinct().Count(), s.ItemIds.Count);
        // Every kept held-out row is in exactly one part unless its item is outside the item set.
        var itemSet = s.ItemIds.ToHashSet();
        long heldoutRows = kept.Count(r => !trainUsers.Contains(r.User) && itemSet.Contains(r.Item));
        Assert.Equal(heldoutRows, s.ValidationTr.Count + s.ValidationTe.Count + s.TestTr.Count + s.TestTe.Count);
        Assert.Equal(kept.Count(r => trainUsers.Contains(r.User)), s.Train.Count);
    }

    [Fact]
    public void SplitIsIdenticalToThePublishedFilesRowForRow()
    {
        var s = Split.Value;
        var dir = RepoFiles.VaeCfSplit;
        Assert.Equal(File.ReadAllLines(Path.Combine(dir, "unique_uid.txt")), s.UserIds);
        Assert.Equal(File.ReadAllLines(Path.Combine(dir, "unique_sid.txt")), s.ItemIds);
        foreach (var part in s.Parts)
        {
            var expected = File.ReadAllLines(Path.Combine(dir, part.Name + ".csv")).Skip(1).ToArray();
            var actual = new string[part.Count];
            for (int r = 0; r < part.Count; r++) actual[r] = part.User[r] + "," + part.Item[r];
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void RowsKeepTheirTimestampsAndRatings()
    {
        // User 1 rated movie 1 with 4.0 at 964982703 (first line of ratings.csv).
        var s = Split.Value;
        int u = s.UserIds.ToList().IndexOf("1");
        int i = s.ItemIds.ToList().IndexOf("1");
        var parts = s.Parts.ToList();
        var hit = parts.SelectMany(p => Enumerable.Range(0, p.Count).Where(r => p.User[r] == u && p.Item[r] == i).Select(r => (p.Time[r], p.Rating[r]))).Single();
        Assert.Equal((964982703L, 4.0f), hit);
    }

    [Fact]
    public void ItemMinimumIsAppliedBeforeTheUserMinimum()
    {
        // u1 has 5 positives, one on an item only u1 has; with --min-item-users 2 that item goes first,
        // leaving u1 with 4 and so dropping u1 (filter_triplets order). u2..u7 share items a..e.
        var log = new RatingLog(new IdTable(true), new IdTable(false), TimestampKind.UnixSeconds, true);
        void Add(string u, string i) => log.Add(log.Users.Intern(u), log.Items.Intern(i), 0, 5f);
        foreach (var i in new[] { "a", "b", "c", "d", "solo" }) Add("1", i);
        for (int u = 2; u <= 7; u++) foreach (var i in new[] { "a", "b", "c", "d", "e" }) Add(u.ToString(CultureInfo.InvariantCulture), i);
        var s = LiangProtocol.Apply(log, new ProtocolOptions { MinItemUsers = 2, Heldout = 1 });
        Assert.Equal(6, s.UserIds.Count);
        Assert.DoesNotContain("1", s.UserIds);
        Assert.Equal(30, s.Stages.Single(x => x.Stage == "min_user_items").Interactions);
    }

    [Fact]
    public void ThresholdIsStrict()
    {
        var log = new RatingLog(new IdTable(true), new IdTable(true), TimestampKind.UnixSeconds, true);
        for (int u = 0; u < 6; u++)
            for (int i = 0; i < 6; i++)
                log.Add(log.Users.Intern(u.ToString(CultureInfo.InvariantCulture)), log.Items.Intern(i.ToString(CultureInfo.InvariantCulture)), 0, i == 0 ? 3.5f : 4f);
        var s = LiangProtocol.Apply(log, new ProtocolOptions { Heldout = 1 });
        Assert.Equal(30, s.Stages.Single(x => x.Stage == "threshold").Interactions);
    }
}
