using SimCache.Caching.Answers;
using SimCache.Caching.Indexes;
using SimCache.Caching.Keys;
using SimCache.Caching.Tests.Support;
using SimCache.Numerics.Vectors;
using SimCache.Data.Arrow;
using Xunit;

namespace SimCache.Caching.Tests.Keys;

public class KeyStoreTests
{
    private static readonly Lazy<DecoderWeights> Decoder = new(() => DecoderFileReader.ReadAll(RepoFiles.GoldenDecoder));

    [Fact]
    public void AKeyKeepsTheRequestAnswerOrElseTheDecoderAnswerTruncatedToTheAnswerLength()
    {
        var dec = Decoder.Value;
        var scorer = new DecoderScorer(dec);
        using var store = new KeyStore(dec.Dimension, DistanceMetric.L2, 4, answerLength: 5, decoder: scorer);
        var z = Synth.Gaussian(1, dec.Dimension, 1);
        int a = store.Add(z, 1, 0, [9, 8, 7, 6, 5, 4, 3]);
        Assert.Equal(new[] { 9, 8, 7, 6, 5 }, store.Answer(a).ToArray());
        int b = store.Add(z, 2, 0);
        var expected = new int[5];
        new DecoderScorer(dec).TopN(z, 5, expected);
        Assert.Equal(expected, store.Answer(b).ToArray());
        using var bare = new KeyStore(dec.Dimension, DistanceMetric.L2, 2, answerLength: 5);
        Assert.Equal(0, bare.Answer(bare.Add(z, 1, 0)).Length);
    }

    [Fact]
    public void KeysExpireInAdmissionOrderAfterTheTtlAndARekeyRenewsTheKey()
    {
        using var store = new KeyStore(2, DistanceMetric.L2, 8, s => new ExactIndex(s, threads: 1), ttl: 10);
        var removed = new List<int>();
        store.Removed = removed.Add;
        int a = store.Add([0, 0], 1, 0);
        int b = store.Add([1, 0], 2, 5);
        int c = store.Add([2, 0], 3, 6);
        int forever = store.Add([3, 0], 4, double.PositiveInfinity);
        Assert.Equal(10, store.NextExpiry);
        store.Rekey(b, [1, 1], 2, 7);          // b now expires at 17
        Assert.Equal(0, store.ExpireUpTo(9.999));
        Assert.Equal(1, store.ExpireUpTo(10)); // a at exactly admitted + ttl
        Assert.Equal(new[] { a }, removed);
        Assert.Equal(16, store.NextExpiry);
        Assert.Equal(2, store.ExpireUpTo(100));
        Assert.Equal(new[] { a, c, b }, removed);
        Assert.True(store.IsLive(forever));
        Assert.Equal(double.PositiveInfinity, store.NextExpiry);
        store.Add([5, 5], 5, 200);
        Assert.Throws<InvalidOperationException>(() => store.Add([6, 6], 6, 150)); // admissions must come in time order
    }

    [Fact]
    public void BadVectorsAndAFullStoreAreRefused()
    {
        using var cosine = new KeyStore(3, DistanceMetric.Cosine, 1);
        Assert.Throws<ArgumentException>(() => cosine.Add([0, 0, 0], 1, 0));
        Assert.Throws<ArgumentException>(() => cosine.Add([1, 0], 1, 0));
        cosine.Add([1, 2, 3], 1, 0);
        Assert.Throws<InvalidOperationException>(() => cosine.Add([1, 2, 3], 1, 0));
        Assert.Throws<ArgumentException>(() => cosine.Remove(5));
    }

    [Fact]
    public void CosineDistanceIsOneMinusTheCosine()
    {
        using var store = new KeyStore(2, DistanceMetric.Cosine, 2, s => new ExactIndex(s, threads: 1));
        int k = store.Add([2, 0], 1, 0);
        var q = store.Prepare([1, 1]);
        Assert.Equal(1 - Math.Sqrt(0.5), store.Distance(q, k), 6);
        Assert.Equal(0f, store.Distance(store.Prepare([5, 0]), k));
    }

    [Fact]
    public void TheRecencyListMovesRemovesAndReportsTheBack()
    {
        var lru = new LruList(5);
        lru.PushFront(0);
        lru.PushFront(1);
        lru.PushFront(2);
        Assert.Equal(0, lru.Back);
        lru.MoveToFront(0);
        Assert.Equal(1, lru.Back);
        Assert.Equal(0, lru.Front);
        lru.Remove(1);
        Assert.Equal(2, lru.Back);
        Assert.Equal(2, lru.Count);
        Assert.Throws<InvalidOperationException>(() => lru.PushFront(0));
    }
}
