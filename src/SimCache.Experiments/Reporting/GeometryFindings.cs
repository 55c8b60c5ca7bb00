using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SimCache.Experiments.Reporting;

/// <summary>
/// The geometry stage's headline numbers as one table on the report page, the embeddings beside the uniform
/// ball and the Gaussian cloud of the same n and d, so a reader sees at a glance how far the learned space is
/// from either without opening geometry.json. A field the file lacks shows as "–", never as a guess. Below the
/// table: where the embeddings' mixture was fitted and why, and every warning of the stage (a K at the edge of the
/// searched range, components with fewer points than parameters), so a degenerate K never reads as a finding.
/// </summary>
public static class GeometryFindings
{
    private static readonly (string Key, string Title)[] Sets = [("embeddings", "embeddings"), ("uniform_ball", "uniform ball"), ("gaussian", "Gaussian")];

    /// <summary>Row label (trusted HTML text), the dotted paths into geometry.json ({0}: the set), the number format.</summary>
    private static readonly (string Label, string Path, string Format)[] Rows =
    [
        ("norm: mean ± sd", "norms.{0}.mean|norms.{0}.sd", "±"),
        ("intrinsic dimension: k-NN radius law", "intrinsic_dimension.{0}.radius_law.dimension", "F1"),
        ("intrinsic dimension: Levina–Bickel", "intrinsic_dimension.{0}.levina_bickel.dimension", "F1"),
        ("intrinsic dimension: TwoNN", "intrinsic_dimension.{0}.twonn.maximum_likelihood", "F1"),
        ("PCA: components for 90 % of the variance", "pca.{0}.components_for_90", "F0"),
        ("angle between random pairs: mean (rad)", "angles.{0}.between_pairs.mean", "F3"),
        ("angle between random pairs: KS distance to h(θ)", "angles.{0}.between_pairs.ks_distance", "F3"),
        ("hubness: skewness of 20-occurrence", "hubness.{0}.skewness", "F2"),
        ("hubness: share never a 20-NN", "hubness.{0}.anti_hub_share", "P1"),
        ("GMM: components by BIC", "gmm.{0}.best_k_bic", "F0"),
        ("GMM: dimensions fitted (principal components or all)", "gmm.{0}.fit_dimension", "F0"),
        ("GMM: parameters per component", "gmm.{0}.parameters_per_component", "F0"),
        ("t-SNE trustworthiness (k = 10)", "tsne.{0}.trustworthiness", "F3"),
        ("UMAP trustworthiness (k = 10)", "umap.{0}.trustworthiness", "F3"),
    ];

    public static void AppendTable(StringBuilder html, string geometryJson)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(geometryJson));
        }
        catch (JsonException)
        {
            html.Append("<p class=\"note\">geometry.json could not be read.</p>\n");
            return;
        }
        html.Append("<div class=\"tablebox\"><table class=\"findings\"><thead><tr><th></th>");
        foreach (var (_, title) in Sets) html.Append("<th>").Append(title).Append("</th>");
        html.Append("</tr></thead><tbody>\n");
        foreach (var (label, path, format) in Rows)
        {
            html.Append("<tr><td>").Append(label).Append("</td>");
            foreach (var (key, _) in Sets) html.Append("<td>").Append(Cell(root, path, key, format)).Append("</td>");
            html.Append("</tr>\n");
        }
        html.Append("</tbody></table></div>\n");
        if (Text(root, "gmm.embeddings.reason") is { } reason)
        {
            string space = Text(root, "gmm.embeddings.space") ?? "–", cov = Text(root, "gmm.embeddings.covariance_type") ?? "–";
            html.Append("<p>Mixture of the embeddings (space ").Append(WebUtility.HtmlEncode(space)).Append(", ").Append(WebUtility.HtmlEncode(cov))
                .Append(" covariances): ").Append(WebUtility.HtmlEncode(reason)).Append(".</p>\n");
        }
        var warnings = (root as JsonObject)?["warnings"] as JsonArray;
        if (warnings is { Count: > 0 })
        {
            html.Append("<p class=\"note\"><b>Geometry warnings</b> (read these before the GMM row):</p>\n<ul>\n");
            foreach (var w in warnings)
                if (w is JsonValue v && v.TryGetValue(out string? text)) html.Append("<li>").Append(WebUtility.HtmlEncode(text)).Append("</li>\n");
            html.Append("</ul>\n");
        }
    }

    private static string? Text(JsonNode? node, string dotted)
    {
        foreach (var part in dotted.Split('.')) node = node is JsonObject o ? o[part] : null;
        return node is JsonValue v && v.TryGetValue(out string? s) ? s : null;
    }

    private static string Cell(JsonNode? root, string path, string set, string format)
    {
        var parts = path.Split('|').Select(p => Number(root, string.Format(CultureInfo.InvariantCulture, p, set))).ToArray();
        if (parts.Any(p => p is null)) return "–";
        return format switch
        {
            "±" => string.Create(CultureInfo.InvariantCulture, $"{parts[0]:F2} ± {parts[1]:F2}"),
            "P1" => (parts[0]!.Value * 100).ToString("F1", CultureInfo.InvariantCulture) + " %",
            _ => parts[0]!.Value.ToString(format, CultureInfo.InvariantCulture),
        };
    }

    private static double? Number(JsonNode? node, string dotted)
    {
        foreach (var part in dotted.Split('.')) node = node is JsonObject o ? o[part] : null;
        return node is JsonValue v && v.TryGetValue(out double d) ? d : null; // parsed JSON: any number reads as double
    }
}
