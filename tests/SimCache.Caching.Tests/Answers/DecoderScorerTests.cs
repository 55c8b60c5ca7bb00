using SimCache.Caching.Answers;
using SimCache.Caching.Tests.Support;
using SimCache.Data.Arrow;
using Xunit;

namespace SimCache.Caching.Tests.Answers;

public class DecoderScorerTests
{
    [Fact]
    public void Top_n_equals_a_full_sort_of_double_scores_with_ties_to_the_lower_item()
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
    public void Equal_scores_rank_by_item_index()
    {
        float[] scores = [1, 3, 3, 2, 3, 0];
        var top = new int[4];
        Assert.Equal(4, TopSelect.Largest(scores, 4, top));
        Assert.Equal(new[] { 1, 2, 4, 3 }, top);
        Assert.Equal(2, TopSelect.Largest(scores.AsSpan(0, 2), 5, top));
        Assert.Equal(new[] { 1, 0 }, top[..2]);
    }
}
