using SimCache.Data.Arrow;
using SimCache.Data.Dataset;
using SimCache.Data.IO;
using SimCache.Training.Tests.Models;
using SimCache.Training.Tests.Training;
using SimCache.Training.Tracing;
using SimCache.Training.Training;
using Xunit;

namespace SimCache.Training.Tests.Tracing;

/// <summary>
/// The re-embedding trace checked against an independent reading of the data set: which prefixes each user gets,
/// the row order, each row's future items, its answer recomputed from decoder.arrow in double precision, and the
/// embedding of a once-embedded training user against embeddings.arrow.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class TraceBuilderTests
{
    [Theory]
    [InlineData(1, new[] { 1 })]
    [InlineData(49, new[] { 49 })]
    [InlineData(50, new[] { 40, 50 })]
    [InlineData(57, new[] { 45, 55 })]
    [InlineData(100, new[] { 80, 90, 100 })]
    [InlineData(0, new int[0])]
    public void PrefixesFollowTheSeedReport(int n, int[] expected) =>
        Assert.Equal(expected, TraceBuilder.Prefixes(n, new TraceOptions { MinRatings = 50, Every = 10 }).ToArray());

    [Fact]
    public void TraceRowsMatchAnIndependentReadingOfTheDataSet()
    {
        using var dir = new TempDir();
        var data = TinyDataset.Create(dir);
        var run = dir.File("run");
        RecommenderTrainer.Train(data, run, new TrainOptions { Epochs = 2, Hidden = 32, Latent = 8, Batch = 64, Threads = 1, Seed = 3 }, "cmd");
        var options = new TraceOptions { MinRatings = 20, Warmup = 0.5, Every = 7, Answers = 12, Future = 5, Batch = 100, Threads = 2 };
        var trace = dir.File("trace.arrow");
        var result = TraceBuilder.Build(run, data, trace, options, "cmd");

        // Independent history: every (user, item, time) of the five parts, per user sorted by (time, item).
        var manifest = DatasetManifest.Load(data);
        var history = new Dictionary<int, List<(long Time, int Item)>>();
        var trainUsers = new HashSet<int>();
        foreach (var part in new[] { "train", "validation_tr", "validation_te", "test_tr", "test_te" })
        {
            using var reader = InteractionFileReader.Open(Path.Combine(data, part + ".arrow"));
            foreach (var batch in reader.ReadBatches())
                for (int i = 0; i < batch.RowCount; i++)
                {
                    if (!history.TryGetValue(batch.Users[i], out var list)) history[batch.Users[i]] = list = [];
                    list.Add((batch.Timestamps[i], batch.Items[i]));
                    if (part == "train") trainUsers.Add(batch.Users[i]);
                }
        }
        foreach (var list in history.Values) list.Sort();

        var expectedRows = new List<(long Time, int User, int Seq, int Prefix)>();
        foreach (var (user, list) in history)
        {
            int n = list.Count;
            var prefixes = n < 20 ? [n] : Enumerable.Range(0, n).Select(k => n / 2 + 7 * k).TakeWhile(m => m <= n).ToArray();
            for (int s = 0; s < prefixes.Length; s++) expectedRows.Add((list[prefixes[s] - 1].Time, user, s, prefixes[s]));
        }
        expectedRows.Sort();
        Assert.Equal(expectedRows.Count, result.Rows);
        Assert.True(expectedRows.Count > history.Count, "some users must be embedded more than once");

        var decoder = DecoderFileReader.ReadAll(Path.Combine(run, "decoder.arrow"));
        var embeddings = ReadEmbeddings(Path.Combine(run, "embeddings.arrow"));
        int row = 0, checkedEmbeddings = 0;
        using (var reader = TraceFileReader.Open(trace, expectedDimension: 8))
        {
            Assert.True(reader.HasAnswer && reader.HasFuture && reader.HasUserIds);
            foreach (var batch in reader.ReadBatches())
                for (int i = 0; i < batch.RowCount; i++, row++)
                {
                    var (time, user, seq, prefix) = expectedRows[row];
                    Assert.Equal((time, user, seq), (batch.Timestamps[i], batch.Users[i], batch.Seqs[i]));
                    Assert.Equal(manifest.UserIds[user], batch.UserId(i));
                    var list = history[user];
                    Assert.Equal(list.Skip(prefix).Take(5).Select(p => p.Item), batch.Future(i).ToArray());

                    var z = batch.Vector(i).ToArray();
                    var own = list.Take(prefix).Select(p => p.Item).ToHashSet();
                    var scores = Enumerable.Range(0, decoder.Items).Where(j => !own.Contains(j))
                        .Select(j => (Score: decoder.Bias[j] + z.Select((v, k) => (double)v * decoder.Weights[j * 8 + k]).Sum(), Item: j))
                        .OrderByDescending(p => p.Score).ThenBy(p => p.Item).ToArray();
                    var answer = batch.Answer(i).ToArray();
                    Assert.Equal(Math.Min(12, scores.Length), answer.Length);
                    for (int k = 0; k < answer.Length; k++) // equal up to float rounding of near-ties
                        Assert.True(answer[k] == scores[k].Item || Math.Abs(scores.First(p => p.Item == answer[k]).Score - scores[k].Score) < 1e-4,
                            $"row {row}: answer[{k}] = {answer[k]}, expected {scores[k].Item}");

                    if (list.Count < 20 && trainUsers.Contains(user))
                    {
                        var e = embeddings[user];
                        for (int k = 0; k < 8; k++) Assert.Equal(e[k], z[k], 1e-5);
                        checkedEmbeddings++;
                    }
                }
        }
        Assert.Equal(expectedRows.Count, row);
        Assert.True(checkedEmbeddings > 10, $"only {checkedEmbeddings} once-embedded training users");
    }

    [Fact]
    public void TheTraceIsTheSameOnOneAndTwoThreadsAndASampleIsASubset()
    {
        using var dir = new TempDir();
        var data = TinyDataset.Create(dir);
        var run = dir.File("run");
        RecommenderTrainer.Train(data, run, new TrainOptions { Epochs = 1, Hidden = 32, Latent = 8, Batch = 64, Threads = 1, Seed = 3 }, "cmd");
        var one = dir.File("one.arrow");
        var two = dir.File("two.arrow");
        TraceBuilder.Build(run, data, one, new TraceOptions { MinRatings = 20, Threads = 1, Batch = 64 }, "cmd");
        TraceBuilder.Build(run, data, two, new TraceOptions { MinRatings = 20, Threads = 2, Batch = 64 }, "cmd");
        Assert.Equal(File.ReadAllBytes(one), File.ReadAllBytes(two));

        var sample = dir.File("sample.arrow");
        var result = TraceBuilder.Build(run, data, sample, new TraceOptions { MinRatings = 20, SampleUsers = 30, Seed = 9 }, "cmd");
        Assert.Equal(30, result.Users);
    }

    [Theory]
    [InlineData(TrainOptions.RecVae)]
    [InlineData(TrainOptions.MultVae)]
    public void BatchedTraceMatchesTheDenseModelOneRowAtATime(string modelName)
    {
        using var dir = new TempDir();
        var data = TinyDataset.Create(dir);
        var run = dir.File("run");
        RecommenderTrainer.Train(data, run, new TrainOptions { Model = modelName, Epochs = 2, Hidden = 32, Latent = 8, Batch = 64, Threads = 1, Seed = 3 }, "cmd");
        var trace = dir.File("trace.arrow");
        const int answers = 15;
        TraceBuilder.Build(run, data, trace, new TraceOptions { MinRatings = 12, Warmup = 0.4, Every = 3, Answers = answers, Future = 0, Batch = 50, Threads = 2 }, "cmd");

        // The reference: each row alone through the model's dense path (a 1 × items binary row), its scores ranked
        // by the evaluation's top-k.
        var manifest = DatasetManifest.Load(data);
        var histories = UserHistories.Load(data, manifest);
        int items = manifest.ItemIds.Count;
        using var model = TrainedRun.LoadModel(run, TrainedRun.LoadMetrics(run), items);
        int rows = 0, multiRowUsers = 0;
        double worst = 0;
        var seqs = new Dictionary<int, int>();
        using var reader = TraceFileReader.Open(trace, expectedDimension: 8);
        foreach (var batch in reader.ReadBatches())
            for (int i = 0; i < batch.RowCount; i++, rows++)
            {
                int user = batch.Users[i];
                int seq = batch.Seqs[i];
                seqs[user] = seq;
                int n = histories.Count(user);
                int prefix = n < 12 ? n : Math.Max(1, (int)Math.Floor(0.4 * n)) + 3 * seq;
                var dense = new float[items];
                foreach (int item in histories.Items(user)[..prefix]) dense[item] = 1f;
                float[] mu, scores;
                using (TorchSharp.torch.NewDisposeScope())
                {
                    var z = model.Encode(TorchSharp.torch.tensor(dense, [1, items]));
                    mu = z.data<float>().ToArray();
                    scores = model.Decode(z).data<float>().ToArray();
                }
                var vector = batch.Vector(i).ToArray();
                for (int k = 0; k < mu.Length; k++) worst = Math.Max(worst, Math.Abs(mu[k] - vector[k]) / Math.Max(1, Math.Abs(mu[k])));

                var exclude = histories.Items(user)[..prefix].ToArray();
                Array.Sort(exclude);
                var expected = new int[answers];
                int count = SimCache.Training.Evaluation.RankingMetrics.TopK(scores, exclude, answers, expected);
                var answer = batch.Answer(i).ToArray();
                Assert.Equal(count, answer.Length);
                for (int k = 0; k < count; k++) // the same items, but for swaps of near-ties
                    Assert.True(answer[k] == expected[k] || Math.Abs(scores[answer[k]] - scores[expected[k]]) < 1e-5,
                        $"row {rows}: answer[{k}] = {answer[k]} (score {scores[answer[k]]}), one at a time {expected[k]} (score {scores[expected[k]]})");
            }
        multiRowUsers = seqs.Values.Count(s => s >= 2);
        Assert.True(worst < 1e-5, $"largest relative embedding difference {worst:G3}");
        Assert.True(multiRowUsers > 20, $"only {multiRowUsers} users with three rows or more");
        Assert.True(rows > 1000, $"{rows} rows");
    }

    [Fact]
    public void BadRunsAndDataSetsAreRefusedByName()
    {
        using var dir = new TempDir();
        var data = TinyDataset.Create(dir);
        var pop = dir.File("pop");
        RecommenderTrainer.Train(data, pop, new TrainOptions { Model = TrainOptions.Popularity }, "cmd");
        Assert.Contains("popularity", Assert.Throws<UsageException>(() => TraceBuilder.Build(pop, data, dir.File("t.arrow"), new TraceOptions(), "cmd")).Message);
        Assert.Contains("not a run folder", Assert.Throws<DataFormatException>(() => TraceBuilder.Build(dir.File("none"), data, dir.File("t.arrow"), new TraceOptions(), "cmd")).Message);
        Assert.Contains("--warmup", Assert.Throws<UsageException>(() => TraceBuilder.Build(pop, data, dir.File("t.arrow"), new TraceOptions { Warmup = 0 }, "cmd")).Message);
        Assert.False(File.Exists(dir.File("t.arrow")));
    }

    private static Dictionary<int, float[]> ReadEmbeddings(string path)
    {
        using var reader = EmbeddingFileReader.Open(path);
        var map = new Dictionary<int, float[]>();
        foreach (var batch in reader.ReadBatches())
            for (int i = 0; i < batch.RowCount; i++) map[batch.Users[i]] = batch.Vector(i).ToArray();
        return map;
    }
}
