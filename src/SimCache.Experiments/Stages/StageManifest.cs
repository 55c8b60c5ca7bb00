using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SimCache.Data.IO;

namespace SimCache.Experiments.Stages;

/// <summary>
/// <c>stage.json</c>, the completion marker of a cached stage folder: the stage's key (sha256 of its parameters
/// and input hashes), the parameters and inputs themselves (to read why a stage reran), the files it made
/// with their sizes (a deleted or truncated output makes the stage run again), and the raw inputs'
/// fingerprints (so an unchanged multi-gigabyte rating file is not re-hashed on every run). It is written last
/// and the folder swapped in whole, so a folder with a stage.json is always complete.
/// </summary>
public sealed record StageManifest
{
    public const string FileName = "stage.json";
    public const string Kind = "simcache-stage/1";

    public string Format { get; init; } = Kind;
    public required string Stage { get; init; }
    public required string Key { get; init; }
    public required JsonNode Parameters { get; init; }
    public required SortedDictionary<string, string> Inputs { get; init; }
    public required SortedDictionary<string, long> Outputs { get; init; }
    public required SortedDictionary<string, RawInput> RawInputs { get; init; }
    public required string ToolVersion { get; init; }

    /// <summary>A raw input file or folder: where, its cheap fingerprint and its content hash.</summary>
    public sealed record RawInput(string Path, string Fingerprint, string Sha256);

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        RespectNullableAnnotations = true,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions) + "\n";

    /// <summary>The manifest of a stage folder, or null if there is none or it cannot be read (then the stage reruns).</summary>
    public static StageManifest? TryLoad(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            var m = JsonSerializer.Deserialize<StageManifest>(File.ReadAllText(path), JsonOptions);
            return m is not null && m.Format == Kind ? m : null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>True if every output file is there with its recorded size.</summary>
    public bool OutputsPresent(string folder) =>
        Outputs.All(o => new FileInfo(Path.Combine(folder, o.Key)) is { Exists: true } f && f.Length == o.Value);

    internal static DataFormatException Refuse(string folder, string own) =>
        new(folder, $"is not empty and holds neither {FileName} nor {own}, so it is not a stage folder this tool wrote; it is never replaced: move it away or choose another --out");
}
