using System.Diagnostics;
using System.Text.Json.Nodes;
using SimCache.Data.Dataset;
using SimCache.Data.IO;

namespace SimCache.Experiments.Stages;

/// <summary>
/// Runs a stage only when its output is missing or stale. A stage's key is the sha256 of the canonical JSON of
/// {stage, version, parameters, inputs}, where inputs are the keys of the stages it reads and the content
/// hashes of the raw files it reads; so a change anywhere upstream changes every key below it, and a rerun
/// redoes exactly the stages whose inputs or parameters changed. The stage is built in a temporary sibling
/// folder, its <see cref="StageManifest"/> written last, and the folder swapped in whole: a stage folder is
/// either complete (with its stage.json) or absent, whenever the process is stopped. One version per stage is
/// kept (the folder names are fixed: OUT/NAME/dataset, OUT/NAME/run, …); the code version is recorded, not
/// keyed, so a rebuild of the tool does not throw away hours of training (delete the folder to force a rerun).
/// </summary>
public static class StageCache
{
    public static StageResult Run(StageRequest request, Action<string> build)
    {
        var folder = Path.GetFullPath(request.Folder);
        var previous = StageManifest.TryLoad(folder);
        var rawInputs = new SortedDictionary<string, StageManifest.RawInput>(StringComparer.Ordinal);
        foreach (var (name, path) in request.RawInputs)
        {
            var full = Path.GetFullPath(path);
            var fingerprint = ContentHash.Fingerprint(full);
            var sha = previous is not null && previous.RawInputs.TryGetValue(name, out var known) && known.Path == full && known.Fingerprint == fingerprint
                ? known.Sha256 : ContentHash.OfPath(full);
            rawInputs[name] = new StageManifest.RawInput(full, fingerprint, sha);
        }
        var inputs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, hash) in request.Inputs) inputs[name] = hash;
        foreach (var (name, raw) in rawInputs) inputs[name] = raw.Sha256;
        var parameters = CanonicalJson.Sorted(request.Parameters)!;
        var key = KeyOf(request.Name, request.Version, parameters, inputs);

        if (previous is not null && previous.Key == key && previous.OutputsPresent(folder))
            return new StageResult(request.Name, folder, key, Reused: true, 0);

        if (previous is null && Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any()
            && !File.Exists(Path.Combine(folder, request.OwnManifest)))
            throw StageManifest.Refuse(folder, request.OwnManifest);
        if (File.Exists(folder)) throw new DataFormatException(folder, "is a file; a stage writes a folder here");

        var parent = Path.GetDirectoryName(folder)!;
        StaleTemporaries.Clean(parent);
        var clock = Stopwatch.StartNew();
        DatasetFolder.Replace(folder, tmp =>
        {
            build(tmp);
            var outputs = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var file in Directory.GetFiles(tmp, "*", SearchOption.AllDirectories))
                outputs[Path.GetRelativePath(tmp, file).Replace('\\', '/')] = new FileInfo(file).Length;
            var manifest = new StageManifest
            {
                Stage = request.Name, Key = key, Parameters = parameters, Inputs = inputs, Outputs = outputs, RawInputs = rawInputs,
                ToolVersion = Provenance.ToolVersion,
            };
            AtomicFile.WriteAllText(Path.Combine(tmp, StageManifest.FileName), manifest.ToJson());
        });
        return new StageResult(request.Name, folder, key, Reused: false, clock.Elapsed.TotalSeconds);
    }

    /// <summary>sha256 of the canonical JSON of {stage, version, parameters, inputs}.</summary>
    public static string KeyOf(string stage, int version, JsonNode parameters, IReadOnlyDictionary<string, string> inputs)
    {
        var inputNode = new JsonObject();
        foreach (var (name, hash) in inputs) inputNode[name] = hash;
        var node = new JsonObject
        {
            ["stage"] = stage,
            ["version"] = version,
            ["parameters"] = CanonicalJson.Sorted(parameters),
            ["inputs"] = inputNode,
        };
        return ContentHash.OfText(CanonicalJson.Serialize(node));
    }
}
