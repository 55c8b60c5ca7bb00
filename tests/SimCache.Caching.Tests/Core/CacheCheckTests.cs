using SimCache.Caching.Core;
using SimCache.Caching.Keys;
using SimCache.Data.IO;
using Xunit;

namespace SimCache.Caching.Tests.Core;

/// <summary>
/// A cache is checked without being built: its values before any input is known (a sweep checks every point
/// before its first stage), then against the inputs and the memory its key store needs.
/// </summary>
public class CacheCheckTests
{
    private static CacheContext Context(int dimension) => new() { Dimension = dimension, AnswerLength = 10 };

    [Theory]
    [InlineData("lru(capacity=0)", "cache 'lru': parameter 'capacity' must be ≥ 1, got '0'")]
    [InlineData("lru(capacity=-5)", "cache 'lru': parameter 'capacity' must be ≥ 1, got '-5'")]
    [InlineData("lru(capacity=lots)", "cache 'lru': parameter 'capacity' must be an integer, got 'lots'")]
    [InlineData("sim-lru(capacity=10, threshold=NaN)", "cache 'sim-lru': parameter 'threshold' must be a finite number, got 'NaN'")]
    [InlineData("qlru-dc(capacity=10, q=2)", "cache 'qlru-dc': parameter 'q' must be a number > 0 and ≤ 1, got '2'")]
    [InlineData("knn-cache(capacity=10, k=0)", "cache 'knn-cache': parameter 'k' must be in [1, 10000], got '0'")]
    [InlineData("gmm-placement(capacity=10, threshold=1, share=1.5)", "cache 'gmm-placement': parameter 'share' must be in [0, 1], got '1.5'")]
    public void ValuesAreRefusedBeforeAnyInputIsKnown(string spec, string message)
    {
        var e = Assert.Throws<UsageException>(() => CacheFactory.Check(spec));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void ACapacityBeyondAnIntegerIsOutOfRangeNotNotAnInteger()
    {
        var e = Assert.Throws<UsageException>(() => CacheFactory.Check("lru(capacity=1e12)"));
        Assert.Equal("cache 'lru': parameter 'capacity' is out of range: 1e12 is not in [1, 2147483647]", e.Message);
        e = Assert.Throws<UsageException>(() => CacheFactory.Check("lru(capacity=2.5)"));
        Assert.Equal("cache 'lru': parameter 'capacity' must be an integer, got '2.5'", e.Message);
    }

    [Fact]
    public void AValuesCheckNeedsNoInputs()
    {
        // The mixture file, the decoder and the trace come from later stages: their absence is not a value error.
        CacheFactory.Check("gmm-placement(capacity=10, threshold=1, source=file)");
        CacheFactory.Check("knn-cache(capacity=10, k=5)");
        CacheFactory.Check("static-greedy(capacity=10, threshold=1)");
    }

    [Fact]
    public void TheInputsCheckRefusesWhatThePolicyNeeds()
    {
        var e = Assert.Throws<UsageException>(() => CacheFactory.Check("knn-cache(capacity=10, k=5)", Context(32)));
        Assert.Contains("give the decoder", e.Message);
        e = Assert.Throws<UsageException>(() => CacheFactory.Check("gmm-placement(capacity=10, threshold=1, source=file)", Context(32)));
        Assert.Contains("source=file needs the geometry stage's gmm.json", e.Message);
    }

    [Fact]
    public void AKeyStoreThatCannotFitIsRefusedWithTheMemoryItNeeds()
    {
        // lru keeps capacity + 1 keys: 100,000,001 × (200·4 + 10·4 + 44) bytes = 88,400,000,884 bytes.
        var e = Assert.Throws<UsageException>(() => CacheFactory.Check("lru(capacity=100000000)", Context(200)));
        Assert.StartsWith("cache 'lru': its capacity: 100000001 keys × (200 vector floats + 10 answer items + 44 bytes) need 88.4 GB of memory", e.Message);
        // 2,147,483,648 × (32·4 + 10·4 + 44) = 455,266,533,376 bytes, and capacity + 1 no longer wraps around.
        e = Assert.Throws<UsageException>(() => CacheFactory.Check("sim-lru(capacity=2147483647, threshold=1)", Context(32)));
        Assert.StartsWith("cache 'sim-lru': its capacity: 2147483648 keys × (32 vector floats + 10 answer items + 44 bytes) need 455 GB of memory", e.Message);
        // Building it (simulate) refuses the same way instead of overflowing.
        e = Assert.Throws<UsageException>(() => CacheFactory.Create("lru(capacity=100000000)", Context(200)));
        Assert.StartsWith("cache 'lru': its capacity: 100000001 keys", e.Message);
        CacheFactory.Check("lru(capacity=1000)", Context(200));
    }

    [Fact]
    public void TheMemoryCheckComparesWithWhatIsAvailable()
    {
        // 1,000 × (100·4 + 0 + 44) = 444,000 bytes.
        KeyStore.CheckFits("cache 'x'", 1000, 100, 0, availableBytes: 444_000);
        var e = Assert.Throws<UsageException>(() => KeyStore.CheckFits("cache 'x'", 1000, 100, 0, availableBytes: 443_999));
        Assert.Equal("cache 'x': 1000 keys × (100 vector floats + 0 answer items + 44 bytes) need 0.000444 GB of memory; at most 0.000444 GB is available: use a smaller capacity", e.Message);
    }
}
