using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;

namespace SimCache.Data.Tests.Arrow;

/// <summary>
/// Writes Arrow files with the plain Arrow library, bypassing SimCache's writers, to produce the bad inputs
/// those writers refuse to make (NaN vectors, nulls, wrong kinds, inconsistent dimensions, missing columns).
/// </summary>
public static class RawArrow
{
    public static Dictionary<string, string> Meta(string kind, int? dim = null, string? distance = "l2")
    {
        var m = new Dictionary<string, string> { ["simcache.kind"] = kind };
        if (dim is { } d) m["simcache.dimension"] = d.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (distance is not null && dim is not null) m["simcache.distance"] = distance;
        return m;
    }

    public static void Write(string path, IReadOnlyDictionary<string, string> meta, params (string Name, IArrowArray Array)[] columns)
    {
        var schema = new Schema(columns.Select(c => new Field(c.Name, c.Array.Data.DataType, nullable: true)), meta);
        int rows = columns.Length == 0 ? 0 : columns[0].Array.Length;
        using var fs = File.Create(path);
        using var w = new ArrowFileWriter(fs, schema);
        w.WriteRecordBatch(new RecordBatch(schema, columns.Select(c => c.Array), rows));
        w.WriteEnd();
    }

    public static Int32Array Ints(params int?[] values)
    {
        var b = new Int32Array.Builder();
        foreach (var v in values) { if (v is { } x) b.Append(x); else b.AppendNull(); }
        return b.Build();
    }

    public static Int64Array Longs(params long[] values) => new Int64Array.Builder().AppendRange(values).Build();

    public static FloatArray Floats(params float[] values) => new FloatArray.Builder().AppendRange(values).Build();

    public static StringArray Strings(params string[] values) => new StringArray.Builder().AppendRange(values).Build();

    public static FixedSizeListArray Vectors(int dim, params float[] values)
    {
        var child = Floats(values);
        var type = new FixedSizeListType(new Field("item", FloatType.Default, false), dim);
        return new FixedSizeListArray(type, values.Length / dim, child, ArrowBuffer.Empty, 0, 0);
    }

    /// <summary>A valid trace batch whose rows are the given flattened vectors.</summary>
    public static (string, IArrowArray)[] TraceColumns(int dim, float[] vectors)
    {
        int rows = vectors.Length / dim;
        return
        [
            ("user", Ints(Enumerable.Range(0, rows).Select(i => (int?)i).ToArray())),
            ("seq", Ints(Enumerable.Range(0, rows).Select(i => (int?)i).ToArray())),
            ("timestamp", Longs(Enumerable.Range(0, rows).Select(i => (long)i).ToArray())),
            ("embedding", Vectors(dim, vectors)),
        ];
    }
}
