using System.Globalization;
using System.Text.Json;
using SimCache.Data.IO;

namespace SimCache.Experiments.Config;

/// <summary>
/// The strict reading rules of <c>experiments.json</c> in one place: every value is read through here with
/// its JSON path, so a refusal always names the field (<c>experiments[0].sweep.caches[1].threshold</c>) and
/// the file, and every object is checked against its list of valid keys.
/// </summary>
internal sealed class JsonSpecReader(string file)
{
    private readonly string _baseDir = Path.GetDirectoryName(Path.GetFullPath(file))!;

    public string File => file;

    public DataFormatException Error(string at, string message) => new(file, $"{at}: {message}");

    public Dictionary<string, JsonElement> Object(JsonElement e, string at, IReadOnlyList<string> allowed)
    {
        if (e.ValueKind != JsonValueKind.Object) throw Error(at, $"expected an object, found {Kind(e)}");
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

    public string ResolvePath(string p) => Path.GetFullPath(Path.IsPathRooted(p) ? p : Path.Combine(_baseDir, p));

    public string String(JsonElement e, string at) =>
        e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Error(at, $"expected a string, found {Kind(e)}");

    public bool Bool(JsonElement e, string at) =>
        e.ValueKind is JsonValueKind.True or JsonValueKind.False ? e.GetBoolean() : throw Error(at, $"expected true or false, found {Kind(e)}");

    public long Long(JsonElement e, string at) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var v) ? v : throw Error(at, $"expected an integer, found {Kind(e)}");

    public int Int(JsonElement e, string at, int min, int max = int.MaxValue)
    {
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out var v)) throw Error(at, $"expected an integer, found {Kind(e)}");
        if (v < min) throw Error(at, string.Create(CultureInfo.InvariantCulture, $"must be ≥ {min}, found {v}"));
        if (v > max) throw Error(at, string.Create(CultureInfo.InvariantCulture, $"must be ≤ {max}, found {v}"));
        return v;
    }

    public double Double(JsonElement e, string at, double min, double max)
    {
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out var v) || !double.IsFinite(v)) throw Error(at, $"expected a number, found {Kind(e)}");
        if (v < min || v > max) throw Error(at, string.Create(CultureInfo.InvariantCulture, $"must be in [{min}, {max}], found {v}"));
        return v;
    }

    /// <summary>One of <paramref name="valid"/>, else an error listing them.</summary>
    public string Choice(JsonElement e, string at, IReadOnlyList<string> valid, string what)
    {
        var s = String(e, at);
        return valid.Contains(s) ? s : throw Error(at, $"unknown {what} '{s}'; valid: {string.Join(", ", valid)}");
    }

    public static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => "the number " + e.GetRawText(),
        JsonValueKind.String => "the string " + e.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        _ => "an object",
    };

    public static string Join(string at, string key) => at == "$" ? key : at + "." + key;
}
