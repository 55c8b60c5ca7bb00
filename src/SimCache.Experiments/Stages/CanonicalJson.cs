using System.Text.Json;
using System.Text.Json.Nodes;

namespace SimCache.Experiments.Stages;

/// <summary>
/// One text per value: object keys sorted (ordinal), no whitespace. A stage key is the sha256 of this text,
/// so two equal parameter sets give the same key however they were written or serialised.
/// </summary>
public static class CanonicalJson
{
    public static string Serialize(JsonNode? node)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            Write(w, node);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>A copy of the node with every object's keys sorted.</summary>
    public static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sorted).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };

    private static void Write(Utf8JsonWriter w, JsonNode? node)
    {
        switch (node)
        {
            case null:
                w.WriteNullValue();
                break;
            case JsonObject o:
                w.WriteStartObject();
                foreach (var p in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    w.WritePropertyName(p.Key);
                    Write(w, p.Value);
                }
                w.WriteEndObject();
                break;
            case JsonArray a:
                w.WriteStartArray();
                foreach (var item in a) Write(w, item);
                w.WriteEndArray();
                break;
            default:
                node.WriteTo(w);
                break;
        }
    }
}
