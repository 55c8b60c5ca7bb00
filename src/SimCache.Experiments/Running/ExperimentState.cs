using System.Text.Json;
using System.Text.Json.Serialization;
using SimCache.Data.IO;

namespace SimCache.Experiments.Running;

/// <summary>
/// <c>OUT/NAME/experiment.json</c>: what the last run of an experiment made and where (data set, model run,
/// trace, geometry), what each stage did, and which simulator ran the sweep. The report is built from these
/// files and results.db, so it can be rebuilt at any time without rerunning anything.
/// </summary>
public sealed record ExperimentState
{
    public const string FileName = "experiment.json";
    public const string Kind = "simcache-experiment/1";

    public string Format { get; init; } = Kind;
    public required string Name { get; init; }
    public string? Description { get; init; }
    public required string Command { get; init; }
    public required string ToolVersion { get; init; }
    public string? Dataset { get; init; }
    public string? Run { get; init; }
    public string? Trace { get; init; }
    public string? Geometry { get; init; }
    public string? Simulator { get; init; }
    public required IReadOnlyList<StageStatus> Stages { get; init; }

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public void Save(string experimentDir) => AtomicFile.WriteAllText(Path.Combine(experimentDir, FileName), JsonSerializer.Serialize(this, JsonOptions) + "\n");

    /// <summary>The state in an experiment folder, or null if there is none; a damaged file is refused naming it.</summary>
    public static ExperimentState? TryLoad(string experimentDir)
    {
        var path = Path.Combine(experimentDir, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            var s = JsonSerializer.Deserialize<ExperimentState>(File.ReadAllText(path), JsonOptions);
            return s is not null && s.Format == Kind ? s : throw new DataFormatException(path, $"is not an experiment state ({Kind})");
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, "is not a valid experiment state: " + e.Message, e.LineNumber + 1);
        }
    }
}
