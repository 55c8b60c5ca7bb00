using System.Text.Json;
using System.Text.RegularExpressions;

namespace SimCache.Experiments.Tests.Config;

/// <summary>
/// A small JSON Schema (draft 2020-12) validator for the keywords experiments.schema.json uses — type, enum,
/// const, properties, required, additionalProperties, propertyNames, items, minItems, uniqueItems, minimum,
/// maximum, exclusiveMinimum, pattern, anyOf, oneOf and local $ref — so a test can check that the committed
/// experiment files validate against the schema, independently of the tool's own loader. An unknown keyword
/// fails loudly rather than being ignored.
/// </summary>
public sealed class MiniSchemaValidator(JsonElement root)
{
    private static readonly HashSet<string> Annotations = ["$schema", "$id", "title", "description", "default", "examples", "$defs"];

    /// <summary>Problems found, each "path: reason"; empty if the instance is valid.</summary>
    public List<string> Validate(JsonElement instance)
    {
        var errors = new List<string>();
        Check(root, instance, "$", errors);
        return errors;
    }

    private void Check(JsonElement schema, JsonElement x, string at, List<string> errors)
    {
        foreach (var k in schema.EnumerateObject())
        {
            var s = k.Value;
            switch (k.Name)
            {
                case var a when Annotations.Contains(a):
                    break;
                case "$ref":
                    var name = s.GetString()!;
                    if (!name.StartsWith("#/$defs/", StringComparison.Ordinal)) throw new NotSupportedException(name);
                    Check(root.GetProperty("$defs").GetProperty(name["#/$defs/".Length..]), x, at, errors);
                    break;
                case "type":
                    var types = s.ValueKind == JsonValueKind.Array ? s.EnumerateArray().Select(t => t.GetString()!).ToArray() : [s.GetString()!];
                    if (!types.Any(t => HasType(x, t))) errors.Add($"{at}: expected {string.Join(" or ", types)}");
                    break;
                case "enum":
                    if (!s.EnumerateArray().Any(v => JsonElement.DeepEquals(v, x))) errors.Add($"{at}: not one of {s.GetRawText()}");
                    break;
                case "const":
                    if (!JsonElement.DeepEquals(s, x)) errors.Add($"{at}: expected {s.GetRawText()}");
                    break;
                case "properties":
                    if (x.ValueKind != JsonValueKind.Object) break;
                    foreach (var p in x.EnumerateObject())
                        if (s.TryGetProperty(p.Name, out var ps)) Check(ps, p.Value, at + "." + p.Name, errors);
                    break;
                case "required":
                    if (x.ValueKind != JsonValueKind.Object) break;
                    foreach (var r in s.EnumerateArray())
                        if (!x.TryGetProperty(r.GetString()!, out _)) errors.Add($"{at}.{r.GetString()}: required");
                    break;
                case "additionalProperties":
                    if (x.ValueKind != JsonValueKind.Object) break;
                    var declared = schema.TryGetProperty("properties", out var props) ? props.EnumerateObject().Select(p => p.Name).ToHashSet() : [];
                    foreach (var p in x.EnumerateObject().Where(p => !declared.Contains(p.Name)))
                    {
                        if (s.ValueKind == JsonValueKind.False) errors.Add($"{at}.{p.Name}: not allowed");
                        else if (s.ValueKind == JsonValueKind.Object) Check(s, p.Value, at + "." + p.Name, errors);
                    }
                    break;
                case "propertyNames":
                    if (x.ValueKind != JsonValueKind.Object) break;
                    foreach (var p in x.EnumerateObject())
                    {
                        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(p.Name));
                        Check(s, doc.RootElement, at + "." + p.Name + " (name)", errors);
                    }
                    break;
                case "items":
                    if (x.ValueKind != JsonValueKind.Array) break;
                    int i = 0;
                    foreach (var item in x.EnumerateArray()) Check(s, item, $"{at}[{i++}]", errors);
                    break;
                case "minItems":
                    if (x.ValueKind == JsonValueKind.Array && x.GetArrayLength() < s.GetInt32()) errors.Add($"{at}: fewer than {s.GetInt32()} items");
                    break;
                case "uniqueItems":
                    if (x.ValueKind == JsonValueKind.Array && s.GetBoolean())
                    {
                        var items = x.EnumerateArray().ToList();
                        for (int a = 0; a < items.Count; a++)
                            for (int b = a + 1; b < items.Count; b++)
                                if (JsonElement.DeepEquals(items[a], items[b])) errors.Add($"{at}[{b}]: repeats [{a}]");
                    }
                    break;
                case "minimum":
                    if (x.ValueKind == JsonValueKind.Number && x.GetDouble() < s.GetDouble()) errors.Add($"{at}: below {s.GetDouble()}");
                    break;
                case "maximum":
                    if (x.ValueKind == JsonValueKind.Number && x.GetDouble() > s.GetDouble()) errors.Add($"{at}: above {s.GetDouble()}");
                    break;
                case "exclusiveMinimum":
                    if (x.ValueKind == JsonValueKind.Number && x.GetDouble() <= s.GetDouble()) errors.Add($"{at}: not above {s.GetDouble()}");
                    break;
                case "pattern":
                    if (x.ValueKind == JsonValueKind.String && !Regex.IsMatch(x.GetString()!, s.GetString()!)) errors.Add($"{at}: does not match {s.GetString()}");
                    break;
                case "anyOf":
                    if (!s.EnumerateArray().Any(b => Valid(b, x))) errors.Add($"{at}: matches none of anyOf");
                    break;
                case "oneOf":
                    int matches = s.EnumerateArray().Count(b => Valid(b, x));
                    if (matches != 1) errors.Add($"{at}: matches {matches} of oneOf, not exactly one");
                    break;
                default:
                    throw new NotSupportedException($"schema keyword '{k.Name}' is not supported by the test validator");
            }
        }
    }

    private bool Valid(JsonElement schema, JsonElement x)
    {
        var errors = new List<string>();
        Check(schema, x, "", errors);
        return errors.Count == 0;
    }

    private static bool HasType(JsonElement x, string type) => type switch
    {
        "object" => x.ValueKind == JsonValueKind.Object,
        "array" => x.ValueKind == JsonValueKind.Array,
        "string" => x.ValueKind == JsonValueKind.String,
        "number" => x.ValueKind == JsonValueKind.Number,
        "integer" => x.ValueKind == JsonValueKind.Number && x.TryGetInt64(out _),
        "boolean" => x.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => x.ValueKind == JsonValueKind.Null,
        _ => throw new NotSupportedException(type),
    };
}
