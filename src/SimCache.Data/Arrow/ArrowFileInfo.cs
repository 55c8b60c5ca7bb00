using System.Globalization;
using System.Text;
using SimCache.Data.IO;

namespace SimCache.Data.Arrow;

/// <summary>
/// The summary behind <c>simcache data info</c>. It is computed by reading the whole file through the same
/// vetted readers the pipeline uses (streaming, one batch at a time), so "info succeeds" also means "every
/// row passes validation", and the counts shown are the ones a run would see. Files without users (a
/// decoder) report <see cref="DistinctUsers"/> 0 and their item count in <see cref="DistinctItems"/>.
/// </summary>
public sealed record ArrowFileInfo(
    string Path,
    ArrowFileKind Kind,
    long Rows,
    int Batches,
    IReadOnlyList<ArrowColumnInfo> Columns,
    int? Dimension,
    string? Distance,
    long? MinTimestamp,
    long? MaxTimestamp,
    long DistinctUsers,
    IReadOnlyDictionary<string, string> Metadata,
    long? DistinctItems = null)
{
    /// <summary>Reads and validates <paramref name="path"/> end to end; throws <see cref="DataFormatException"/> on bad input.</summary>
    public static ArrowFileInfo Inspect(string path)
    {
        ArrowFileKind kind;
        List<ArrowColumnInfo> columns;
        using (var input = ArrowInput.Open(path, expected: null))
        {
            kind = input.Kind;
            columns = input.Schema.FieldsList
                .Select(f => new ArrowColumnInfo(f.Name, SimCacheArrow.TypeText(f.DataType), f.IsNullable)).ToList();
        }
        var users = new HashSet<int>();
        long min = long.MaxValue, max = long.MinValue;
        switch (kind)
        {
            case ArrowFileKind.Interactions:
            {
                using var r = InteractionFileReader.Open(path);
                while (r.ReadNextBatch() is { } b)
                {
                    AddUsers(users, b.Users);
                    MinMax(b.Timestamps, ref min, ref max);
                }
                return new(path, kind, r.TotalRows, r.BatchCount, columns, null, null, Opt(min, max).Min, Opt(min, max).Max, users.Count, r.Metadata);
            }
            case ArrowFileKind.Embeddings:
            {
                using var r = EmbeddingFileReader.Open(path);
                while (r.ReadNextBatch() is { } b) AddUsers(users, b.Users);
                return new(path, kind, r.TotalRows, r.BatchCount, columns, r.Dimension, r.Distance, null, null, users.Count, r.Metadata);
            }
            case ArrowFileKind.Decoder:
            {
                using var r = DecoderFileReader.Open(path);
                long items = 0;
                while (r.ReadNextBatch() is { } b) items += b.RowCount; // the reader vets that items run 0..n-1, so all are distinct
                return new(path, kind, r.TotalRows, r.BatchCount, columns, r.Dimension, null, null, null, 0, r.Metadata, items);
            }
            default:
            {
                using var r = TraceFileReader.Open(path);
                while (r.ReadNextBatch() is { } b)
                {
                    AddUsers(users, b.Users);
                    MinMax(b.Timestamps, ref min, ref max);
                }
                return new(path, kind, r.TotalRows, r.BatchCount, columns, r.Dimension, r.Distance, Opt(min, max).Min, Opt(min, max).Max, users.Count, r.Metadata);
            }
        }
    }

    /// <summary>The schema as one line per column.</summary>
    public string SchemaText => string.Join(Environment.NewLine, Columns.Select(c => c.ToString()));

    private static void AddUsers(HashSet<int> set, ReadOnlySpan<int> users)
    {
        foreach (int u in users) set.Add(u);
    }

    private static void MinMax(ReadOnlySpan<long> values, ref long min, ref long max)
    {
        if (values.IsEmpty) return;
        min = Math.Min(min, System.Numerics.Tensors.TensorPrimitives.Min(values));
        max = Math.Max(max, System.Numerics.Tensors.TensorPrimitives.Max(values));
    }

    private static (long? Min, long? Max) Opt(long min, long max) => min > max ? (null, null) : (min, max);

    /// <summary>A plain multi-line rendering (the CLI may render the same fields as a table).</summary>
    public override string ToString()
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(inv, $"file:           {Path}").AppendLine();
        sb.Append(inv, $"kind:           {SimCacheArrow.KindName(Kind)}").AppendLine();
        sb.Append(inv, $"rows:           {Rows}").AppendLine();
        sb.Append(inv, $"batches:        {Batches}").AppendLine();
        if (Dimension is { } d) sb.Append(inv, $"dimension:      {d}").AppendLine();
        if (Distance is { } dist) sb.Append(inv, $"distance:       {dist}").AppendLine();
        if (MinTimestamp is { } lo && MaxTimestamp is { } hi)
            sb.Append(inv, $"timestamps:     {lo} .. {hi} ({DateTimeOffset.FromUnixTimeSeconds(Clamp(lo)):u} .. {DateTimeOffset.FromUnixTimeSeconds(Clamp(hi)):u})").AppendLine();
        if (Kind == ArrowFileKind.Decoder) sb.Append(inv, $"distinct items: {DistinctItems ?? 0}").AppendLine();
        else sb.Append(inv, $"distinct users: {DistinctUsers}").AppendLine();
        sb.AppendLine("columns:");
        foreach (var c in Columns) sb.Append("  ").AppendLine(c.ToString());
        sb.AppendLine("metadata:");
        foreach (var kv in Metadata.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            // A decoder's input layer matrices are hundreds of kilobytes of base64: show their size, not the bytes.
            var value = kv.Key is DecoderInputLayer.WeightKey or DecoderInputLayer.BiasKey
                ? string.Create(inv, $"<{kv.Value.Length} base64 characters: float32, see {DecoderInputLayer.ShapeKey}>")
                : kv.Value;
            sb.Append(inv, $"  {kv.Key} = {value}").AppendLine();
        }
        return sb.ToString();
    }

    private static long Clamp(long seconds) => Math.Clamp(seconds, -62135596800L, 253402300799L);
}
