using System.Text.Json;
using System.Text.Json.Serialization;

namespace SimCache.Training.Training;

/// <summary>
/// metrics.json: what a run reached (validation and test NDCG@100, Recall@20, Recall@50 of the best epoch),
/// how it got there (per-epoch validation NDCG and seconds) and what it was trained on and with (parameters,
/// the data set's sha256), so any figure in a report can be traced to its run.
/// </summary>
public sealed record RunMetrics
{
    public const string FileName = "metrics.json";

    public required string Model { get; init; }
    public required string ToolVersion { get; init; }
    public required string Command { get; init; }
    public required TrainOptions Parameters { get; init; }
    public required string Dataset { get; init; }
    public required string DatasetSha256 { get; init; }
    public required int BestEpoch { get; init; }
    public required IReadOnlyDictionary<string, double> Validation { get; init; }
    public required IReadOnlyDictionary<string, double> Test { get; init; }
    public required int ValidationUsers { get; init; }
    public required int TestUsers { get; init; }
    public required IReadOnlyList<EpochRecord> Epochs { get; init; }
    public required double TotalSeconds { get; init; }

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions) + "\n";
}
