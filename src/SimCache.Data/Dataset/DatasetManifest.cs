using System.Text.Json;
using System.Text.Json.Serialization;
using SimCache.Data.IO;

namespace SimCache.Data.Dataset;

/// <summary>
/// <c>dataset.json</c>: everything needed to trust and reuse a prepared data set without rereading its
/// input: where it came from (files, sha256), the protocol's parameters, the counts after every filter,
/// users per split, what the timestamps mean, and the maps from dense indices back to the original ids.
/// </summary>
public sealed record DatasetManifest
{
    public const string FileName = "dataset.json";
    public const string Kind = "simcache-dataset";

    public string Format { get; init; } = Kind;
    public int SchemaVersion { get; init; } = 1;
    public required string ToolVersion { get; init; }
    public required string Command { get; init; }
    public required InputSection Input { get; init; }
    public required ProtocolSection Protocol { get; init; }

    /// <summary>unix-seconds, unix-days, file-position or none (see TimestampKind).</summary>
    public required string Timestamps { get; init; }

    public required CountsSection Counts { get; init; }

    /// <summary>Split name → Arrow file name in the folder.</summary>
    public required IReadOnlyDictionary<string, string> Files { get; init; }

    /// <summary>Original user id of each dense user index (the shuffled order, as unique_uid.txt).</summary>
    public required IReadOnlyList<string> UserIds { get; init; }

    /// <summary>Original item id of each dense item index (as unique_sid.txt).</summary>
    public required IReadOnlyList<string> ItemIds { get; init; }

    /// <summary>The input as given: format, path, the column map (csv only), the files read and one sha256 over them.</summary>
    public sealed record InputSection(string Format, string Path, string? Columns, IReadOnlyList<string> Files, long Bytes, string Sha256);

    public sealed record ProtocolSection(
        string Name, double? Threshold, int? MinUserItems, int? MinItemUsers, int? Heldout, long? Seed,
        double? TestFraction, int? MinItemsToSplit, string Rng, string? Note);

    public sealed record StageSection(string Stage, long Interactions, int Users, int Items);

    public sealed record SplitSection(int Users, long Interactions);

    public sealed record CountsSection(
        IReadOnlyList<StageSection> Stages, int Users, int Items, long Interactions,
        int TrainUsers, int ValidationUsers, int TestUsers,
        IReadOnlyDictionary<string, SplitSection> Splits, long HeldoutRowsDropped, long DuplicatesDropped);

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.Strict,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // A hand-edited manifest with a missing or null section is refused on load, not a crash later.
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions) + "\n";

    /// <summary>Reads <c>dataset.json</c> from a data set folder, or fails naming the file and what is wrong.</summary>
    public static DatasetManifest Load(string folder)
    {
        var path = System.IO.Path.Combine(folder, FileName);
        if (!File.Exists(path)) throw new DataFormatException(folder, $"is not a prepared data set: no {FileName}");
        try
        {
            var m = JsonSerializer.Deserialize<DatasetManifest>(File.ReadAllText(path), JsonOptions)
                ?? throw new DataFormatException(path, "is empty");
            if (m.Format != Kind) throw new DataFormatException(path, $"format is '{m.Format}', expected '{Kind}'");
            return m;
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, "is not a valid data set manifest: " + e.Message, e.LineNumber + 1);
        }
    }

    /// <summary>True if <paramref name="other"/> was made from the same input with the same parameters.</summary>
    public bool DescribesSameDataset(DatasetManifest other) =>
        Input.Sha256 == other.Input.Sha256 && Input.Format == other.Input.Format && Input.Columns == other.Input.Columns && Protocol == other.Protocol;
}
