using SimCache.Caching.Answers;
using SimCache.Caching.Tests.Support;
using SimCache.Data.Arrow;
using Xunit;

namespace SimCache.Caching.Tests.Answers;

public class DecoderScorerTests
{
    [Fact]
    public void TopNEqualsAFullSortOfDoubleScoresWithTiesToTheLowerItem()
    {
        var dec = DecoderFileReader.ReadAll(RepoFiles.GoldenDecoder);
        var scorer = new DecoderScorer(dec);
        var points = Synth.Gaussian(20, dec.Dimension, 2);
        var batch = new int[20 * 10];
        scorer.TopNBatch(points, 20, 10, batch);
        var one = new int[10];
        for (int p = 0; p < 20; p++)
        {
            var z = points.AsSpan(p * dec.Dimension, dec.Dimension).ToArray();
            var naive = Enumerable.Range(0, dec.Items)
                .Select(i => (i, s: Enumerable.Range(0, dec.Dimension).Sum(j => (double)z[j] * dec.Weights[i * dec.Dimension + j]) + dec.Bias[i]))
                .OrderByDescending(x => x.s).ThenBy(x => x.i).Take(10).Select(x => x.i).ToArray();
            Assert.Equal(10, scorer.TopN(z, 10, one));
            Assert.Equal(naive, one);
            Assert.Equal(naive, batch.AsSpan(p * 10, 10).ToArray());
        }
    }

    [Fact]
    public void AnInputLayerScoresAsANaiveDoublePrecisionMlp()
    {
        using var dir = new TempDir();
        const int latent = 7, width = 24, items = 300, points = 40, n = 10;
        var dec = MlpDecoders.Write(dir, "mlp.arrow", items, width, latent, seed: 5);
        var scorer = new DecoderScorer(dec);
        Assert.True(scorer.HasInputLayer);
        Assert.Equal(latent, scorer.Dimension);
        Assert.Equal(width, scorer.QueryDimension);
        var zs = Synth.Gaussian(points, latent, 9);
        var scores = new float[items];
        var query = new float[width];
        var one = new int[n];
        var batch = new int[points * n];
        scorer.TopNBatch(zs, points, n, batch);
        for (int p = 0; p < points; p++)
        {
            var z = zs.AsSpan(p * latent, latent).ToArray();
            var naive = MlpDecoders.NaiveScores(dec, z);
            scorer.Scores(z, scores);
            for (int i = 0; i < items; i++) Assert.Equal(naive[i], scores[i], 1e-4 * (1 + Math.Abs(naive[i])));
            // The item-space query is the hidden vector, and scoring it is the same as scoring the point.
            var h = scorer.Query(z, query);
            for (int j = 0; j < width; j++)
            {
                double pre = dec.InputLayer!.Bias[j] + Enumerable.Range(0, latent).Sum(k => (double)dec.InputLayer.Weights[j * latent + k] * z[k]);
                Assert.Equal(Math.Tanh(pre), h[j], 1e-5);
            }
            Assert.Equal(scores[17], scorer.QueryScore(h, 17));
            var top = MlpDecoders.NaiveTop(dec, z, n);
            Assert.Equal(n, scorer.TopN(z, n, one));
            Assert.Equal(top, one);
            Assert.Equal(top, batch.AsSpan(p * n, n).ToArray());
        }
        // A wrong-size point is the latent size's error, not a silent score of the hidden space.
        Assert.Throws<ArgumentException>(() => scorer.Scores(new float[width], scores));
    }

    [Fact]
    public void EqualScoresRankByItemIndex()
    {
        float[] scores = [1, 3, 3, 2, 3, 0];
        var top = new int[4];
        Assert.Equal(4, TopSelect.Largest(scores, 4, top));
        Assert.Equal(new[] { 1, 2, 4, 3 }, top);
        Assert.Equal(2, TopSelect.Largest(scores.AsSpan(0, 2), 5, top));
        Assert.Equal(new[] { 1, 0 }, top[..2]);
    }
}
