using System.Globalization;
using System.Net;
using System.Text;
using SimCache.Geometry.Figures;
using SimCache.Numerics.Mixture;

namespace SimCache.Geometry.Report;

/// <summary>
/// index.html: one self-contained page (figures inlined as PNG data, no scripts or external files needed), each
/// figure linking to its SVG next to the page, with the estimator tables that put the embeddings beside the clouds.
/// </summary>
public static class HtmlPage
{
    public const string FileName = "index.html";

    public static string Build(EmbeddingSample input, GeometryOptions options, string command, IReadOnlyList<DatasetGeometry> sets,
        IReadOnlyList<(Figure Figure, byte[] Png)> figures)
    {
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>SimCache geometry report</title>\n<style>")
         .Append("body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:1500px;margin:2em auto;padding:0 1em;color:#222}")
         .Append("table{border-collapse:collapse;margin:0.5em 0 1.5em}td,th{border:1px solid #bbb;padding:3px 8px;text-align:right}")
         .Append("th:first-child,td:first-child{text-align:left}figure{margin:1.5em 0}img{max-width:100%;border:1px solid #ddd}")
         .Append("figcaption{color:#555;font-size:0.9em}code{background:#f4f4f4;padding:1px 4px}")
         .Append(".maps{display:flex;flex-wrap:wrap;gap:1em}.maps figure{flex:1 1 600px;min-width:0;margin:0.5em 0}</style></head><body>\n");
        h.Append("<h1>Geometry of the embedding space</h1>\n<p>Input <code>").Append(E(input.Path)).Append("</code> (sha256 <code>")
         .Append(input.Sha256[..16]).Append("…</code>): ").Append(N(input.TotalRows)).Append(" rows × ").Append(input.Dimension)
         .Append(" dimensions, distance ").Append(E(input.Distance)).Append(". Sample: ").Append(N(input.SampledRows)).Append(" rows, ")
         .Append(N(input.Duplicates)).Append(" duplicate vectors removed, ").Append(N(input.Count)).Append(" distinct. ")
         .Append("Reference clouds: the same n and d, uniform in a ball and Gaussian, scaled to the sample's root-mean-square norm.</p>\n")
         .Append("<p>Made by <code>").Append(E(command)).Append("</code>. Numbers: <a href=\"geometry.json\">geometry.json</a>; the BIC-best mixture: <a href=\"gmm.json\">gmm.json</a>.</p>\n");

        h.Append("<h2>Estimators</h2>\n<table><tr><th>estimator</th>");
        foreach (var s in sets) h.Append("<th>").Append(E(s.Label)).Append("</th>");
        h.Append("</tr>\n");
        Row(h, "points", sets, s => N(s.Count));
        Row(h, "norm min / mean / max", sets, s => $"{F(s.Norms.Min())} / {F(s.Norms.Average())} / {F(s.Norms.Max())}");
        Row(h, $"radius law d (k ≤ {options.Knn})", sets, s => F(s.RadiusLaw.Dimension));
        Row(h, $"Levina–Bickel d (k = {options.Knn}, harmonic)", sets, s => F(s.LevinaBickel.Dimension));
        Row(h, "Levina–Bickel d (MacKay–Ghahramani)", sets, s => F(s.LevinaBickel.InverseAveraged));
        Row(h, "TwoNN d (maximum likelihood)", sets, s => F(s.TwoNn.MaximumLikelihood));
        Row(h, "TwoNN d (fit, 90%)", sets, s => F(s.TwoNn.Fit));
        Row(h, "PCA participation ratio", sets, s => F(s.Pca.ParticipationRatio));
        Row(h, "PCA components for 90% variance", sets, s => s.Pca.ComponentsFor(0.9).ToString(CultureInfo.InvariantCulture));
        Row(h, "angle to axes: sd (KS to h)", sets, s => $"{F(Sd(s.AxisAngles))} ({F(s.AxisKs)})");
        Row(h, "angle between pairs: sd (KS to h)", sets, s => $"{F(Sd(s.PairAngles))} ({F(s.PairKs)})");
        Row(h, "h(θ) sd for p = d", sets, s => F(Angles.AngleDensity.StandardDeviation(Math.Max(2, s.Dimension))));
        Row(h, $"hubness: skewness of N_{options.Knn}", sets, s => F(s.Hubness.Skewness));
        Row(h, "hubness: anti-hub share", sets, s => F(s.Hubness.AntiHubShare));
        Row(h, "GMM space (dimension)", sets, s => $"{MixtureSpaces.Name(s.GmmSpace)} ({s.GmmDimension.ToString(CultureInfo.InvariantCulture)})");
        Row(h, $"GMM ({CovarianceTypes.Name(options.GmmCovariance)}) best K by BIC / AIC", sets, s => $"{s.BestGmm?.Model.Components.ToString(CultureInfo.InvariantCulture) ?? "–"} / {s.BestGmmByAic?.Model.Components.ToString(CultureInfo.InvariantCulture) ?? "–"}");
        Row(h, "t-SNE trustworthiness T(10)", sets, s => s.Tsne is null ? "–" : F(s.Trustworthiness));
        Row(h, "t-SNE 10-NN preservation", sets, s => s.Tsne is null ? "–" : F(s.KnnPreservation));
        if (options.Umap)
        {
            Row(h, "UMAP trustworthiness T(10)", sets, s => s.Umap is null ? "–" : F(s.UmapTrustworthiness));
            Row(h, "UMAP 10-NN preservation", sets, s => s.Umap is null ? "–" : F(s.UmapKnnPreservation));
        }
        h.Append("</table>\n");

        h.Append("<h2>Gaussian mixtures</h2>\n");
        foreach (var s in sets)
            h.Append("<p><b>").Append(E(s.Label)).Append(":</b> ").Append(E(s.GmmReason)).Append(".</p>\n");
        var warnings = GeometryJson.Warnings(sets).ToList();
        if (warnings.Count > 0)
        {
            h.Append("<p><b>Warnings</b> (read these before the chosen K):</p>\n<ul class=\"warnings\">\n");
            foreach (var w in warnings) h.Append("<li>").Append(E(w)).Append("</li>\n");
            h.Append("</ul>\n");
        }
        h.Append("<table><tr><th>K</th>");
        foreach (var s in sets) h.Append("<th>").Append(E(s.Label)).Append(" BIC</th><th>AIC</th>");
        h.Append("</tr>\n");
        int kMax = sets.Max(s => s.Gmm.Length);
        for (int k = 1; k <= kMax; k++)
        {
            h.Append("<tr><td>").Append(k).Append("</td>");
            foreach (var s in sets)
            {
                var f = k <= s.Gmm.Length ? s.Gmm[k - 1] : null;
                bool best = f is not null && ReferenceEquals(f, s.BestGmm);
                h.Append("<td>").Append(f is null ? "failed" : (best ? "<b>" + F(f.Bic, "F1") + "</b>" : F(f.Bic, "F1"))).Append("</td><td>")
                 .Append(f is null ? "" : F(f.Aic, "F1")).Append("</td>");
            }
            h.Append("</tr>\n");
        }
        h.Append("</table>\n");
        if (sets[0].BestGmm is { } g && sets[0].Labels is { } labels)
        {
            h.Append("<p>Components of the embeddings' BIC-best mixture:</p>\n<table><tr><th>component</th><th>weight</th><th>‖mean‖</th><th>points</th><th>member norm min</th><th>mean</th><th>max</th></tr>\n");
            for (int c = 0; c < g.Model.Components; c++)
            {
                var member = Enumerable.Range(0, sets[0].Count).Where(i => labels[i] == c).Select(i => sets[0].Norms[i]).ToArray();
                h.Append("<tr><td>").Append(c).Append("</td><td>").Append(F(g.Model.Weights[c])).Append("</td><td>")
                 .Append(F(MeanNorm(sets[0], c))).Append("</td><td>").Append(member.Length).Append("</td><td>")
                 .Append(member.Length > 0 ? F(member.Min()) : "–").Append("</td><td>").Append(member.Length > 0 ? F(member.Average()) : "–")
                 .Append("</td><td>").Append(member.Length > 0 ? F(member.Max()) : "–").Append("</td></tr>\n");
            }
            h.Append("</table>\n");
        }

        h.Append("<h2>Figures</h2>\n");
        bool maps = figures.Any(f => f.Figure.Name == "umap") && figures.Any(f => f.Figure.Name == "tsne");
        foreach (var (fig, png) in figures)
        {
            // The t-SNE and UMAP maps of the same points side by side (stacked on a narrow screen), their T(10) above them.
            if (maps && fig.Name == "tsne")
                h.Append("<p>t-SNE (left) and UMAP (right) maps of the same points; T(10): ")
                 .Append(string.Join("; ", sets.Where(s => s.Umap is not null).Select(s => $"{E(s.Label)} t-SNE {F(s.Trustworthiness, "F3")}, UMAP {F(s.UmapTrustworthiness, "F3")}")))
                 .Append(".</p>\n<div class=\"maps\">\n");
            h.Append("<figure id=\"").Append(fig.Name).Append("\"><h3>").Append(E(fig.Title)).Append("</h3><a href=\"").Append(fig.Name)
             .Append(".svg\"><img alt=\"").Append(E(fig.Title)).Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(png))
             .Append("\"></a><figcaption>").Append(E(fig.Caption)).Append(" (<a href=\"").Append(fig.Name).Append(".svg\">SVG</a>)</figcaption></figure>\n");
            if (maps && fig.Name == "umap") h.Append("</div>\n");
        }
        h.Append("</body></html>\n");
        return h.ToString();
    }

    /// <summary>‖mean‖ of a component in the embedding space (mapped back from the principal components).</summary>
    private static double MeanNorm(DatasetGeometry s, int c)
    {
        var mean = s.BestGmm!.Model.Means[c];
        if (s.GmmProjection is { } projection)
        {
            var x = new double[projection.EmbeddingDimension];
            projection.Reconstruct(mean, x);
            mean = x;
        }
        return Math.Sqrt(mean.Sum(v => v * v));
    }

    private static void Row(StringBuilder h, string name, IReadOnlyList<DatasetGeometry> sets, Func<DatasetGeometry, string> cell)
    {
        h.Append("<tr><td>").Append(E(name)).Append("</td>");
        foreach (var s in sets) h.Append("<td>").Append(E(cell(s))).Append("</td>");
        h.Append("</tr>\n");
    }

    private static double Sd(double[] v)
    {
        if (v.Length == 0) return double.NaN;
        double m = v.Average();
        return Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / v.Length);
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private static string F(double v, string format = "G4") => v.ToString(format, CultureInfo.InvariantCulture);

    private static string N(long v) => v.ToString("N0", CultureInfo.InvariantCulture);
}
