using SimCache.Data.Arrow;
using SimCache.Data.IO;
using Xunit;

namespace SimCache.Data.Tests.Arrow;

/// <summary>Finite components too large for float distances are refused at the file, by every reader path and writer.</summary>
public sealed class VectorRangeTests
{
    [Theory]
    [InlineData(3e38f)]
    [InlineData(-3e38f)]
    [InlineData(1e19f)]
    public void RefusesTraceWithHugeComponentOnBothReadPaths(float huge)
    {
        using var dir = new TempDir();
        var path = dir.File("t.arrow");
        var v = Enumerable.Range(0, 12).Select(i => (float)i).ToArray();
        v[2 * 3 + 1] = huge; // row 2, component 1
        RawArrow.Write(path, RawArrow.Meta("trace", 3), RawArrow.TraceColumns(3, v));
        foreach (var open in new Func<TraceFileReader>[] { () => TraceFileReader.Open(path), () => TraceFileReader.OpenThroughLibrary(path) })
        {
            using var r = open();
            var ex = Assert.Throws<DataFormatException>(() => r.ReadNextBatch());
            Assert.Equal(2, ex.Line);
            Assert.Contains("row 2 component 1", ex.Message);
            Assert.Contains("too large", ex.Message);
            Assert.Contains(path, ex.Message);
        }
    }

    [Fact]
    public void RefusesEmbeddingsWithHugeComponentInLongVectors()
    {
        using var dir = new TempDir();
        var path = dir.File("e.arrow");
        const int dim = 64;
        var v = new float[dim * 3];
        v[1 * dim + 37] = 2e37f;
        RawArrow.Write(path, RawArrow.Meta("embeddings", dim),
            ("user", RawArrow.Ints(0, 1, 2)), ("user_id", RawArrow.Strings("a", "b", "c")), ("embedding", RawArrow.Vectors(dim, v)));
        using var r = EmbeddingFileReader.Open(path);
        var ex = Assert.Throws<DataFormatException>(() => r.ReadNextBatch());
        Assert.Equal(1, ex.Line);
        Assert.Contains("row 1 component 37", ex.Message);
    }

    /// <summary>At the limit every squared distance of two vectors is finite in float; just above it one is not.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(200)]
    [InlineData(4096)]
    public void LimitKeepsEverySquaredDistanceFinite(int dimension)
    {
        float limit = FiniteCheck.MagnitudeLimit(dimension);
        var a = Enumerable.Repeat(limit, dimension).ToArray();
        var b = Enumerable.Repeat(-limit, dimension).ToArray();
        float d2 = 0, n2 = 0;
        for (int i = 0; i < dimension; i++) { float x = a[i] - b[i]; d2 += x * x; n2 += a[i] * a[i]; }
        Assert.True(float.IsFinite(d2) && float.IsFinite(n2), $"d = {dimension}: {d2}, {n2}");
        Assert.Equal(-1, FiniteCheck.IndexOfOutOfRange(a, limit));
        Assert.Equal(-1, FiniteCheck.IndexOfOutOfRange(b, limit));
        // Twice the limit: a squared distance of 16·d·L² = 2·MaxValue overflows.
        var far = Enumerable.Repeat(2 * limit, dimension).ToArray();
        Assert.Equal(0, FiniteCheck.IndexOfOutOfRange(far, limit));
        Assert.Equal(float.PositiveInfinity, (4 * limit) * (4 * limit) * dimension);
    }

    [Fact]
    public void ScanFindsTheFirstOutOfRangeValueAtEveryPosition()
    {
        const float limit = 10f;
        for (int n = 1; n < 40; n++)
            for (int at = 0; at < n; at++)
                foreach (float bad in new[] { 10.5f, -11f, float.NaN, float.NegativeInfinity })
                {
                    var v = Enumerable.Range(0, n).Select(i => (float)(i % 21) - 10f).ToArray();
                    v[at] = bad;
                    Assert.Equal(at, FiniteCheck.IndexOfOutOfRange(v, limit));
                }
        Assert.Equal(-1, FiniteCheck.IndexOfOutOfRange(Enumerable.Range(0, 37).Select(i => (float)(i % 21) - 10f).ToArray(), limit));
    }

    [Fact]
    public void WriterRefusesHugeComponent()
    {
        using var dir = new TempDir();
        using var w = new TraceFileWriter(dir.File("t.arrow"), 2, "l2", Samples.Prov, withAnswer: false, withFuture: false);
        var ex = Assert.Throws<ArgumentException>(() => w.Append(0, 0, 0, [1f, 3e38f]));
        Assert.Contains("component 1", ex.Message);
    }
}
