using System.Text.Json.Nodes;

namespace SimCache.Experiments.Stages;

/// <summary>
/// A stage to run or reuse: its name, its folder, the parameters that determine its output, the keys of the
/// stages it reads (<paramref name="Inputs"/>), and raw files or folders it reads (<paramref name="RawInputs"/>,
/// hashed by content). <paramref name="OwnManifest"/> is the file the stage itself writes (e.g. dataset.json),
/// by which a folder from before stage caching is recognised as this tool's. Bump <paramref name="Version"/>
/// when a stage's code changes what it writes, so that old caches are not reused.
/// </summary>
public sealed record StageRequest(
    string Name, string Folder, JsonNode Parameters,
    IReadOnlyDictionary<string, string> Inputs,
    IReadOnlyDictionary<string, string> RawInputs,
    string OwnManifest,
    int Version = 1);
