using Apache.Arrow;
using Apache.Arrow.Types;
using SimCache.Data.IO;

namespace SimCache.Data.Arrow;

/// <summary>
/// Streams an embeddings file batch by batch, checking dimension (FixedSizeList size, metadata and the
/// caller's expectation must agree), that every vector is finite and every user index ≥ 0, so a broken
/// training run cannot feed NaNs or nameless users into the cache experiments unnoticed.
/// </summary>
public sealed class EmbeddingFileReader : BatchFileReader<EmbeddingBatch>
{
    private readonly int _user, _userId, _embedding;

    private EmbeddingFileReader(ArrowInput input, int? expectedDimension)
        : base(input)
    {
        _user = input.RequireColumn(SimCacheArrow.UserColumn, t => t is Int32Type, "int32");
        _userId = input.RequireColumn(SimCacheArrow.UserIdColumn, t => t is StringType, "utf8");
        _embedding = input.RequireColumn(SimCacheArrow.EmbeddingColumn,
            t => t is FixedSizeListType { ValueDataType: FloatType }, "fixed_size_list<float32>[dimension]");
        Dimension = input.CheckDimension(_embedding, expectedDimension);
        Distance = input.CheckDistance();
    }

    public static EmbeddingFileReader Open(string path, int? expectedDimension = null) =>
        Open(path, ArrowFileKind.Embeddings, input => new EmbeddingFileReader(input, expectedDimension));

    public int Dimension { get; }

    public string Distance { get; }

    private protected override EmbeddingBatch View(RecordBatch batch, long firstRow)
    {
        string path = Input.Path;
        int rows = batch.Length;
        var users = ArrowColumns.Primitive<Int32Array, int>(path, SimCacheArrow.UserColumn, batch.Column(_user), rows, firstRow, "int32");
        ArrowColumns.CheckUserIndices(path, users.Values[..rows], firstRow);
        var ids = ArrowColumns.Utf8(path, SimCacheArrow.UserIdColumn, batch.Column(_userId), rows, firstRow);
        var values = ArrowColumns.Vectors(path, batch.Column(_embedding), Dimension, rows, firstRow, out int start, Input.KnownFinite(_embedding));
        return new EmbeddingBatch(firstRow, rows, Dimension, users, ids, values, start);
    }
}
