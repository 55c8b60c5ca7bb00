using System.Text.Json;
using SimCache.Data.IO;

namespace SimCache.Experiments.Sweep;

/// <summary>
/// <c>OUT/slurm/plan.json</c>: every point × seed pair of a sharded sweep and the number of shards, written by
/// <c>simcache slurm</c> before anything is submitted. With it, <c>slurm status</c> also counts the pairs of
/// shards that never started (they have no folder yet); each pair's shard follows from its key
/// (<see cref="SweepShard.Of"/>), so the file need not list it.
/// </summary>
public sealed record ShardPlan
{
    public const string FileName = "plan.json";
    public const string Kind = "simcache-shard-plan/1";

    public string Format { get; init; } = Kind;
    public required string Experiment { get; init; }
    public required int Shards { get; init; }
    public required IReadOnlyList<ShardPair> Pairs { get; init; }

    public void Save(string dir)
    {
        Directory.CreateDirectory(dir);
        AtomicFile.WriteAllText(Path.Combine(dir, FileName), JsonSerializer.Serialize(this, ShardManifest.Options) + "\n");
    }

    /// <summary>The plan in a folder, or null if there is none; a damaged one is refused naming it.</summary>
    public static ShardPlan? TryLoad(string dir)
    {
        var path = Path.Combine(dir, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            var p = JsonSerializer.Deserialize<ShardPlan>(File.ReadAllText(path), ShardManifest.Options);
            return p is not null && p.Format == Kind && p.Shards >= 1 ? p : throw new DataFormatException(path, $"is not a shard plan ({Kind})");
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, "is not a valid shard plan: " + e.Message, e.LineNumber + 1);
        }
    }
}
