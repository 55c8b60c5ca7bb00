using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;
using SimCache.Data.IO;

namespace SimCache.Data.Arrow;

/// <summary>
/// The on-disk contract shared by every SimCache Arrow file: column names, metadata keys and their
/// spelling. Kept in one place because the files are read by other tools (pandas, polars, DuckDB, the npm
/// <c>apache-arrow</c> package), so a name changed here is a format change, not a refactoring.
/// </summary>
public static class SimCacheArrow
{
    public const string KindKey = "simcache.kind";
    public const string DimensionKey = "simcache.dimension";
    public const string DistanceKey = "simcache.distance";
    public const string CommandKey = "simcache.command";
    public const string SeedKey = "simcache.seed";
    public const string VersionKey = "simcache.version";

    public const string UserColumn = "user";
    public const string ItemColumn = "item";
    public const string TimestampColumn = "timestamp";
    public const string RatingColumn = "rating";
    public const string UserIdColumn = "user_id";
    public const string EmbeddingColumn = "embedding";
    public const string SeqColumn = "seq";
    public const string AnswerColumn = "answer";
    public const string FutureColumn = "future";
    public const string ItemIdColumn = "item_id";
    public const string WeightColumn = "weight";
    public const string BiasColumn = "bias";

    /// <summary>Name of the child field of list columns (the name pyarrow and arrow-js use).</summary>
    public const string ListItemName = "item";

    public const string DistanceL2 = "l2";
    public const string DistanceCosine = "cosine";

    /// <summary>The metadata spelling of a kind.</summary>
    public static string KindName(ArrowFileKind kind) => kind switch
    {
        ArrowFileKind.Interactions => "interactions",
        ArrowFileKind.Embeddings => "embeddings",
        ArrowFileKind.Trace => "trace",
        ArrowFileKind.Decoder => "decoder",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Parses a metadata kind name; null when unknown.</summary>
    public static ArrowFileKind? ParseKind(string? name) => name switch
    {
        "interactions" => ArrowFileKind.Interactions,
        "embeddings" => ArrowFileKind.Embeddings,
        "trace" => ArrowFileKind.Trace,
        "decoder" => ArrowFileKind.Decoder,
        _ => null,
    };

    /// <summary>True for the distance names the tool understands.</summary>
    public static bool IsKnownDistance(string? distance) => distance is DistanceL2 or DistanceCosine;

    internal static bool IsReservedKey(string key) =>
        key is KindKey or DimensionKey or DistanceKey or CommandKey or SeedKey or VersionKey;

    /// <summary>
    /// Builds the schema metadata in a fixed order (reserved keys first, then extras sorted ordinally), so the
    /// same inputs always serialise to the same bytes.
    /// </summary>
    internal static List<KeyValuePair<string, string>> BuildMetadata(
        ArrowFileKind kind, int? dimension, string? distance, Provenance prov, IReadOnlyDictionary<string, string>? extra)
    {
        ArgumentNullException.ThrowIfNull(prov);
        var list = new List<KeyValuePair<string, string>> { new(KindKey, KindName(kind)) };
        if (dimension is { } d) list.Add(new(DimensionKey, d.ToString(CultureInfo.InvariantCulture)));
        if (distance is not null) list.Add(new(DistanceKey, distance));
        list.Add(new(CommandKey, prov.Command ?? ""));
        list.Add(new(SeedKey, prov.Seed?.ToString(CultureInfo.InvariantCulture) ?? ""));
        list.Add(new(VersionKey, prov.Version ?? ""));
        if (extra is not null)
        {
            foreach (var key in extra.Keys.OrderBy(k => k, StringComparer.Ordinal))
            {
                ArgumentNullException.ThrowIfNull(key, nameof(extra));
                if (IsReservedKey(key))
                    throw new ArgumentException($"metadata key '{key}' is reserved and set by the writer", nameof(extra));
                list.Add(new(key, extra[key] ?? throw new ArgumentException($"metadata value for '{key}' is null", nameof(extra))));
            }
        }
        return list;
    }

    internal static void CheckVectorSpec(int dimension, string distance)
    {
        if (dimension <= 0) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "dimension must be positive");
        if (!IsKnownDistance(distance))
            throw new ArgumentException($"distance must be '{DistanceL2}' or '{DistanceCosine}', got '{distance}'", nameof(distance));
    }

    internal static Field Int32Field(string name) => new(name, Int32Type.Default, nullable: false);
    internal static Field FloatField(string name) => new(name, FloatType.Default, nullable: false);
    internal static Field Int64Field(string name) => new(name, Int64Type.Default, nullable: false);

    internal static Field VectorField(int dimension, string name = EmbeddingColumn) =>
        new(name, new FixedSizeListType(new Field(ListItemName, FloatType.Default, nullable: false), dimension), nullable: false);

    internal static Field Int32ListField(string name) =>
        new(name, new ListType(new Field(ListItemName, Int32Type.Default, nullable: false)), nullable: false);

    /// <summary>A compact, tool-neutral spelling of a column type (used by <c>data info</c> and in errors).</summary>
    public static string TypeText(IArrowType type) => type switch
    {
        FixedSizeListType f => $"fixed_size_list<{TypeText(f.ValueDataType)}>[{f.ListSize}]",
        ListType l => $"list<{TypeText(l.ValueDataType)}>",
        Int32Type => "int32",
        Int64Type => "int64",
        FloatType => "float32",
        DoubleType => "float64",
        StringType => "utf8",
        _ => type.Name,
    };
}
