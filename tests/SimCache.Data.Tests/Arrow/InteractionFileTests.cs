using SimCache.Data.Arrow;
using Xunit;

namespace SimCache.Data.Tests.Arrow;

public sealed class InteractionFileTests
{
    [Fact]
    public void RoundTripsExactValuesAcrossBatches()
    {
        using var dir = new TempDir();
        var path = dir.File("i.arrow");
        Samples.WriteInteractions(path, rows: 11, batchRows: 4);

        using var r = InteractionFileReader.Open(path);
        Assert.Equal(11, r.TotalRows);
        Assert.Equal(3, r.BatchCount);
        int row = 0, batches = 0;
        while (r.ReadNextBatch() is { } b)
        {
            Assert.Equal(row, b.FirstRow);
            for (int i = 0; i < b.RowCount; i++, row++)
            {
                Assert.Equal(row % 5, b.Users[i]);
                Assert.Equal(100 + row, b.Items[i]);
                Assert.Equal(1_600_000_000L + row * 60, b.Timestamps[i]);
                Assert.Equal((row % 10) * 0.5f, b.Ratings[i]);
            }
            batches++;
        }
        Assert.Equal(11, row);
        Assert.Equal(3, batches);
    }

    [Fact]
    public void BulkAppendEqualsRowAppend()
    {
        using var dir = new TempDir();
        Samples.WriteInteractions(dir.File("a.arrow"), rows: 10, batchRows: 3);
        var users = Enumerable.Range(0, 10).Select(i => i % 5).ToArray();
        var items = Enumerable.Range(0, 10).Select(i => 100 + i).ToArray();
        var ts = Enumerable.Range(0, 10).Select(i => 1_600_000_000L + i * 60).ToArray();
        var ratings = Enumerable.Range(0, 10).Select(i => (i % 10) * 0.5f).ToArray();
        using (var w = new InteractionFileWriter(dir.File("b.arrow"), Samples.Prov, batchRows: 3))
        {
            w.Append(users.AsSpan(0, 4), items.AsSpan(0, 4), ts.AsSpan(0, 4), ratings.AsSpan(0, 4));
            w.Append(users.AsSpan(4), items.AsSpan(4), ts.AsSpan(4), ratings.AsSpan(4));
            w.Complete();
        }
        Assert.Equal(File.ReadAllBytes(dir.File("a.arrow")), File.ReadAllBytes(dir.File("b.arrow")));
    }

    [Fact]
    public void BulkAppendRejectsSpansOfDifferentLengths()
    {
        using var dir = new TempDir();
        using var w = new InteractionFileWriter(dir.File("x.arrow"), Samples.Prov);
        Assert.Throws<ArgumentException>(() => w.Append(new int[2], new int[2], new long[1], new float[2]));
    }

    [Fact]
    public void EmptyFileRoundTrips()
    {
        using var dir = new TempDir();
        var path = dir.File("e.arrow");
        Samples.WriteInteractions(path, rows: 0);
        using var r = InteractionFileReader.Open(path);
        Assert.Equal(0, r.TotalRows);
        Assert.Null(r.ReadNextBatch());
    }

    [Fact]
    public void MetadataRoundTrips()
    {
        using var dir = new TempDir();
        var path = dir.File("m.arrow");
        Samples.WriteInteractions(path, rows: 2, extra: new Dictionary<string, string> { ["split"] = "train", ["source"] = "ml-1m" });
        using var r = InteractionFileReader.Open(path);
        Assert.Equal("interactions", r.Metadata["simcache.kind"]);
        Assert.Equal("simcache test --seed 7", r.Metadata["simcache.command"]);
        Assert.Equal("7", r.Metadata["simcache.seed"]);
        Assert.Equal("0.1.0-test", r.Metadata["simcache.version"]);
        Assert.Equal("train", r.Metadata["split"]);
        Assert.Equal("ml-1m", r.Metadata["source"]);
        Assert.False(r.Metadata.ContainsKey("simcache.dimension"));
    }

    [Fact]
    public void ExtraMetadataCannotOverrideReservedKeys()
    {
        using var dir = new TempDir();
        Assert.Throws<ArgumentException>(() =>
            new InteractionFileWriter(dir.File("x.arrow"), Samples.Prov, new Dictionary<string, string> { ["simcache.kind"] = "trace" }));
        Assert.Empty(Directory.GetFiles(dir.Path));
    }
}
