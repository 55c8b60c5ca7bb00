using System.Diagnostics;
using SimCache.Data.Arrow;
using SimCache.Data.IO;
using Xunit;

namespace SimCache.Data.Tests.Arrow;

public sealed class CorruptionTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <summary>Opens and fully reads a file of any kind, the way a pipeline stage would.</summary>
    private static void ReadAll(string path, ArrowFileKind kind)
    {
        switch (kind)
        {
            case ArrowFileKind.Interactions:
                using (var r = InteractionFileReader.Open(path)) while (r.ReadNextBatch() is not null) { }
                break;
            case ArrowFileKind.Embeddings:
                using (var r = EmbeddingFileReader.Open(path)) while (r.ReadNextBatch() is { } b) for (int i = 0; i < b.RowCount; i++) _ = b.UserId(i);
                break;
            case ArrowFileKind.Decoder:
                _ = DecoderFileReader.ReadAll(path);
                break;
            default:
                using (var r = TraceFileReader.Open(path))
                    while (r.ReadNextBatch() is { } b)
                        for (int i = 0; i < b.RowCount; i++) { _ = b.Answer(i); _ = b.Future(i); }
                break;
        }
    }

    private static string MakeSample(TempDir dir, ArrowFileKind kind)
    {
        var path = dir.File("good.arrow");
        switch (kind)
        {
            case ArrowFileKind.Interactions: Samples.WriteInteractions(path, 23, batchRows: 7); break;
            case ArrowFileKind.Embeddings: Samples.WriteEmbeddings(path, 23, dim: 5, batchRows: 7); break;
            case ArrowFileKind.Decoder: Samples.WriteDecoder(path, 23, dim: 5, batchRows: 7); break;
            default: Samples.WriteTrace(path, 23, dim: 5, batchRows: 7); break;
        }
        return path;
    }

    /// <summary>Runs a read that must either succeed or fail with DataFormatException, within the time bound.</summary>
    private static Exception? ReadBounded(string path, ArrowFileKind kind)
    {
        var task = Task.Run(() =>
        {
            try { ReadAll(path, kind); return null; }
            catch (Exception ex) { return ex; }
        });
        Assert.True(task.Wait(Bound), $"reading {path} did not finish within {Bound}");
        return task.Result;
    }

    [Theory]
    [InlineData(ArrowFileKind.Interactions)]
    [InlineData(ArrowFileKind.Embeddings)]
    [InlineData(ArrowFileKind.Trace)]
    [InlineData(ArrowFileKind.Decoder)]
    public void TruncatedFilesGiveDataFormatException(ArrowFileKind kind)
    {
        using var dir = new TempDir();
        var bytes = File.ReadAllBytes(MakeSample(dir, kind));
        var cut = dir.File("cut.arrow");
        foreach (int length in new[] { 1, 5, 6, 8, 20, 100, bytes.Length / 3, bytes.Length / 2, bytes.Length - 100, bytes.Length - 11, bytes.Length - 6, bytes.Length - 1 })
        {
            File.WriteAllBytes(cut, bytes.AsSpan(0, length).ToArray());
            var ex = ReadBounded(cut, kind);
            Assert.True(ex is DataFormatException, $"truncated at {length}: {ex?.GetType().Name ?? "no error"} {ex?.Message}");
            Assert.Contains(cut, ex!.Message);
        }
    }

    [Theory]
    [InlineData(ArrowFileKind.Interactions, 11)]
    [InlineData(ArrowFileKind.Embeddings, 12)]
    [InlineData(ArrowFileKind.Trace, 13)]
    [InlineData(ArrowFileKind.Decoder, 14)]
    public void GarbledBytesNeverCrashOrHang(ArrowFileKind kind, int seed)
    {
        using var dir = new TempDir();
        var good = File.ReadAllBytes(MakeSample(dir, kind));
        var bad = dir.File("bad.arrow");
        var rng = new Random(seed);
        int failures = 0;
        var sw = Stopwatch.StartNew();
        for (int trial = 0; trial < 300; trial++)
        {
            var bytes = (byte[])good.Clone();
            int flips = 1 + rng.Next(3);
            for (int k = 0; k < flips; k++) bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256);
            File.WriteAllBytes(bad, bytes);
            var ex = ReadBounded(bad, kind);
            if (ex is null) continue; // the flip hit a value byte: still a readable file
            Assert.True(ex is DataFormatException, $"trial {trial}: {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}");
            failures++;
        }
        Assert.True(failures > 0, "no garbling was detected at all");
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(60), $"garbling trials took {sw.Elapsed}");
    }

    [Theory]
    [InlineData(ArrowFileKind.Trace)]
    [InlineData(ArrowFileKind.Embeddings)]
    [InlineData(ArrowFileKind.Decoder)]
    public void EveryFooterAndHeaderByteGarbledIsHandled(ArrowFileKind kind)
    {
        // Structured sweep: overwrite each byte of the last 400 bytes (footer, schema) and the first 300 with 0xFF.
        using var dir = new TempDir();
        var good = File.ReadAllBytes(MakeSample(dir, kind));
        var bad = dir.File("bad.arrow");
        var positions = Enumerable.Range(0, 300).Concat(Enumerable.Range(Math.Max(300, good.Length - 400), Math.Min(400, good.Length - 300)));
        foreach (int pos in positions)
        {
            var bytes = (byte[])good.Clone();
            bytes[pos] ^= 0xFF;
            File.WriteAllBytes(bad, bytes);
            var ex = ReadBounded(bad, kind);
            Assert.True(ex is null or DataFormatException, $"byte {pos}: {ex?.GetType().Name}: {ex?.Message}\n{ex?.StackTrace}");
        }
    }

    [Fact]
    public void HugeFooterLengthIsRejectedWithoutAllocating()
    {
        using var dir = new TempDir();
        var bytes = File.ReadAllBytes(MakeSample(dir, ArrowFileKind.Trace));
        BitConverter.TryWriteBytes(bytes.AsSpan(bytes.Length - 10), int.MaxValue - 5);
        var bad = dir.File("bad.arrow");
        File.WriteAllBytes(bad, bytes);
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var ex = Assert.Throws<DataFormatException>(() => TraceFileReader.Open(bad));
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 50_000_000);
        Assert.Contains("footer length", ex.Message);
    }

    [Fact]
    public void EmptyFileIsRejected()
    {
        using var dir = new TempDir();
        var path = dir.File("empty.arrow");
        File.WriteAllBytes(path, []);
        var ex = Assert.Throws<DataFormatException>(() => TraceFileReader.Open(path));
        Assert.Contains("empty", ex.Message);
        Assert.Equal(path, ex.Path);
    }

    [Fact]
    public void NonArrowFileIsRejected()
    {
        using var dir = new TempDir();
        var path = dir.File("ratings.csv");
        File.WriteAllText(path, "user,item,timestamp,rating\n1,2,3,4.5\n");
        var ex = Assert.Throws<DataFormatException>(() => ArrowFileInfo.Inspect(path));
        Assert.Contains("ARROW1", ex.Message);
    }

    [Fact]
    public void ArrowStreamFormatIsRejectedWithAHint()
    {
        using var dir = new TempDir();
        var path = dir.File("s.arrows");
        var schema = new Apache.Arrow.Schema([new Apache.Arrow.Field("user", Apache.Arrow.Types.Int32Type.Default, false)], null);
        using (var fs = File.Create(path))
        using (var w = new Apache.Arrow.Ipc.ArrowStreamWriter(fs, schema))
        {
            w.WriteRecordBatch(new Apache.Arrow.RecordBatch(schema, [RawArrow.Ints(1)], 1));
            w.WriteEnd();
        }
        Assert.Contains("stream", Assert.Throws<DataFormatException>(() => InteractionFileReader.Open(path)).Message);
    }

    [Fact]
    public void MissingFileIsDataFormatException()
    {
        using var dir = new TempDir();
        Assert.Throws<DataFormatException>(() => TraceFileReader.Open(dir.File("nope.arrow")));
    }
}
