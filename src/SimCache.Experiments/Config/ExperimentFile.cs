using System.Globalization;
using System.Text.Json;
using SimCache.Data.Ingest;
using SimCache.Data.Download;
using SimCache.Data.IO;
using SimCache.Data.Synthetic;
using SimCache.Training.Training;
using SimCache.Data.Ingest.Formats;

namespace SimCache.Experiments.Config;

/// <summary>
/// <c>experiments.json</c>: named experiments, each a complete description of a study. Read strictly: an
/// unknown key, a wrong type, a bad value or a missing file is refused with the JSON path of the offending
/// field (e.g. <c>experiments[0].data.synthetic.preset</c>), because a typo silently ignored would run a
/// different study than the one written down. Relative paths are taken from the file's own folder.
/// </summary>
public sealed class ExperimentFile
{
    private readonly string _path;

    private ExperimentFile(string path, IReadOnlyList<ExperimentSpec> experiments)
    {
        _path = path;
        Experiments = experiments;
    }

    public IReadOnlyList<ExperimentSpec> Experiments { get; }

    /// <summary>The file it was read from, as given.</summary>
    public string FilePath => _path;

    /// <summary>The experiment called <paramref name="name"/>, or the first one when no name is given.</summary>
    public ExperimentSpec Select(string? name)
    {
        if (name is null) return Experiments[0];
        return Experiments.FirstOrDefault(e => e.Name == name)
            ?? throw new UsageException($"{_path}: no experiment named '{name}'; it has: {string.Join(", ", Experiments.Select(e => e.Name))}");
    }

