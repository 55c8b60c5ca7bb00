using System.Globalization;
using SimCache.Training.Data;
using SimCache.Training.Evaluation;
using SimCache.Training.Tests.Data;
using Xunit;
using Xunit.Abstractions;

namespace SimCache.Training.Tests.Evaluation;

[Collection(MlLatestSmallCollection.Name)]
public sealed class PopularityModelTests(MlLatestSmallDataset dataset, ITestOutputHelper output)
{
    [Fact]
    public void ScoresAreTrainingUserCounts()
    {
        // Users 0 and 1 have item 2; user 1 also item 0 (twice, counted once); item 1 nobody.
        var train = SparseRows.FromPairs(2, 3, [0, 1, 1, 1], [2, 2, 0, 0]);
        var m = new PopularityModel(train);
        Assert.Equal([1f, 0f, 2f], m.Scores.ToArray());
        Assert.Equal([1f, 0f, 2f, 1f, 0f, 2f], m.ScoreBatch([0, 1]));
    }

    [Fact]
    public void MostPopularOnMlLatestSmallTestUsersAgreesWithANaiveEvaluation()
    {
        var train = SparseRows.Load(dataset.Folder, "train");
        var foldIn = SparseRows.Load(dataset.Folder, "test_tr");
        var test = SparseRows.Load(dataset.Folder, "test_te");
        var model = new PopularityModel(train);

        var r = model.Evaluate(foldIn, test);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"popularity, ml-latest-small test users: NDCG@100 {r.Ndcg(100):F6} Recall@20 {r.Recall(20):F6} Recall@50 {r.Recall(50):F6} over {r.Users} users"));

        // 100 test users, one of them with an empty held-out part (see SparseRowsTests): 99 evaluated, 1 skipped.
        Assert.Equal(99, r.Users);
        Assert.Equal(1, r.SkippedUsers);
        Assert.Equal(dataset.Manifest.Counts.TestUsers, r.Users + r.SkippedUsers);
        Assert.InRange(r.Ndcg(100), 0.05, 0.6);
        Assert.InRange(r.Recall(20), 0.02, 0.6);
        Assert.InRange(r.Recall(50), r.Recall(20), 0.8); // a longer list can only find more

        // Second, independent implementation: full LINQ sort (count desc, then item index asc), fold-in dropped,
        // DCG and IDCG straight from the formula; users in index order.
        var counts = train.ColumnCounts();
        double ndcgSum = 0, recallSum = 0;
        int users = 0;
        for (int u = 0; u < test.Rows; u++)
        {
            var held = test.Items(u).ToArray().ToHashSet();
            if (held.Count == 0) continue;
            var fold = foldIn.Items(u).ToArray().ToHashSet();
            var ranking = Enumerable.Range(0, train.Columns).Where(i => !fold.Contains(i))
                .OrderByDescending(i => counts[i]).ThenBy(i => i).ToList();
            double dcg = ranking.Take(100).Select((item, n) => held.Contains(item) ? 1 / Math.Log2(n + 2) : 0).Sum();
            double idcg = Enumerable.Range(0, Math.Min(100, held.Count)).Sum(n => 1 / Math.Log2(n + 2));
            ndcgSum += dcg / idcg;
            recallSum += (double)ranking.Take(20).Count(held.Contains) / Math.Min(20, held.Count);
            users++;
        }
        Assert.Equal(r.Users, users);
        Assert.Equal(ndcgSum / users, r.Ndcg(100), 1e-12);
        Assert.Equal(recallSum / users, r.Recall(20), 1e-12);
    }
}
