using Apache.Arrow;
using Apache.Arrow.Types;
using SimCache.Data.IO;

namespace SimCache.Data.Arrow;

/// <summary>
/// Streams an embeddings file batch by batch, checking dimension (FixedSizeList size, metadata and the
/// caller's expectation must agree) and that every vector is finite, so a broken training run cannot feed
/// NaNs into the cache experiments unnoticed.
/// </summary>
public sealed class EmbeddingFileReader : IDisposable
{
    private readonly ArrowInput _input;
    private readonly int _user, _userId, _embedding;

    private EmbeddingFileReader(ArrowInput input, int? expectedDimension)
    {
        _input = input;
        _user = input.RequireColumn(SimCacheArrow.UserColumn, t => t is Int32Type, "int32");
        _userId = input.RequireColumn(SimCacheArrow.UserIdColumn, t => t is StringType, "utf8");
        _embedding = input.RequireColumn(SimCacheArrow.EmbeddingColumn,
            t => t is FixedSizeListType { ValueDataType: FloatType }, "fixed_size_list<float32>[dimension]");
        Dimension = input.CheckDimension(_embedding, expectedDimension);
        Distance = input.CheckDistance();
    }

    public static EmbeddingFileReader Open(string path, int? expectedDimension = null)
    {
        var input = ArrowInput.Open(path, ArrowFileKind.Embeddings);
        try
        {
            return new EmbeddingFileReader(input, expectedDimension);
        }
        catch
        {
            input.Dispose();
            throw;
        }
    }

    public string Path => _input.Path;

    public IReadOnlyDictionary<string, string> Metadata => _input.Metadata;

    public long TotalRows => _input.TotalRows;

    public int BatchCount => _input.BatchCount;

    public int Dimension { get; }

    public string Distance { get; }

    /// <summary>The next batch, or null at the end; the previous batch's spans become invalid.</summary>
    public EmbeddingBatch? ReadNextBatch()
    {
        var batch = _input.ReadNext(out long firstRow);
        if (batch is null) return null;
        string path = _input.Path;
        int rows = batch.Length;
        try
        {
            var users = ArrowColumns.Primitive<Int32Array, int>(path, SimCacheArrow.UserColumn, batch.Column(_user), rows, firstRow, "int32");
            var ids = ArrowColumns.Utf8(path, SimCacheArrow.UserIdColumn, batch.Column(_userId), rows, firstRow);
            var values = ArrowColumns.Vectors(path, batch.Column(_embedding), Dimension, rows, firstRow, out int start);
            return new EmbeddingBatch(firstRow, rows, Dimension, users, ids, values, start);
        }
        catch (Exception ex) when (ex is not DataFormatException)
        {
            throw new DataFormatException(path, "damaged record batch: " + ArrowInput.Describe(ex), firstRow, ex);
        }
    }

    /// <summary>All batches in order; each is valid only until the enumeration advances.</summary>
    public IEnumerable<EmbeddingBatch> ReadBatches()
    {
        while (ReadNextBatch() is { } b) yield return b;
    }

    public void Dispose() => _input.Dispose();
}