    public static ExperimentFile Load(string path)
    {
        if (!System.IO.File.Exists(path)) throw new DataFormatException(path, "no such experiments file");
        JsonDocument doc;
        try
        {
            // Strict JSON (no comments, no trailing commas): what the schema and every other JSON reader accept.
            doc = JsonDocument.Parse(System.IO.File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            long line = (e.LineNumber ?? 0) + 1, column = (e.BytePositionInLine ?? 0) + 1;
            throw new DataFormatException(path, string.Create(CultureInfo.InvariantCulture,
                $"column {column}: is not valid JSON (strict: no comments, no trailing commas): {JsonReason(e.Message)}"), line);
        }
        using (doc)
        {
            var reader = new Reader(path);
            var root = reader.Object(doc.RootElement, "$", ExperimentFileKeys.Root);
            var list = reader.Required(root, "$", "experiments");
            if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
                throw reader.Error("experiments", "expected a non-empty array of experiments");
            var specs = new List<ExperimentSpec>();
            int i = 0;
            foreach (var e in list.EnumerateArray())
            {
                var at = $"experiments[{i++}]";
                var spec = reader.Experiment(e, at);
                if (specs.Any(s => s.Name == spec.Name)) throw reader.Error(at + ".name", $"'{spec.Name}' is used by an earlier experiment");
                specs.Add(spec);
            }
            return new ExperimentFile(path, specs);
        }
    }

    /// <summary>System.Text.Json's message without its own location suffix ("LineNumber: 3 | BytePositionInLine: 4."), which the caller gives in the file's terms.</summary>
    private static string JsonReason(string message)
    {
        int at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return at > 0 ? message[..at].TrimEnd() : message;
    }

    private sealed class Reader(string file)
    {
        private readonly JsonSpecReader _r = new(file);

        public DataFormatException Error(string at, string message) => _r.Error(at, message);

        public Dictionary<string, JsonElement> Object(JsonElement e, string at, IReadOnlyList<string> allowed) => _r.Object(e, at, allowed);

        public JsonElement Required(Dictionary<string, JsonElement> map, string at, string key) => _r.Required(map, at, key);

        public ExperimentSpec Experiment(JsonElement e, string at)
        {
            var map = Object(e, at, ExperimentFileKeys.Experiment);
            var name = String(Required(map, at, "name"), Join(at, "name"));
            if (name.Length == 0 || name.Any(c => !(char.IsLetterOrDigit(c) || c is '-' or '_' or '.')))
                throw Error(Join(at, "name"), "expected a name of letters, digits, '-', '_' or '.' (it names the output folder)");
            string? description = map.TryGetValue("description", out var d) ? String(d, Join(at, "description")) : null;
            var training = map.TryGetValue("training", out var t) ? Training(t, Join(at, "training")) : null;
            var data = Data(Required(map, at, "data"), Join(at, "data"));
            TraceSpec? trace = null;
            if (map.TryGetValue("trace", out var tr))
            {
                trace = Trace(tr, Join(at, "trace"));
                if (training is null) throw Error(Join(at, "trace"), "needs a training section: the trace re-embeds users with the trained model");
            }
            GeometrySpec? geometry = null;
            if (map.TryGetValue("geometry", out var g))
            {
                geometry = Geometry(g, Join(at, "geometry"));
                if (training is null) throw Error(Join(at, "geometry"), "needs a training section: it analyses the trained model's embeddings");
            }
            var sweep = map.TryGetValue("sweep", out var sw) ? SweepSectionReader.Read(_r, sw, Join(at, "sweep")) : null;
            return new ExperimentSpec(name, description, data, training) { Trace = trace, Geometry = geometry, Sweep = sweep };
        }

        private TraceSpec Trace(JsonElement e, string at)
        {
            var map = Object(e, at, ExperimentFileKeys.Trace);
            var o = new TraceSpec();
            if (map.TryGetValue("min_ratings", out var m)) o = o with { MinRatings = Int(m, Join(at, "min_ratings"), 1) };
            if (map.TryGetValue("warmup", out var w)) o = o with { Warmup = Double(w, Join(at, "warmup"), double.Epsilon, 1) };
            if (map.TryGetValue("every", out var ev)) o = o with { Every = Int(ev, Join(at, "every"), 1) };
            if (map.TryGetValue("answers", out var a)) o = o with { Answers = Int(a, Join(at, "answers"), 1) };
            if (map.TryGetValue("future", out var f)) o = o with { Future = Int(f, Join(at, "future"), 0) };
            return o;
        }

        private GeometrySpec Geometry(JsonElement e, string at)
        {
            var map = Object(e, at, ExperimentFileKeys.Geometry);
            var o = new GeometrySpec();
            if (map.TryGetValue("sample", out var s)) o = o with { Sample = Int(s, Join(at, "sample"), 2) };
            if (map.TryGetValue("seed", out var sd)) o = o with { Seed = Long(sd, Join(at, "seed")) };
            if (map.TryGetValue("gmm_max", out var gm)) o = o with { GmmMax = _r.Int(gm, Join(at, "gmm_max"), 1, 100) };
            if (map.TryGetValue("gmm_cov", out var gc)) o = o with { GmmCov = _r.Choice(gc, Join(at, "gmm_cov"), GeometrySpec.CovarianceTypes, "covariance type") };
            if (map.TryGetValue("gmm_space", out var gs)) o = o with { GmmSpace = _r.Choice(gs, Join(at, "gmm_space"), GeometrySpec.Spaces, "mixture space") };
            if (map.TryGetValue("gmm_variance", out var gv)) o = o with { GmmVariance = Double(gv, Join(at, "gmm_variance"), 0.01, 1) };
            if (map.TryGetValue("gmm_init", out var gi)) o = o with { GmmInit = Int(gi, Join(at, "gmm_init"), 1) };
            if (map.TryGetValue("knn", out var k)) o = o with { Knn = Int(k, Join(at, "knn"), 1) };
            if (map.TryGetValue("tsne", out var ts)) o = o with { Tsne = _r.Bool(ts, Join(at, "tsne")) };
            if (map.TryGetValue("umap", out var um)) o = o with { Umap = _r.Bool(um, Join(at, "umap")) };
            if (map.TryGetValue("umap_neighbors", out var un)) o = o with { UmapNeighbors = _r.Int(un, Join(at, "umap_neighbors"), 2, SimCache.Geometry.Report.GeometryOptions.MaxUmapNeighbors) };
            if (o.Umap && !o.Tsne) throw Error(Join(at, "umap"), "the UMAP map is drawn on the t-SNE map's points; set \"tsne\": true as well");
            return o;
        }

        private DataSpec Data(JsonElement e, string at)
        {
            var map = Object(e, at, ExperimentFileKeys.Data);
            var sources = new[] { "synthetic", "dataset", "file" }.Where(map.ContainsKey).ToArray();
            if (sources.Length != 1) throw Error(at, "give exactly one of synthetic, dataset or file");
            var spec = new DataSpec();
            if (map.TryGetValue("protocol", out var protocol))
            {
                if (sources[0] == "dataset") throw Error(Join(at, "protocol"), "a prepared data set is already split; protocol applies to synthetic and file");
                spec = Protocol(protocol, Join(at, "protocol"), spec);
            }
            switch (sources[0])
            {
                case "synthetic":
                {
                    var sat = Join(at, "synthetic");
                    var s = Object(map["synthetic"], sat, ExperimentFileKeys.Synthetic);
                    var preset = s.TryGetValue("preset", out var p) ? String(p, Join(sat, "preset")) : "small";
                    if (!SyntheticOptions.PresetNames.Contains(preset))
                        throw Error(Join(sat, "preset"), $"unknown preset '{preset}'; valid presets: {string.Join(", ", SyntheticOptions.PresetNames)}");
                    return spec with
                    {
                        SyntheticPreset = preset,
                        SyntheticSeed = s.TryGetValue("seed", out var sd) ? Long(sd, Join(sat, "seed")) : null,
                        SyntheticUsers = s.TryGetValue("users", out var u) ? Int(u, Join(sat, "users"), 1) : null,
                        SyntheticItems = s.TryGetValue("items", out var it) ? Int(it, Join(sat, "items"), 1) : null,
                        SyntheticClusters = s.TryGetValue("clusters", out var c) ? Int(c, Join(sat, "clusters"), 1) : null,
                    };
                }
                case "dataset":
                {
                    var dir = ResolvePath(String(map["dataset"], Join(at, "dataset")));
                    if (!System.IO.File.Exists(Path.Combine(dir, "dataset.json")))
                        throw Error(Join(at, "dataset"), $"{dir} is not a prepared data set (no dataset.json)");
                    return spec with { Dataset = dir };
                }
                default:
                {
                    var fat = Join(at, "file");
                    var f = Object(map["file"], fat, ExperimentFileKeys.File);
                    // "name": a data set of the download catalogue, which gives the default folder and format;
                    // "download": true lets run fetch it first when the folder is missing.
                    DatasetSource? source = null;
                    if (f.TryGetValue("name", out var nv))
                    {
                        try { source = DatasetCatalogue.Find(String(nv, Join(fat, "name"))); }
                        catch (UsageException u) { throw Error(Join(fat, "name"), u.Message); }
                    }
                    bool download = f.TryGetValue("download", out var dv) && _r.Bool(dv, Join(fat, "download"));
                    if (download && source is null) throw Error(Join(fat, "download"), "download needs the data set's catalogue name (\"name\"; see 'simcache data download --list')");
                    if (download && !source!.Downloadable) throw Error(Join(fat, "name"), $"{source.Name} cannot be downloaded: {source.Licence}");
                    var path = source is not null && !f.ContainsKey("path")
                        ? ResolvePath(Path.Combine("data", source.Name))
                        : ResolvePath(String(Required(f, fat, "path"), Join(fat, "path")));
                    bool present = System.IO.File.Exists(path) || Directory.Exists(path);
                    if (!present && !download)
                        throw Error(Join(fat, "path"), source is { Downloadable: true }
                            ? $"{path}: no such file or folder; add \"download\": true to fetch {source.Name} there, or run 'simcache data download {source.Name} --out {path}'"
                            : $"{path}: no such file or folder");
                    if (download)
                    {
                        try { DatasetDownloader.Check(new DownloadRequest { Name = source!.Name, OutDir = path }); }
                        catch (Exception x) when (x is UsageException or DataFormatException) { throw Error(Join(fat, "path"), x.Message); }
                    }
                    var format = source is not null && !f.ContainsKey("format")
                        ? source.PrepareFormat
                        : String(Required(f, fat, "format"), Join(fat, "format"));
                    if (!RatingFormats.Names.Contains(format))
                        throw Error(Join(fat, "format"), $"unknown format '{format}'; valid formats: {string.Join(", ", RatingFormats.Names)}");
                    string? columns = f.TryGetValue("columns", out var cv) ? String(cv, Join(fat, "columns")) : null;
                    if (RatingFormats.Get(format).TakesColumns)
                    {
                        try { ColumnMap.Parse(columns); }
                        catch (UsageException u) { throw Error(Join(fat, "columns"), u.Message); }
                    }
                    return spec with { File = path, Format = format, Columns = columns, Download = download ? source!.Name : null };
                }
            }
        }

        private TrainOptions Training(JsonElement e, string at)
        {
            var map = Object(e, at, ExperimentFileKeys.Training);
            var o = new TrainOptions();
            if (map.TryGetValue("model", out var m))
            {
                var model = String(m, Join(at, "model"));
                if (!TrainOptions.Models.Contains(model))
                    throw Error(Join(at, "model"), $"unknown model '{model}'; valid models: {string.Join(", ", TrainOptions.Models)}");
                o = o with { Model = model };
            }
            if (map.TryGetValue("epochs", out var ep)) o = o with { Epochs = Int(ep, Join(at, "epochs"), 1) };
            if (map.TryGetValue("gamma", out var g)) o = o with { Gamma = Double(g, Join(at, "gamma"), 0, double.MaxValue) };
            if (map.TryGetValue("beta", out var b)) o = o with { Beta = Double(b, Join(at, "beta"), 0, double.MaxValue) };
            if (map.TryGetValue("batch", out var bt)) o = o with { Batch = Int(bt, Join(at, "batch"), 1) };
            if (map.TryGetValue("lr", out var lr)) o = o with { LearningRate = Double(lr, Join(at, "lr"), double.Epsilon, double.MaxValue) };
            if (map.TryGetValue("hidden", out var h)) o = o with { Hidden = Int(h, Join(at, "hidden"), 1) };
            if (map.TryGetValue("latent", out var l)) o = o with { Latent = Int(l, Join(at, "latent"), 1) };
            if (map.TryGetValue("dropout", out var d)) o = o with { Dropout = Double(d, Join(at, "dropout"), 0, 0.999999) };
            if (map.TryGetValue("seed", out var s)) o = o with { Seed = Long(s, Join(at, "seed")) };
            if (map.TryGetValue("threads", out var th)) o = o with { Threads = Int(th, Join(at, "threads"), 1) };
            return o;
        }

        private DataSpec Protocol(JsonElement e, string at, DataSpec spec)
        {
            var map = Object(e, at, ExperimentFileKeys.Protocol);
            if (map.TryGetValue("threshold", out var t))
            {
                double threshold = t.ValueKind == JsonValueKind.String && t.GetString() == "none" ? double.NaN
                    : t.ValueKind == JsonValueKind.Number ? t.GetDouble()
                    : throw Error(Join(at, "threshold"), "expected a number or \"none\"");
                spec = spec with { Threshold = threshold };
            }
            if (map.TryGetValue("min_user_items", out var mu)) spec = spec with { MinUserItems = Int(mu, Join(at, "min_user_items"), 0) };
            if (map.TryGetValue("min_item_users", out var mi)) spec = spec with { MinItemUsers = Int(mi, Join(at, "min_item_users"), 0) };
            if (map.TryGetValue("heldout", out var h)) spec = spec with { Heldout = Int(h, Join(at, "heldout"), 1) };
            if (map.TryGetValue("seed", out var s))
            {
                long seed = Long(s, Join(at, "seed"));
                if (seed < 0 || seed > uint.MaxValue) throw Error(Join(at, "seed"), "expected an integer in [0, 4294967295] (numpy's seed range)");
                spec = spec with { ProtocolSeed = (uint)seed };
            }
            return spec;
        }

        private string ResolvePath(string p) => _r.ResolvePath(p);

        private string String(JsonElement e, string at) => _r.String(e, at);

        private long Long(JsonElement e, string at) => _r.Long(e, at);

        private int Int(JsonElement e, string at, int min) => _r.Int(e, at, min);

        private double Double(JsonElement e, string at, double min, double max) => _r.Double(e, at, min, max);

        private static string Join(string at, string key) => JsonSpecReader.Join(at, key);
    }
}
