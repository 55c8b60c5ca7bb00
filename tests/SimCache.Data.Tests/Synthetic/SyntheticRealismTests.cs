using Xunit;
using System.Numerics;
using Xunit.Abstractions;

namespace SimCache.Data.Tests.Synthetic;

/// <summary>
/// The properties of real MovieLens data that the later stages depend on: heavy popularity and activity tails,
/// about half of the ratings positive, positives that carry cluster structure, sessions over years, taste drift.
/// </summary>
public sealed class SyntheticRealismTests(RealismFixture fx, ITestOutputHelper output) : IClassFixture<RealismFixture>
{
    private RatingLog Log => fx.Log;

    [Fact]
    public void ItemPopularityHasAZipfLikeTail()
    {
        var counts = new long[fx.Options.Items];
        foreach (var i in Log.Items) counts[i - 1]++;
        var sorted = counts.OrderByDescending(c => c).ToArray();
        double slope = LogLogSlope(sorted, 10, 1000);
        output.WriteLine($"log-log slope over ranks 10..1000: {slope:F3}; top {sorted[0]}, rank 1000 {sorted[999]}");
        Assert.InRange(slope, -1.3, -0.6);
        Assert.True(sorted[0] > 20 * sorted[999], "the head must be much more popular than the tail");
    }

    [Fact]
    public void UserActivityIsHeavyTailedWithMinimumAndCap()
    {
        var n = fx.RowsByUser.Select(r => r.Count).OrderBy(c => c).ToArray();
        double median = n.Length % 2 == 1 ? n[n.Length / 2] : (n[n.Length / 2 - 1] + n[n.Length / 2]) / 2.0;
        double mean = n.Average();
        output.WriteLine($"activity min {n[0]} median {median} mean {mean:F1} max {n[^1]}");
        Assert.True(mean / median > 1.5, $"mean/median {mean / median:F2}");
        Assert.True(n[^1] / median > 10, $"max/median {n[^1] / median:F2}");
        Assert.True(n[0] >= fx.Options.MinRatingsPerUser);
        Assert.True(n[^1] <= fx.Options.MaxRatingsPerUser);
    }

    [Fact]
    public void PositiveShareIsAboutHalf()
    {
        double share = Log.Halves.Count(h => h > 7) / (double)Log.Count;
        output.WriteLine($"share of ratings > 3.5: {share:F4}");
        Assert.InRange(share, 0.4, 0.6);
    }

    [Fact]
    public void PositivesCarryTheClusterStructure()
    {
        int users = fx.Options.Users, words = (fx.Options.Items + 63) / 64;
        var bits = new ulong[users * words];
        var size = new int[users];
        for (int r = 0; r < Log.Count; r++)
        {
            if (Log.Halves[r] <= 7) continue;
            int u = Log.Users[r] - 1, i = Log.Items[r] - 1;
            bits[u * words + i / 64] |= 1UL << (i % 64);
            size[u]++;
        }
        double same = 0, diff = 0;
        long nSame = 0, nDiff = 0;
        for (int a = 0; a < users; a++)
        {
            for (int b = a + 1; b < users; b++)
            {
                int inter = 0;
                for (int w = 0; w < words; w++) inter += BitOperations.PopCount(bits[a * words + w] & bits[b * words + w]);
                int union = size[a] + size[b] - inter;
                double j = union == 0 ? 0 : (double)inter / union;
                if (Log.PrimaryCluster[a] == Log.PrimaryCluster[b]) { same += j; nSame++; } else { diff += j; nDiff++; }
            }
        }
        same /= nSame;
        diff /= nDiff;
        output.WriteLine($"mean Jaccard of positive item sets: same cluster {same:F4}, different {diff:F4}, ratio {same / diff:F2}");
        Assert.True(same >= 2 * diff, $"same-cluster Jaccard {same:F4} is not ≥ 2 × different-cluster {diff:F4}");
    }

    [Fact]
    public void TimestampsSpanYearsInSessions()
    {
        long min = Log.Timestamps.Min(), max = Log.Timestamps.Max();
        long gaps = 0, underHour = 0, overDay = 0;
        int mostlyFirstDay = 0;
        foreach (var rows in fx.RowsByUser)
        {
            var t = rows.Select(r => Log.Timestamps[r]).Order().ToArray();
            for (int k = 1; k < t.Length; k++)
            {
                long g = t[k] - t[k - 1];
                gaps++;
                if (g < 3600) underHour++;
                if (g > 86_400) overDay++;
            }
            if (t.Count(x => x - t[0] < 86_400) * 2 >= t.Length) mostlyFirstDay++;
        }
        double years = (max - min) / (365.25 * 86_400);
        output.WriteLine($"span {years:F1} years; gaps < 1 h {underHour / (double)gaps:F3}, > 1 day {overDay / (double)gaps:F4}; users with ≥ half their ratings on day one {mostlyFirstDay / (double)fx.Options.Users:F3}");
        Assert.True(years >= 3, $"span {years:F1} years");
        Assert.True(underHour > gaps / 2, "most within-user gaps should be inside a session (< 1 hour)");
        Assert.True(overDay >= gaps / 200, "some within-user gaps should separate sessions (> 1 day)");
        Assert.True(mostlyFirstDay > fx.Options.Users / 2, "most users should rate most in their first session");
    }

    [Fact]
    public void TastesDriftTowardTheSecondaryCluster()
    {
        // Lift of cluster c for item i: how over-represented i is among users whose primary cluster is c.
        int items = fx.Options.Items, clusters = fx.Options.Clusters;
        var all = new double[items];
        var byCluster = new double[clusters * items];
        var clusterTotal = new double[clusters];
        for (int r = 0; r < Log.Count; r++)
        {
            int c = Log.PrimaryCluster[Log.Users[r] - 1], i = Log.Items[r] - 1;
            all[i]++;
            byCluster[c * items + i]++;
            clusterTotal[c]++;
        }
        double LogLift(int c, int i) =>
            Math.Log((byCluster[c * items + i] + 0.5) / (clusterTotal[c] + 0.5 * items) / ((all[i] + 0.5) / (Log.Count + 0.5 * items)));

        double early = 0, late = 0;
        int users = 0;
        for (int u = 0; u < fx.Options.Users; u++)
        {
            var rows = fx.RowsByUser[u];
            if (rows.Count < 30) continue;
            var byTime = rows.OrderBy(r => Log.Timestamps[r]).ThenBy(r => r).ToArray();
            int third = byTime.Length / 3;
            int s = Log.SecondaryCluster[u];
            early += byTime.Take(third).Average(r => LogLift(s, Log.Items[r] - 1));
            late += byTime.Skip(byTime.Length - third).Average(r => LogLift(s, Log.Items[r] - 1));
            users++;
        }
        early /= users;
        late /= users;
        output.WriteLine($"mean log-lift of the secondary cluster over {users} users: first third {early:F4}, last third {late:F4}");
        Assert.True(late - early > 0.05, $"no drift toward the secondary cluster: {early:F4} → {late:F4}");
    }

    private static double LogLogSlope(long[] sortedDesc, int fromRank, int toRank)
    {
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int n = 0;
        for (int rank = fromRank; rank <= toRank; rank++)
        {
            long c = sortedDesc[rank - 1];
            Assert.True(c > 0, $"rank {rank} has no ratings");
            double x = Math.Log(rank), y = Math.Log(c);
            sx += x; sy += y; sxx += x * x; sxy += x * y; n++;
        }
        return (n * sxy - sx * sy) / (n * sxx - sx * sx);
    }
}
