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
        var plan = Plan(request);
        if (plan.Reused) return new StageResult(request.Name, plan.Folder, plan.Key, Reused: true, 0);
        var clock = Stopwatch.StartNew();
        DatasetFolder.Replace(plan.Folder, tmp =>
        {
            build(tmp);
            WriteManifest(tmp, request, plan);
        });
        return new StageResult(request.Name, plan.Folder, plan.Key, Reused: false, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Runs a stage like <see cref="Run"/>, but builds it in a work folder that outlives the process: a sibling
    /// <c>.NAME.partial-KEY</c>. A build that is stopped (Ctrl+C, a failure, a kill) keeps that folder whenever
    /// <see cref="ResumableBuild.Inspect"/> finds something to continue from, and the next run of the same key
    /// resumes it instead of starting over; a run of another key removes it (one version per stage is kept, as
    /// for the stage folders themselves). A kept folder whose own state turns out unreadable (a
    /// <see cref="DataFormatException"/> naming a file inside it) cannot be repaired by the user, so the build
    /// starts over. Each such decision is logged.
    /// </summary>
    public static StageResult RunResumable(StageRequest request, ResumableBuild build, Action<string> log)
    {
        var plan = Plan(request);
        if (plan.Reused) return new StageResult(request.Name, plan.Folder, plan.Key, Reused: true, 0);
        var parent = Path.GetDirectoryName(plan.Folder)!;
        var name = Path.GetFileName(plan.Folder);
        var work = Path.Combine(parent, "." + name + ".partial-" + plan.Key[..16]);
        foreach (var other in Directory.EnumerateDirectories(parent, "." + name + ".partial-*"))
        {
            if (other == work) continue;
            DatasetFolder.TryDelete(other);
            log($"{request.Name}: removed {other}, the kept work of an interrupted {request.Name} with other parameters or inputs");
        }
        var clock = Stopwatch.StartNew();
        var kept = Directory.Exists(work) ? build.Inspect(work) : KeptWork.Nothing;
        if (kept == KeptWork.Nothing) Fresh(work, plan.Folder);
        if (kept == KeptWork.Complete) log($"{request.Name}: the build kept in {work} is complete; moving it into place");
        else
        {
            if (kept == KeptWork.Resumable) log($"{request.Name}: continuing the interrupted build kept in {work}");
            try
            {
                try
                {
                    (kept == KeptWork.Resumable ? build.Resume : build.Start)(work);
                }
                catch (DataFormatException e) when (kept == KeptWork.Resumable && DatasetFolder.IsWithin(e.Path, work))
                {
                    log($"{request.Name}: the work kept in {work} cannot be continued ({e.Message}); starting over");
                    Fresh(work, plan.Folder);
                    build.Start(work);
                }
            }
            catch
            {
                if (Directory.Exists(work) && build.Inspect(work) != KeptWork.Nothing)
                    log($"{request.Name}: stopped; the work so far is kept in {work}, and the same command continues it");
                else DatasetFolder.TryDelete(work);
                throw;
            }
        }
        WriteManifest(work, request, plan);
        DatasetFolder.SwapIn(work, plan.Folder);
        return new StageResult(request.Name, plan.Folder, plan.Key, Reused: false, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The stage's key, its raw inputs' hashes, and whether its folder already holds that key's complete output.</summary>
    private sealed record StagePlan(string Folder, string Key, JsonNode Parameters, SortedDictionary<string, string> Inputs,
        SortedDictionary<string, StageManifest.RawInput> RawInputs, bool Reused);

    /// <summary>Keys the stage and, unless its output is there already, vets its folder and clears what killed runs left beside it.</summary>
    private static StagePlan Plan(StageRequest request)
    {
        var folder = Path.GetFullPath(request.Folder).TrimEnd(Path.DirectorySeparatorChar);
        DatasetFolder.Recover(folder); // a run killed mid-swap: the previous folder is moved back first
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
            return new StagePlan(folder, key, parameters, inputs, rawInputs, Reused: true);

        if (previous is null && Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any()
            && !File.Exists(Path.Combine(folder, request.OwnManifest)))
            throw StageManifest.Refuse(folder, request.OwnManifest);
        if (File.Exists(folder)) throw new DataFormatException(folder, "is a file; a stage writes a folder here");
        StaleTemporaries.Clean(Path.GetDirectoryName(folder)!);
        return new StagePlan(folder, key, parameters, inputs, rawInputs, Reused: false);
    }

    /// <summary>Writes the stage's manifest last, listing every other file the build wrote.</summary>
    private static void WriteManifest(string dir, StageRequest request, StagePlan plan)
    {
        var outputs = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(dir, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(dir, file).Replace('\\', '/');
            if (relative != StageManifest.FileName) outputs[relative] = new FileInfo(file).Length; // a kept build killed after writing it
        }
        var manifest = new StageManifest
        {
            Stage = request.Name, Key = plan.Key, Parameters = plan.Parameters, Inputs = plan.Inputs, Outputs = outputs, RawInputs = plan.RawInputs,
            ToolVersion = Provenance.ToolVersion,
        };
        AtomicFile.WriteAllText(Path.Combine(dir, StageManifest.FileName), manifest.ToJson());
    }

    /// <summary>An empty work folder (an environment failure naming the stage's folder, exit code 1, if it cannot be made).</summary>
    private static void Fresh(string work, string folder)
    {
        DatasetFolder.TryDelete(work);
        try
        {
            Directory.CreateDirectory(work);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw DatasetFolder.CannotWrite(folder, "cannot be written", e);
        }
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
