using Apache.Arrow;
using Apache.Arrow.Types;
using SimCache.Data.IO;

namespace SimCache.Data.Arrow;

/// <summary>
/// Streams a rating split written by <see cref="InteractionFileWriter"/> (or by any tool producing the same
/// columns) one record batch at a time, so splits larger than memory can be consumed; every batch is vetted
/// before its spans are exposed, and all problems surface as <see cref="DataFormatException"/>.
/// </summary>
public sealed class InteractionFileReader : BatchFileReader<InteractionBatch>
{
    private readonly int _user, _item, _timestamp, _rating;

    private InteractionFileReader(ArrowInput input)
        : base(input)
    {
        _user = input.RequireColumn(SimCacheArrow.UserColumn, t => t is Int32Type, "int32");
        _item = input.RequireColumn(SimCacheArrow.ItemColumn, t => t is Int32Type, "int32");
        _timestamp = input.RequireColumn(SimCacheArrow.TimestampColumn, t => t is Int64Type, "int64");
        _rating = input.RequireColumn(SimCacheArrow.RatingColumn, t => t is FloatType, "float32");
    }

    public static InteractionFileReader Open(string path) =>
        Open(path, ArrowFileKind.Interactions, input => new InteractionFileReader(input));

    private protected override InteractionBatch View(RecordBatch batch, long firstRow)
    {
        string path = Input.Path;
        int rows = batch.Length;
        return new InteractionBatch(firstRow, rows,
            ArrowColumns.Primitive<Int32Array, int>(path, SimCacheArrow.UserColumn, batch.Column(_user), rows, firstRow, "int32"),
            ArrowColumns.Primitive<Int32Array, int>(path, SimCacheArrow.ItemColumn, batch.Column(_item), rows, firstRow, "int32"),
            ArrowColumns.Primitive<Int64Array, long>(path, SimCacheArrow.TimestampColumn, batch.Column(_timestamp), rows, firstRow, "int64"),
            ArrowColumns.Primitive<FloatArray, float>(path, SimCacheArrow.RatingColumn, batch.Column(_rating), rows, firstRow, "float32"));
    }
}
