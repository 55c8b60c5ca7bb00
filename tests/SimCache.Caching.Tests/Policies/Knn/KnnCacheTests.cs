using SimCache.Caching.Core;
using SimCache.Caching.Policies;
using SimCache.Caching.Tests.Support;
using SimCache.Data.Arrow;
using SimCache.Data.IO;
using Xunit;

namespace SimCache.Caching.Tests.Policies.Knn;

public class KnnCacheTests
{
    /// <summary>A one-dimensional decoder: item i scores z·w_i (no bias).</summary>
    private static DecoderWeights Decoder(TempDir dir, params float[] weights)
    {
        string path = dir.File("decoder.arrow");
        using (var w = new DecoderFileWriter(path, 1, Provenance.For("test", null)))
        {
            for (int i = 0; i < weights.Length; i++) w.Append(i, "i" + i, [weights[i]], 0);
            w.Complete();
        }
        return DecoderFileReader.ReadAll(path);
    }

    [Fact]
    public void OneRequestByHandAnswerCostGradientAndAscent()
    {
        using var dir = new TempDir();
        var dec = Decoder(dir, 3, 2, 1, 0); // scores for z = 1: 3, 2, 1, 0; range 3
        // A seed whose rounding offset u < 0.5 caches items 0 and 2 (y = 0.5 each, points u and u + 1).
        int seed = Enumerable.Range(0, 100).First(s => new Random(s).NextDouble() < 0.5);
        using var cache = CacheFactory.Create("knn-cache(capacity=2, k=2, cf=0.5, eta=1)",
            new CacheContext { Dimension = 1, Decoder = dec, Seed = seed });
        var p = (KnnCachePolicy)cache.Policy;
        Assert.Equal(new[] { true, false, true, false }, Enumerable.Range(0, 4).Select(p.IsCached));
        var o = cache.Process(new CacheRequest(0, 0, [1f]));
        // Candidates 0, 1 (catalogue) and 0, 2 (cache), dissimilarities 0, 1/3, 2/3. Effective costs: 0 (cached),
        // 1/3 + 0.5 (fetched), 2/3 (cached): the answer is {0, 2} from the cache, D = (0 + 2/3) − (0 + 1/3).
        Assert.Equal(OutcomeKind.ApproximateHit, o.Kind);
        Assert.Equal(1 / 3.0, o.Distance, 6);
        Assert.Equal(1 / 3.0, o.Cost, 6);
        Assert.Equal(0, o.Fetches);
        Assert.Equal(new[] { 0, 2 }, cache.ServedAnswer(o).ToArray());
        // Copies by cost: L0 0, L1 1/3, S0 1/2, L2 2/3, ...; capacities y = 1/2 (local), 1/2 (server). Gradient:
        // g0 = 1/3 + 1/6 (open until S0), g1 = 1/6 + 1/6 (open from L1 until the answer is full at L2), g2 = 0.
        // z = y ⊙ (e^0.5, e^(1/3), 1, 1); projection: c = 2 / Σz, nothing reaches 1.
        double[] z = [0.5 * Math.Exp(0.5), 0.5 * Math.Exp(1 / 3.0), 0.5, 0.5];
        double c = 2 / z.Sum();
        for (int i = 0; i < 4; i++) Assert.Equal(c * z[i], p.Fraction(i), 9);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void FetchingEverythingIsAMissThatCostsTheRetrievalCost()
    {
        using var dir = new TempDir();
        var dec = Decoder(dir, 3, 2, 1, 0);
        // Offset ≥ 0.5 caches items 1 and 3; a request with z = −1 ranks 3, 2, 1, 0 and wants two items.
        int seed = Enumerable.Range(0, 100).First(s => new Random(s).NextDouble() >= 0.5);
        using var cache = CacheFactory.Create("knn-cache(capacity=2, k=2, cf=0.01, cost=power(alpha=1, cr=1))",
            new CacheContext { Dimension = 1, Decoder = dec, Seed = seed });
        var o = cache.Process(new CacheRequest(0, 0, [1f]));   // best items 0, 1; item 1 cached, 0 fetched
        Assert.Equal(OutcomeKind.Miss, o.Kind);
        Assert.Equal(1, o.Fetches);
        Assert.Equal(0, o.Distance);          // served the exact top 2
        Assert.Equal(0.01, o.Cost, 9);
        Assert.Equal(new[] { 0, 1 }, cache.ServedAnswer(o).ToArray());
    }

    [Fact]
    public void RoundingCachesExactlyCapacityItemsEachWithProbabilityY()
    {
        var dec = DecoderFileReader.ReadAll(RepoFiles.GoldenDecoder);
        const int h = 29, seeds = 300;
        var freq = new int[dec.Items];
        for (int s = 0; s < seeds; s++)
        {
            using var cache = CacheFactory.Create($"knn-cache(capacity={h})", new CacheContext { Dimension = dec.Dimension, Decoder = dec, Seed = s });
            var p = (KnnCachePolicy)cache.Policy;
            Assert.Equal(h, cache.Count);
            for (int i = 0; i < dec.Items; i++) if (p.IsCached(i)) freq[i]++;
        }
        double y = (double)h / dec.Items, sd = Math.Sqrt(seeds * y * (1 - y));
        for (int i = 0; i < dec.Items; i++) Assert.InRange(freq[i], seeds * y - 5 * sd, seeds * y + 5 * sd);
    }

    [Fact]
    public void ApproximateIndexesWithALargeEfAnswerLikeExactScoringAndRecallIsMeasured()
    {
        var t = TraceData.Load(RepoFiles.GoldenTrace);
        var dec = DecoderFileReader.ReadAll(RepoFiles.GoldenDecoder);
        string Run(string index, out SimilarityCache keep)
        {
            var cache = Replay.Create($"knn-cache(capacity=60, cf=0.01, index={index})", t, seed: 2, answers: 10, decoder: dec);
            var sb = new System.Text.StringBuilder();
            for (int r = 0; r < 400; r++)
            {
                var o = cache.Process(new CacheRequest(t.Users[r], t.Times[r], t.Vector(r)));
                sb.Append((int)o.Kind).Append(':').Append(string.Join(',', cache.ServedAnswer(o).ToArray())).Append(';');
            }
            keep = cache;
            return sb.ToString();
        }
        string exact = Run("exact", out var e);
        string hnsw = Run("hnsw(ef=400, candidates=64, recall=1)", out var h);
        using (e)
        using (h)
        {
            Assert.Equal(exact, hnsw);
            var rec = h.Recall!.Value;
            Assert.Equal(400, rec.Samples);
            Assert.Equal(1.0, rec.RecallAtK);
        }
    }

    [Fact]
    public void BlockedLookupsDecideExactlyLikeOneByOneLookups()
    {
        var t = TraceData.Load(RepoFiles.GoldenTrace);
        var dec = DecoderFileReader.ReadAll(RepoFiles.GoldenDecoder);
        Assert.Contains(dec.Bias, b => b != 0); // the block scores must add the bias like one-by-one scoring
        string Run(int block)
        {
            using var cache = Replay.Create("knn-cache(capacity=60, cf=0.01)", t, seed: 3, answers: 10, decoder: dec);
            var p = (KnnCachePolicy)cache.Policy;
            var sb = new System.Text.StringBuilder();
            int d = t.Dimension;
            for (int start = 0; start < t.Count; start += block > 0 ? block : t.Count)
            {
                int rows = block > 0 ? Math.Min(block, t.Count - start) : t.Count - start;
                if (block > 0) cache.BeginBlock(t.Vectors.AsSpan(start * d, rows * d), rows);
                for (int r = start; r < start + rows; r++)
                {
                    var o = cache.Process(new CacheRequest(t.Users[r], t.Times[r], t.Vector(r), t.Answers[r], block > 0 ? r - start : -1));
                    sb.Append((int)o.Kind).Append(':').Append(o.Cost.ToString("R")).Append(':')
                        .Append(string.Join(',', cache.ServedAnswer(o).ToArray())).Append(';');
                }
                if (block > 0) cache.EndBlock();
            }
            for (int i = 0; i < dec.Items; i++) sb.Append(p.Fraction(i).ToString("R")).Append(',');
            return sb.ToString();
        }
        string one = Run(0);
        Assert.Equal(one, Run(37));
        Assert.Equal(one, Run(256));
        Assert.Equal(one, Run(1));
    }

    /// <summary>
    /// With an input layer every search, score and probe of the k-NN cache must use the request's hidden vector:
    /// the cache over latent requests decides exactly as the same cache over a decoder of the same rows without the
    /// layer, fed the hidden vectors themselves (whose policy is pinned by the oracle and golden tests).
    /// </summary>
    [Theory]
    [InlineData("exact", 0)]
    [InlineData("exact", 32)]
    [InlineData("hnsw(ef=64, candidates=32, recall=0.25)", 0)]
    public void WithAnInputLayerEveryLookupUsesTheHiddenVector(string index, int block)
    {
        using var dir = new TempDir();
        const int latent = 6, width = 20, items = 400, requests = 600;
        var layered = MlpDecoders.Write(dir, "mlp.arrow", items, width, latent, seed: 3);
        var rows = MlpDecoders.Write(dir, "rows.arrow", items, width, latent, seed: 3, withLayer: false);
        Assert.Equal(layered.Weights, rows.Weights);
        // Requests from a few clusters, so that the cache has something to hit.
        var zs = Synth.Clustered(requests, latent, 5, seed: 8);
        var mapper = new SimCache.Caching.Answers.DecoderScorer(layered);
        var hs = new float[requests * width];
        for (int r = 0; r < requests; r++) mapper.Query(zs.AsSpan(r * latent, latent), hs.AsSpan(r * width, width));

        string Run(DecoderWeights dec, float[] vectors, int d, out int hits)
        {
            using var cache = CacheFactory.Create($"knn-cache(capacity=40, k=5, cf=0.1, eta=10, index={index})",
                new CacheContext { Dimension = d, Decoder = dec, Seed = 1 });
            var p = (KnnCachePolicy)cache.Policy;
            var sb = new System.Text.StringBuilder();
            hits = 0;
            int step = block > 0 ? block : requests;
            for (int start = 0; start < requests; start += step)
            {
                int count = Math.Min(step, requests - start);
                if (block > 0) cache.BeginBlock(vectors.AsSpan(start * d, count * d), count);
                for (int r = start; r < start + count; r++)
                {
                    var o = cache.Process(new CacheRequest(r, r, vectors.AsSpan(r * d, d).ToArray(), default, block > 0 ? r - start : -1));
                    if (o.IsHit) hits++;
                    sb.Append((int)o.Kind).Append(':').Append(o.Cost.ToString("R")).Append(':')
                        .Append(string.Join(',', cache.ServedAnswer(o).ToArray())).Append(';');
                }
                if (block > 0) cache.EndBlock();
            }
            for (int i = 0; i < items; i++) sb.Append(p.Fraction(i).ToString("R")).Append(',');
            if (cache.Recall is { } rec) sb.Append(rec.Samples).Append(':').Append(rec.RecallAtK.ToString("R"));
            return sb.ToString();
        }
        var throughLayer = Run(layered, zs, latent, out int hits);
        var onHidden = Run(rows, hs, width, out int hiddenHits);
        Assert.Equal(onHidden, throughLayer);
        Assert.Equal(hiddenHits, hits);
        Assert.True(hits is > 0 and < requests, $"{hits} hits"); // neither nothing nor everything: the comparison decides something
    }
}
