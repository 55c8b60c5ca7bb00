using Apache.Arrow;
using Apache.Arrow.Types;
using SimCache.Data.IO;

namespace SimCache.Data.Arrow;

/// <summary>
/// Streams a rating split written by <see cref="InteractionFileWriter"/> (or by any tool producing the same
/// columns) one record batch at a time, so splits larger than memory can be consumed; every batch is vetted
/// before its spans are exposed, and all problems surface as <see cref="DataFormatException"/>.
/// </summary>
public sealed class InteractionFileReader : IDisposable
{
    private readonly ArrowInput _input;
    private readonly int _user, _item, _timestamp, _rating;

    private InteractionFileReader(ArrowInput input)
    {
        _input = input;
        _user = input.RequireColumn(SimCacheArrow.UserColumn, t => t is Int32Type, "int32");
        _item = input.RequireColumn(SimCacheArrow.ItemColumn, t => t is Int32Type, "int32");
        _timestamp = input.RequireColumn(SimCacheArrow.TimestampColumn, t => t is Int64Type, "int64");
        _rating = input.RequireColumn(SimCacheArrow.RatingColumn, t => t is FloatType, "float32");
    }

    public static InteractionFileReader Open(string path)
    {
        var input = ArrowInput.Open(path, ArrowFileKind.Interactions);
        try
        {
            return new InteractionFileReader(input);
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

    /// <summary>The next batch, or null at the end; the previous batch's spans become invalid.</summary>
    public InteractionBatch? ReadNextBatch()
    {
        var batch = _input.ReadNext(out long firstRow);
        if (batch is null) return null;
        string path = _input.Path;
        int rows = batch.Length;
        try
        {
            return new InteractionBatch(firstRow, rows,
                ArrowColumns.Primitive<Int32Array, int>(path, SimCacheArrow.UserColumn, batch.Column(_user), rows, firstRow, "int32"),
                ArrowColumns.Primitive<Int32Array, int>(path, SimCacheArrow.ItemColumn, batch.Column(_item), rows, firstRow, "int32"),
                ArrowColumns.Primitive<Int64Array, long>(path, SimCacheArrow.TimestampColumn, batch.Column(_timestamp), rows, firstRow, "int64"),
                ArrowColumns.Primitive<FloatArray, float>(path, SimCacheArrow.RatingColumn, batch.Column(_rating), rows, firstRow, "float32"));
        }
        catch (Exception ex) when (ex is not DataFormatException)
        {
            throw new DataFormatException(path, "damaged record batch: " + ArrowInput.Describe(ex), firstRow, ex);
        }
    }

    /// <summary>All batches in order; each is valid only until the enumeration advances.</summary>
    public IEnumerable<InteractionBatch> ReadBatches()
    {
        while (ReadNextBatch() is { } b) yield return b;
    }

    public void Dispose() => _input.Dispose();
}
