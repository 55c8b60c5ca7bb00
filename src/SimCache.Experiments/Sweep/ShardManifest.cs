using System.Text.Json;
using SimCache.Data.IO;

namespace SimCache.Experiments.Sweep;

/// <summary>
/// <c>OUT/shards/I-of-N/shard.json</c>: which pairs a shard must run, written when the shard starts, so
/// <c>simcache slurm status</c> and <c>results merge</c> can say what each shard still lacks without the
/// experiments file. The pair list is the shard's whole share, done or not.
/// </summary>
public sealed record ShardManifest
{
    public const string FileName = "shard.json";
    public const string Kind = "simcache-shard/1";

    public string Format { get; init; } = Kind;
    public required string Experiment { get; init; }
    public required int Index { get; init; }
    public required int Count { get; init; }
    public required string Inputs { get; init; }
    /// <summary>Pairs of the whole sweep (all shards).</summary>
    public required int TotalPairs { get; init; }
    /// <summary>This shard's pairs: [point key, seed].</summary>
    public required IReadOnlyList<ShardPair> Pairs { get; init; }

    public void Save(string dir) => AtomicFile.WriteAllText(Path.Combine(dir, FileName), JsonSerializer.Serialize(this, Options) + "\n");

    /// <summary>The manifest in a shard folder, or null if there is none; a damaged one is refused naming it.</summary>
    public static ShardManifest? TryLoad(string dir)
    {
        var path = Path.Combine(dir, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            var m = JsonSerializer.Deserialize<ShardManifest>(File.ReadAllText(path), Options);
            return m is not null && m.Format == Kind ? m : throw new DataFormatException(path, $"is not a shard manifest ({Kind})");
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, "is not a valid shard manifest: " + e.Message, e.LineNumber + 1);
        }
    }

    public static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };
}
