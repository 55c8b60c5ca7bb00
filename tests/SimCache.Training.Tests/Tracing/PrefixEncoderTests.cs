using SimCache.Data.Dataset;
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
/// tolerance, and running per-user sums equal bit for bit to sums from zero.
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
        var encoder = new PrefixEncoder(model);
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
        var encoder = new PrefixEncoder(model);
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
        var encoder = new PrefixEncoder(model);
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
}
