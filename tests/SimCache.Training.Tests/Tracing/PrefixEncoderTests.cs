using SimCache.Data.Dataset;
using SimCache.Training.Evaluation;
using SimCache.Training.Models;
using SimCache.Training.Tests.Models;
using SimCache.Training.Tests.Training;
using SimCache.Training.Tracing;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SimCache.Training.Tests.Tracing;

/// <summary>
/// The trace's sparse first layer: a hand-computed case, agreement with the models' dense encoder within float
/// tolerance, and running per-user sums equal bit for bit to sums from zero; the grouped, tiled encoding and ranking
/// against the model's own encode and decode of each dense row and a full sort of its scores.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class PrefixEncoderTests
{
    public static TheoryData<string> Models => ["RecVae", "MultVae"];

    private static IRecommenderModel Create(string name, long items) =>
        name == "RecVae" ? new RecVae(items, 40, 8) : new MultVae(items, 40, 8);

    [Fact]
    public void FirstLayerIsTheBiasPlusTheItemsColumnsOverTheRootOfTheirCount()
    {
        manual_seed(5);
        using var model = new RecVae(5, 3, 2);
        var (weight, bias) = model.EncoderInputLayer;
        float[] w = [0.5f, -1f, 2f, 0.25f, 4f, /**/ 1f, 1f, 1f, 1f, 1f, /**/ -3f, 0f, 0.125f, 8f, -2f]; // hidden × items
        float[] b = [0.1f, -0.2f, 0.3f];
        using (no_grad())
        {
            weight.copy_(tensor(w, [3, 5]));
            bias.copy_(tensor(b, [3]));
        }
        using var encoder = new PrefixEncoder(model);
        var output = new float[3];
        encoder.InputLayer([3, 1], output);
        // items 1 and 3, each 1/√2 after the row's L2 normalisation
        double s = 1 / Math.Sqrt(2);
        Assert.Equal(0.1 + (-1 + 0.25) * s, output[0], 1e-6);
        Assert.Equal(-0.2 + (1 + 1) * s, output[1], 1e-6);
        Assert.Equal(0.3 + (0 + 8) * s, output[2], 1e-6);
        encoder.InputLayer([], output);
        Assert.Equal(b, output);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void SparseFirstLayerEncodesAsTheDenseEncoder(string name)
    {
        const int items = 300, users = 25;
        manual_seed(7);
        using var model = Create(name, items);
        model.SetTraining(false);
        using var encoder = new PrefixEncoder(model);
        var random = new Random(3);
        var dense = new float[users * items];
        var first = new float[users * encoder.Hidden];
        for (int u = 0; u < users; u++)
        {
            var row = Enumerable.Range(0, items).Where(_ => random.NextDouble() < 0.05 + u * 0.01).ToArray();
            foreach (int i in row) dense[u * items + i] = 1f;
            encoder.InputLayer(row, first.AsSpan(u * encoder.Hidden, encoder.Hidden));
        }
        using var scope = NewDisposeScope();
        var expected = model.Encode(tensor(dense, [users, items])).data<float>().ToArray();
        var actual = model.EncodeFromInputLayer(tensor(first, [users, encoder.Hidden])).data<float>().ToArray();
        Assert.Equal(expected.Length, actual.Length);
        double worst = expected.Zip(actual, (e, a) => Math.Abs(e - a) / Math.Max(1, Math.Abs(e))).Max();
        Assert.True(worst < 1e-5, $"largest relative difference {worst:G3}");
        Assert.True(expected.Select(Math.Abs).Max() > 0.01, "the embeddings are not trivially zero");
    }

    [Fact]
    public void RunningSumsEqualSumsFromZeroBitForBit()
    {
        using var dir = new TempDir();
        var data = TinyDataset.Create(dir);
        var manifest = DatasetManifest.Load(data);
        var histories = UserHistories.Load(data, manifest);
        manual_seed(2);
        using var model = new RecVae(manifest.ItemIds.Count, 40, 8);
        using var encoder = new PrefixEncoder(model);
        var users = Enumerable.Range(0, histories.Users).Where(u => histories.Count(u) > 0).ToArray();
        var rows = TraceBuilder.Plan(histories, users, new TraceOptions { MinRatings = 10, Warmup = 0.3, Every = 3 });
        Assert.True(rows.Length > 2 * users.Length, "users must be embedded several times");

        var sums = new PrefixSums(encoder, histories, rows);
        int h = encoder.Hidden;
        var filled = new float[rows.Length * h];
        for (int start = 0; start < rows.Length; start += 37) // batches that cut users' rows apart
        {
            int count = Math.Min(37, rows.Length - start);
            sums.Fill(rows.AsSpan(start, count), filled.AsSpan(start * h, count * h));
        }
        var fromZero = new float[h];
        for (int r = 0; r < rows.Length; r++)
        {
            encoder.InputLayer(histories.Items(rows[r].User)[..rows[r].Prefix], fromZero);
            Assert.Equal(fromZero, filled.AsSpan(r * h, h).ToArray());
        }
        Assert.Equal(0, sums.Kept); // every kept sum is released after its user's last row
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void GroupedTiledEncodingMatchesTheDenseModelAndAFullSort(string name)
    {
        using var dir = new TempDir();
        var data = TinyDataset.Create(dir);
        var manifest = DatasetManifest.Load(data);
        var histories = UserHistories.Load(data, manifest);
        int items = manifest.ItemIds.Count;
        manual_seed(4);
        using var model = Create(name, items);
        model.SetTraining(false);
        const int answers = 9, batch = 50;
        using var encoder = new PrefixEncoder(model, scoreRows: 7, tileItems: 40); // groups and tiles with ragged ends
        Assert.True(items > 2 * encoder.TileItems && items % encoder.TileItems != 0, $"{items} items: several tiles, the last one shorter");
        var users = Enumerable.Range(0, histories.Users).Where(u => histories.Count(u) > 0).ToArray();
        var rows = TraceBuilder.Plan(histories, users, new TraceOptions { MinRatings = 10, Warmup = 0.3, Every = 3 });
        var sums = new PrefixSums(encoder, histories, rows);
        using var work = new EncodingBuffers(batch, encoder, answers);
        int h = encoder.Hidden, d = encoder.Latent, checkedAnswers = 0;
        double worst = 0;
        for (int start = 0; start < rows.Length; start += batch)
        {
            int count = Math.Min(batch, rows.Length - start);
            sums.Fill(rows.AsSpan(start, count), work.FirstLayer[..(count * h)]);
            encoder.Encode(histories, rows.AsSpan(start, count), answers, work);
            for (int r = 0; r < count; r++)
            {
                var prefix = histories.Items(rows[start + r].User)[..rows[start + r].Prefix].ToArray();
                var dense = new float[items];
                foreach (int item in prefix) dense[item] = 1f;
                float[] mu, scores;
                using (NewDisposeScope())
                {
                    var z = model.Encode(tensor(dense, [1, items]));
                    mu = z.data<float>().ToArray();
                    scores = model.Decode(z).data<float>().ToArray();
                }
                for (int j = 0; j < d; j++) worst = Math.Max(worst, Math.Abs(mu[j] - work.Embeddings[r * d + j]) / Math.Max(1, Math.Abs(mu[j])));
                Array.Sort(prefix);
                var expected = new int[answers];
                int n = RankingMetrics.TopK(scores, prefix, answers, expected);
                Assert.Equal(n, work.AnswerCounts[r]);
                var answer = work.Answers.AsSpan(r * answers, n).ToArray();
                Assert.Empty(answer.Intersect(prefix));
                for (int k = 0; k < n; k++, checkedAnswers++) // the same items, but for swaps of near-ties
                    Assert.True(answer[k] == expected[k] || Math.Abs(scores[answer[k]] - scores[expected[k]]) < 1e-5,
                        $"row {start + r}: answer[{k}] = {answer[k]} (score {scores[answer[k]]}), dense {expected[k]} (score {scores[expected[k]]})");
            }
        }
        Assert.True(worst < 1e-5, $"largest relative embedding difference {worst:G3}");
        Assert.True(checkedAnswers > 1000 * answers / 2, $"{checkedAnswers} answer items checked");
    }
}
