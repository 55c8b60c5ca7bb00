using SimCache.Training.Data;
using SimCache.Training.Models;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SimCache.Training.Tests.Models;

/// <summary>
/// The sparse input path computes what the dense batch × items path computes: the first layer's output and its
/// weight and bias gradients on random sparse rows, and whole RecVAE / Mult-VAE forward and backward passes with the
/// same dropout draws. The dense side multiplies the densified input by the full weight, an independent computation.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class SparseInputTests
{
    private const int Items = 300;

    /// <summary>Random rows, some empty, some long, items drawn without repeats from all but the last 50 (never used).</summary>
    private static SparseRows RandomRows(int users, int seed)
    {
        var random = new Random(seed);
        var rowIds = new List<int>();
        var items = new List<int>();
        for (int u = 0; u < users; u++)
        {
            int count = u % 7 == 3 ? 0 : random.Next(1, u % 5 == 0 ? 120 : 15);
            foreach (int i in Enumerable.Range(0, Items - 50).OrderBy(_ => random.Next()).Take(count))
            {
                rowIds.Add(u);
                items.Add(i);
            }
        }
        return SparseRows.FromPairs(users, Items, rowIds.ToArray(), items.ToArray());
    }

    private static void AssertClose(Tensor expected, Tensor actual, double tolerance)
    {
        Assert.Equal(expected.shape, actual.shape);
        double scale = Math.Max(1.0, expected.abs().max().item<float>());
        double diff = (expected - actual).abs().max().item<float>();
        Assert.True(diff <= tolerance * scale, $"max |difference| {diff} exceeds {tolerance} × {scale}");
    }

    [Fact]
    public void SparseInputLayerEqualsTheDenseLayerInOutputAndGradients()
    {
        set_num_threads(1);
        manual_seed(3);
        var rows = RandomRows(40, seed: 1);
        int[] users = [.. Enumerable.Range(0, 40).Reverse()];
        using var sparse = SparseBatch.From(rows, users);
        using var dense = SparseBatch.From(rows, users, densePath: true);
        using var layer = new ItemMajorLinear(Items, 24);
        using var values = rand(sparse.NonZeros);
        using var upstream = randn(40, 24); // an arbitrary gradient arriving at the layer's output

        var outSparse = SparseInputLayer.Forward(layer, sparse, values);
        (outSparse * upstream).sum().backward();
        var weightGradSparse = layer.Weight.grad!.clone();
        var biasGradSparse = layer.Bias.grad!.clone();
        layer.Weight.grad!.zero_();
        layer.Bias.grad!.zero_();

        var outDense = SparseInputLayer.Forward(layer, dense, values);
        (outDense * upstream).sum().backward();

        // Independent check of the dense side: x · W + b from a hand-built dense matrix (W items × hidden).
        var x = zeros(40, Items);
        var rowOf = sparse.RowOf.data<long>().ToArray();
        var itemOf = sparse.Items.data<long>().ToArray();
        var v = values.data<float>().ToArray();
        for (int k = 0; k < v.Length; k++) x[rowOf[k], itemOf[k]] = v[k];
        using (no_grad())
        {
            AssertClose(x.mm(layer.Weight) + layer.Bias, outDense.detach(), 1e-5);
            AssertClose(x.t().mm(upstream), layer.Weight.grad!, 1e-5); // dL/dW = xᵀ·G, item-major like W
        }
        AssertClose(outDense.detach(), outSparse.detach(), 1e-5);
        AssertClose(layer.Weight.grad!, weightGradSparse, 1e-5);
        AssertClose(layer.Bias.grad!, biasGradSparse, 1e-5);
        // Items no user has get a zero gradient row (the dense Adam still decays their moments).
        var unused = Enumerable.Range(0, Items).Except(itemOf.Select(i => (int)i)).ToArray();
        Assert.NotEmpty(unused);
        using var unusedIndex = tensor(unused.Select(i => (long)i).ToArray());
        Assert.Equal(0f, weightGradSparse.index_select(0, unusedIndex).abs().max().item<float>());
    }

    [Fact]
    public void InputValuesAreTheNormalisedRowsWithDropoutPerNonZero()
    {
        manual_seed(4);
        var rows = RandomRows(30, seed: 2);
        int[] users = [.. Enumerable.Range(0, 30)];
        using var batch = SparseBatch.From(rows, users);
        using var plain = batch.InputValues(0.5, training: false);
        var rowOf = batch.RowOf.data<long>().ToArray();
        var p = plain.data<float>().ToArray();
        for (int k = 0; k < p.Length; k++)
            Assert.Equal(1.0 / Math.Sqrt(rows.Count((int)rowOf[k])), p[k], 6);
        using var dropped = batch.InputValues(0.5, training: true);
        var d = dropped.data<float>().ToArray();
        int kept = 0;
        for (int k = 0; k < d.Length; k++)
        {
            if (d[k] != 0) { kept++; Assert.Equal(2 * p[k], d[k], 5); } // inverted dropout: kept entries × 1/(1−p)
        }
        Assert.InRange(kept, d.Length * 0.4, d.Length * 0.6);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RecVaeAndMultVaeComputeTheSameLossAndGradientsOnBothPaths(bool recVae)
    {
        set_num_threads(1);
        var rows = RandomRows(50, seed: 3);
        int[] users = [.. Enumerable.Range(0, 50).Where(u => rows.Count(u) > 0)];
        manual_seed(11);
        using IRecommenderModel model = recVae ? new RecVae(Items, 64, 16) : new MultVae(Items, 64, 16);
        var module = (nn.Module)model;
        if (model is RecVae r)
        {
            using (no_grad()) foreach (var q in r.Encoder.parameters()) q.add_(randn_like(q) * 0.05, ScalarOps1); // make the prior differ from the encoder
            r.UpdatePrior();
            using (no_grad()) foreach (var q in r.Encoder.parameters()) q.add_(randn_like(q) * 0.05, ScalarOps1);
        }
        model.SetTraining(true);
        var weighting = recVae ? KlWeighting.Gamma(0.005) : KlWeighting.Beta(0.2);

        (float Loss, Dictionary<string, Tensor> Grads, Tensor Mu, Tensor Logits) Run(bool dense)
        {
            foreach (var q in module.parameters()) q.grad?.zero_();
            using var batch = SparseBatch.From(rows, users, dense);
            manual_seed(99); // the same dropout and reparameterisation draws on both paths
            using var output = model.Forward(batch, 0.5, weighting);
            output.Loss!.Total.backward();
            var grads = module.named_parameters().Where(q => q.parameter.grad is not null)
                .ToDictionary(q => q.name, q => q.parameter.grad!.clone());
            return (output.Loss.Total.item<float>(), grads, output.Mu.detach().clone(), output.Logits.detach().clone());
        }

        var sparse = Run(dense: false);
        var dense = Run(dense: true);
        Assert.Equal(dense.Loss, sparse.Loss, 1e-5 * Math.Abs(dense.Loss));
        AssertClose(dense.Mu, sparse.Mu, 1e-5);
        AssertClose(dense.Logits, sparse.Logits, 1e-5);
        Assert.Equal(dense.Grads.Keys.Order(), sparse.Grads.Keys.Order());
        Assert.Contains(recVae ? "encoder.fc1.weight" : "q1.weight", sparse.Grads.Keys);
        foreach (var (name, grad) in dense.Grads) AssertClose(grad, sparse.Grads[name], 1e-4);
    }

    [Fact]
    public void ThePriorsCachedOldPosteriorFollowsEveryUpdateAndLoad()
    {
        set_num_threads(1);
        manual_seed(21);
        var rows = RandomRows(60, seed: 4);
        int[] users = [.. Enumerable.Range(0, 60).Where(u => rows.Count(u) > 0).Reverse()];
        using var model = new RecVae(Items, 48, 12);
        using var z = randn(users.Length, 12);

        // Reference: the old encoder run on the batch itself (a batch without a source matrix is never cached).
        Tensor Direct()
        {
            using var batch = SparseBatch.From(rows, users, densePath: true);
            return model.Prior.Forward(batch, z);
        }
        Tensor Cached()
        {
            using var batch = SparseBatch.From(rows, users);
            Assert.NotNull(batch.Source);
            return model.Prior.Forward(batch, z);
        }

        AssertClose(Direct(), Cached(), 1e-5);
        var before = Cached();
        using (no_grad()) foreach (var q in model.Encoder.parameters()) q.add_(randn_like(q) * 0.1, ScalarOps1);
        AssertClose(before, Cached(), 0); // the snapshot has not changed: the cache holds
        model.UpdatePrior();
        var updated = Cached();
        AssertClose(Direct(), updated, 1e-5);
        Assert.True((updated - before).abs().max().item<float>() > 1e-3, "the update changed the prior");

        using var saved = new MemoryStream();
        using (var other = new RecVae(Items, 48, 12)) other.save(new BinaryWriter(saved));
        saved.Position = 0;
        model.load(new BinaryReader(saved));
        AssertClose(Direct(), Cached(), 1e-5); // loading weights drops the cache
        Assert.True((Cached() - updated).abs().max().item<float>() > 1e-3);
    }

    private static readonly Scalar ScalarOps1 = 1.0.ToScalar();
}
