using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;

namespace SimCache.Cli.Tests.Malformed;

/// <summary>
/// A SimCache Arrow file read whole into plain arrays (its schema metadata kept in order), so that a case can
/// corrupt a value, a type, a column or the metadata and write the result as a well-formed Arrow IPC file. The
/// tool's own writers refuse NaN and wrong shapes (they guard producers), so the suite writes with the Arrow
/// library directly: the reader must hold the line on its own.
/// </summary>
public sealed class ArrowTable
{
    public List<KeyValuePair<string, string>> Metadata { get; } = [];

    public List<ForgedColumn> Columns { get; } = [];

    public int Rows => Columns.Count == 0 ? 0 : Columns[0].Rows;

    public ForgedColumn this[string name] => Columns.Single(c => c.Name == name);

    public static ArrowTable Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new ArrowFileReader(stream);
        var schema = reader.Schema;
        var table = new ArrowTable();
        if (schema.Metadata is not null) table.Metadata.AddRange(schema.Metadata);
        var parts = schema.FieldsList.Select(_ => new List<object>()).ToList();
        RecordBatch? batch;
        while ((batch = reader.ReadNextRecordBatch()) is not null)
            using (batch)
                for (int c = 0; c < schema.FieldsList.Count; c++) parts[c].Add(Values(batch.Column(c)));
        for (int c = 0; c < schema.FieldsList.Count; c++)
        {
            var field = schema.FieldsList[c];
            int size = field.DataType is FixedSizeListType f ? f.ListSize : 0;
            table.Columns.Add(new ForgedColumn(field.Name, Concat(field.DataType, parts[c]), size));
        }
        return table;
    }

    public ArrowTable Clone()
    {
        var t = new ArrowTable();
        t.Metadata.AddRange(Metadata);
        t.Columns.AddRange(Columns.Select(c => c.Clone()));
        return t;
    }

    /// <summary>Sets (or adds) a metadata key; null removes it.</summary>
    public ArrowTable With(string key, string? value)
    {
        int at = Metadata.FindIndex(kv => kv.Key == key);
        if (at >= 0) Metadata.RemoveAt(at);
        if (value is not null) Metadata.Insert(at >= 0 ? at : Metadata.Count, new(key, value));
        return this;
    }

    public ArrowTable Without(string column)
    {
        Columns.RemoveAll(c => c.Name == column);
        return this;
    }

    /// <summary>Keeps the rows whose index passes <paramref name="keep"/>, in every column.</summary>
    public ArrowTable Filter(Func<int, bool> keep)
    {
        foreach (var c in Columns)
            c.Data = c.Data switch
            {
                int[] a => a.Where((_, i) => keep(i)).ToArray(),
                long[] a => a.Where((_, i) => keep(i)).ToArray(),
                float[] a => a.Where((_, i) => keep(i)).ToArray(),
                float[][] a => a.Where((_, i) => keep(i)).ToArray(),
                double[][] a => a.Where((_, i) => keep(i)).ToArray(),
                int[][] a => a.Where((_, i) => keep(i)).ToArray(),
                string[] a => a.Where((_, i) => keep(i)).ToArray(),
                _ => throw new InvalidOperationException(),
            };
        return this;
    }

    public void Write(string path)
    {
        var fields = new List<Field>();
        var arrays = new List<IArrowArray>();
        foreach (var c in Columns)
        {
            var (field, array) = Build(c);
            fields.Add(field);
            arrays.Add(array);
        }
        var schema = new Schema(fields, Metadata);
        using var stream = File.Create(path);
        using var writer = new ArrowFileWriter(stream, schema);
        writer.WriteStart();
        if (Rows > 0)
            using (var batch = new RecordBatch(schema, arrays, Rows))
                writer.WriteRecordBatch(batch);
        writer.WriteEnd();
    }

    private static (Field, IArrowArray) Build(ForgedColumn c)
    {
        switch (c.Data)
        {
            case int[] a:
                return (new Field(c.Name, Int32Type.Default, false), new Int32Array.Builder().AppendRange(a).Build());
            case long[] a:
                return (new Field(c.Name, Int64Type.Default, false), new Int64Array.Builder().AppendRange(a).Build());
            case float[] a:
                return (new Field(c.Name, FloatType.Default, false), new FloatArray.Builder().AppendRange(a).Build());
            case float[][] rows:
            {
                var type = new FixedSizeListType(new Field("item", FloatType.Default, false), c.ListSize);
                var values = new FloatArray.Builder().AppendRange(rows.SelectMany(r => r)).Build();
                return (new Field(c.Name, type, false), new FixedSizeListArray(type, rows.Length, values, ArrowBuffer.Empty, 0));
            }
            case double[][] rows:
            {
                var type = new FixedSizeListType(new Field("item", DoubleType.Default, false), c.ListSize);
                var values = new DoubleArray.Builder().AppendRange(rows.SelectMany(r => r)).Build();
                return (new Field(c.Name, type, false), new FixedSizeListArray(type, rows.Length, values, ArrowBuffer.Empty, 0));
            }
            case int[][] lists:
            {
                var type = new ListType(new Field("item", Int32Type.Default, false));
                var offsets = new ArrowBuffer.Builder<int>();
                int at = 0;
                offsets.Append(0);
                foreach (var l in lists) offsets.Append(at += l.Length);
                var values = new Int32Array.Builder().AppendRange(lists.SelectMany(l => l)).Build();
                return (new Field(c.Name, type, false), new ListArray(type, lists.Length, offsets.Build(), values, ArrowBuffer.Empty, 0));
            }
            case string[] a:
                return (new Field(c.Name, StringType.Default, false), new StringArray.Builder().AppendRange(a).Build());
            default:
                throw new InvalidOperationException("unsupported column data " + c.Data.GetType());
        }
    }

    private static object Values(IArrowArray array) => array switch
    {
        Int32Array a => Enumerable.Range(0, a.Length).Select(i => a.GetValue(i)!.Value).ToArray(),
        Int64Array a => Enumerable.Range(0, a.Length).Select(i => a.GetValue(i)!.Value).ToArray(),
        FloatArray a => Enumerable.Range(0, a.Length).Select(i => a.GetValue(i)!.Value).ToArray(),
        StringArray a => Enumerable.Range(0, a.Length).Select(i => a.GetString(i)).ToArray(),
        FixedSizeListArray a => Enumerable.Range(0, a.Length).Select(i =>
        {
            var row = (FloatArray)a.GetSlicedValues(i);
            return Enumerable.Range(0, row.Length).Select(k => row.GetValue(k)!.Value).ToArray();
        }).ToArray(),
        ListArray a => Enumerable.Range(0, a.Length).Select(i =>
        {
            var row = (Int32Array)a.GetSlicedValues(i);
            return Enumerable.Range(0, row.Length).Select(k => row.GetValue(k)!.Value).ToArray();
        }).ToArray(),
        _ => throw new InvalidOperationException("unsupported Arrow array " + array.GetType()),
    };

    private static object Concat(IArrowType type, List<object> parts) => type switch
    {
        Int32Type => parts.SelectMany(p => (int[])p).ToArray(),
        Int64Type => parts.SelectMany(p => (long[])p).ToArray(),
        FloatType => parts.SelectMany(p => (float[])p).ToArray(),
        StringType => parts.SelectMany(p => (string[])p).ToArray(),
        FixedSizeListType => parts.SelectMany(p => (float[][])p).ToArray(),
        ListType => parts.SelectMany(p => (int[][])p).ToArray(),
        _ => throw new InvalidOperationException("unsupported Arrow type " + type.Name),
    };
}
