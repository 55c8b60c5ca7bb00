using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SimCache.Training.Speed;

/// <summary>What <c>simcache bench train</c> measured: one table for people, the same fields as JSON for scripts.</summary>
public sealed record TrainingBenchResult
{
    public required string Model { get; init; }
    public required string Dataset { get; init; }
    public required int TrainUsers { get; init; }
    public required int Items { get; init; }

    /// <summary>Non-zeros ÷ (training users × items).</summary>
    public required double Density { get; init; }
    public required int Threads { get; init; }
    public required int Epochs { get; init; }

    /// <summary>Wall seconds per outer epoch (RecVAE: 3 encoder passes, 1 decoder pass, validation), mean over epochs.</summary>
    public required double SecondsPerEpoch { get; init; }
    public required IReadOnlyList<double> EpochSeconds { get; init; }

    /// <summary>Training users per second of an encoder pass (mean over epochs).</summary>
    public required double EncoderUsersPerSecond { get; init; }

    /// <summary>Seconds per outer epoch of each part (input_layer, encoder, prior, decoder, loss, optimiser, evaluation, other).</summary>
    public required IReadOnlyDictionary<string, double> PartSecondsPerEpoch { get; init; }

    /// <summary>Each part's share of the epochs' time; they sum to 1.</summary>
    public required IReadOnlyDictionary<string, double> Shares { get; init; }

    /// <summary>
    /// Each part's share of the calling thread's CPU time in the parts above (other: batch assembly only). On a machine
    /// shared with other work, wall shares stretch with the load; these do not (with one torch thread).
    /// </summary>
    public required IReadOnlyDictionary<string, double> CpuShares { get; init; }

    /// <summary>The process's peak resident memory (VmHWM), 0 where the system does not tell.</summary>
    public required long PeakMemoryBytes { get; init; }

    /// <summary>Validation NDCG@100 after the last epoch: a check that the timed run trained.</summary>
    public required double ValidationNdcg100 { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static TrainingBenchResult FromJson(string json) => JsonSerializer.Deserialize<TrainingBenchResult>(json, Json)
        ?? throw new JsonException("null bench result");

    /// <summary>The human-readable table.</summary>
    public string ToTable()
    {
        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine(string.Create(c, $"{Model} on {Dataset}: {TrainUsers} training users, {Items} items, density {Density * 100:F2}%, {Threads} thread(s), {Epochs} epoch(s)"));
        s.AppendLine(string.Create(c, $"seconds per outer epoch: {SecondsPerEpoch:F1} ({string.Join(", ", EpochSeconds.Select(e => e.ToString("F1", c)))})"));
        s.AppendLine(string.Create(c, $"encoder pass: {EncoderUsersPerSecond:F0} users/s"));
        s.AppendLine(string.Create(c, $"peak memory: {PeakMemoryBytes / 1e6:F0} MB"));
        s.AppendLine(string.Create(c, $"validation NDCG@100 after the last epoch: {ValidationNdcg100:F5}"));
        s.AppendLine("part          s/epoch   share  CPU share");
        foreach (var (part, share) in Shares)
            s.AppendLine(string.Create(c, $"{part,-12} {PartSecondsPerEpoch[part],8:F2} {share * 100,6:F1}%  {CpuShares[part] * 100,6:F1}%"));
        return s.ToString();
    }
}
