using System.Globalization;
using System.Text.Json;
using SimCache.Data.Ingest;
using SimCache.Data.IO;
using SimCache.Data.Synthetic;
using SimCache.Training.Training;

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
            doc = JsonDocument.Parse(System.IO.File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, "is not valid JSON: " + e.Message, e.LineNumber + 1);
        }
        using (doc)
        {
            var reader = new Reader(path);
            var root = reader.Object(doc.RootElement, "$", ["$schema", "experiments"]);
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

    private sealed class Reader(string file)
    {
        private readonly string _baseDir = Path.GetDirectoryName(Path.GetFullPath(file))!;

        public DataFormatException Error(string at, string message) => new(file, $"{at}: {message}");

        public Dictionary<string, JsonElement> Object(JsonElement e, string at, string[] allowed)
        {
            if (e.ValueKind != JsonValueKind.Object) throw Error(at, "expected an object");
            var map = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var p in e.EnumerateObject())
            {
                if (!allowed.Contains(p.Name))
                    throw Error(Join(at, p.Name), $"unknown key; valid keys here: {string.Join(", ", allowed)}");
                if (!map.TryAdd(p.Name, p.Value)) throw Error(Join(at, p.Name), "given twice");
            }
            return map;
        }

        public JsonElement Required(Dictionary<string, JsonElement> map, string at, string key) =>
            map.TryGetValue(key, out var v) ? v : throw Error(Join(at, key), "is required");

        public ExperimentSpec Experiment(JsonElement e, string at)
        {
            var map = Object(e, at, ["name", "description", "data", "training"]);
            var name = String(Required(map, at, "name"), Join(at, "name"));
            if (name.Length == 0 || name.Any(c => !(char.IsLetterOrDigit(c) || c is '-' or '_' or '.')))
                throw Error(Join(at, "name"), "expected a name of letters, digits, '-', '_' or '.' (it names the output folder)");
            string? description = map.TryGetValue("description", out var d) ? String(d, Join(at, "description")) : null;
            var training = map.TryGetValue("training", out var t) ? Training(t, Join(at, "training")) : null;
            return new ExperimentSpec(name, description, Data(Required(map, at, "data"), Join(at, "data")), training);
        }

        private DataSpec Data(JsonElement e, string at)
        {
            var map = Object(e, at, ["synthetic", "dataset", "file", "protocol"]);
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
                    var s = Object(map["synthetic"], sat, ["preset", "seed", "users", "items", "clusters"]);
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
                    var f = Object(map["file"], fat, ["path", "format", "columns"]);
                    var path = ResolvePath(String(Required(f, fat, "path"), Join(fat, "path")));
                    if (!System.IO.File.Exists(path) && !Directory.Exists(path)) throw Error(Join(fat, "path"), $"{path}: no such file or folder");
                    var format = String(Required(f, fat, "format"), Join(fat, "format"));
                    if (!RatingFormat.All.Contains(format))
                        throw Error(Join(fat, "format"), $"unknown format '{format}'; valid formats: {string.Join(", ", RatingFormat.All)}");
                    string? columns = f.TryGetValue("columns", out var cv) ? String(cv, Join(fat, "columns")) : null;
                    if (format == RatingFormat.Csv)
                    {
                        try { ColumnMap.Parse(columns); }
                        catch (UsageException u) { throw Error(Join(fat, "columns"), u.Message); }
                    }
                    return spec with { File = path, Format = format, Columns = columns };
                }
            }
        }

        private TrainOptions Training(JsonElement e, string at)
        {
            var map = Object(e, at, ["model", "epochs", "gamma", "beta", "batch", "lr", "hidden", "latent", "dropout", "seed", "threads"]);
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

        private double Double(JsonElement e, string at, double min, double max)
        {
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out var v) || !double.IsFinite(v)) throw Error(at, $"expected a number, found {Kind(e)}");
            if (v < min || v > max) throw Error(at, string.Create(CultureInfo.InvariantCulture, $"must be in [{min}, {max}], found {v}"));
            return v;
        }

        private DataSpec Protocol(JsonElement e, string at, DataSpec spec)
        {
            var map = Object(e, at, ["threshold", "min_user_items", "min_item_users", "heldout", "seed"]);
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

        private string ResolvePath(string p) => Path.GetFullPath(Path.IsPathRooted(p) ? p : Path.Combine(_baseDir, p));

        private string String(JsonElement e, string at) =>
            e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Error(at, $"expected a string, found {Kind(e)}");

        private long Long(JsonElement e, string at) =>
            e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var v) ? v : throw Error(at, $"expected an integer, found {Kind(e)}");

        private int Int(JsonElement e, string at, int min)
        {
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out var v)) throw Error(at, $"expected an integer, found {Kind(e)}");
            if (v < min) throw Error(at, string.Create(CultureInfo.InvariantCulture, $"must be ≥ {min}, found {v}"));
            return v;
        }

        private static string Kind(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.Number => "the number " + e.GetRawText(),
            JsonValueKind.String => "the string " + e.GetRawText(),
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            JsonValueKind.Null => "null",
            JsonValueKind.Array => "an array",
            _ => "an object",
        };

        private static string Join(string at, string key) => at == "$" ? key : at + "." + key;
    }
}
