using System.Text.Json;
using System.Text.Json.Serialization;

namespace SimCache.Data.Synthetic;

/// <summary>
/// The one JSON shape used for <see cref="SyntheticOptions"/> in synth.json (camelCase, run-only settings omitted),
/// kept in one place so the manifest stays byte-stable across runs.
/// </summary>
internal static class SyntheticJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
