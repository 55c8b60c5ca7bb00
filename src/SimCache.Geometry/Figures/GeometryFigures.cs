using System.Globalization;
using ScottPlot;
using SimCache.Geometry.Angles;
using SimCache.Geometry.Report;

namespace SimCache.Geometry.Figures;

/// <summary>
/// Builds the report's figures from the analyses. Every figure puts the embeddings beside (or over) the uniform-ball
/// and Gaussian clouds of the same n and d, so what is specific to the embeddings stands out from what any point
/// set of that size and dimension would show.
/// </summary>
public static class GeometryFigures
{
    private static readonly IPalette Palette = new ScottPlot.Palettes.Category10();

    public static Color ColorOf(int index) => Palette.GetColor(index);

    public static IReadOnlyList<Figure> Build(IReadOnlyList<DatasetGeometry> sets, EmbeddingSample input)
    {
        var list = new List<Figure>
        {
            Norms(sets, input),
            Dimension(sets),
            BallCentres(sets),
            Angles(sets),
            Projections(sets),
            Pca(sets),
            Hubness(sets),
            GmmCurves(sets),
            GmmNorms(sets),
        };
        if (sets.Any(s => s.Tsne is not null)) list.Add(TsneMaps(sets));
        if (sets.Any(s => s.Umap is not null)) list.Add(UmapMaps(sets));
        return list;
    }

    private static string F(double v, string format = "G4") => v.ToString(format, CultureInfo.InvariantCulture);

    private static void Style(Plot p, string title, string x, string y)
    {
        p.Title(title);
        p.Axes.Title.Label.FontSize = 13;
        p.XLabel(x);
        p.YLabel(y);
        p.Axes.Left.Label.FontSize = 12;
        p.Axes.Bottom.Label.FontSize = 12;
    }

    /// <summary>A histogram drawn as a density polyline (so several overlay), normalised to integrate to 1.</summary>
    private static void Density(Plot p, ReadOnlySpan<double> values, int bins, Color color, string? legend, double? lo = null, double? hi = null, bool fill = false)
    {
        if (values.Length == 0) return;
        var (edges, counts) = Histogram.Of(values, bins, lo, hi);
        double width = edges[1] - edges[0];
        var xs = new double[bins];
        var ys = new double[bins];
        for (int b = 0; b < bins; b++)
        {
            xs[b] = (edges[b] + edges[b + 1]) / 2;
            ys[b] = counts[b] / (values.Length * width);
        }
        var line = p.Add.ScatterLine(xs, ys, color);
        line.LineWidth = 2;
        if (fill)
        {
            line.FillY = true;
            line.FillYColor = color.WithAlpha(0.25);
        }
        if (legend is not null) line.LegendText = legend;
    }

    private static Figure Norms(IReadOnlyList<DatasetGeometry> sets, EmbeddingSample input)
    {
        var fig = new Figure("norms", "Norms", "Distribution of ‖x‖: the embeddings (all rows of the file) beside the reference clouds (same n and d, same root-mean-square norm).", 1, sets.Count);
        for (int s = 0; s < sets.Count; s++)
        {
            var values = s == 0 ? input.AllNorms : sets[s].Norms;
            var p = fig[0, s];
            Density(p, values, 60, ColorOf(s), null, fill: true);
            Style(p, $"{sets[s].Label}: ‖x‖ in [{F(values.Min(), "F2")}, {F(values.Max(), "F2")}]", "norm", "density");
        }
        return fig;
    }

    private static Figure Dimension(IReadOnlyList<DatasetGeometry> sets)
    {
        var fig = new Figure("intrinsic-dimension", "Intrinsic dimension",
            "Left: the k-NN radius law, mean log R(k) against ψ(k), slope 1/d. Right: TwoNN, −log(1 − F(μ)) against log μ on the smallest 90% of μ = r₂/r₁, slope d.", 1, 2);
        var left = fig[0, 0];
        var right = fig[0, 1];
        for (int s = 0; s < sets.Count; s++)
        {
            var set = sets[s];
            var r = set.RadiusLaw;
            var pts = left.Add.ScatterPoints(r.Digamma, r.MeanLogRadius, ColorOf(s));
            pts.MarkerSize = 6;
            pts.LegendText = $"{set.Label}: d = {F(r.Dimension, "F1")}";
            var fit = left.Add.ScatterLine(new[] { r.Digamma[0], r.Digamma[^1] },
                new[] { r.Intercept + r.Slope * r.Digamma[0], r.Intercept + r.Slope * r.Digamma[^1] }, ColorOf(s));
            fit.LineWidth = 1.5f;

            int n = set.Knn.Count;
            var logMu = Enumerable.Range(0, n).Select(i => Math.Log(set.Knn.DistancesOf(i)[1] / set.Knn.DistancesOf(i)[0])).Order().ToArray();
            int kept = (int)Math.Floor(0.9 * n);
            int step = Math.Max(1, kept / 400);
            var xs = new List<double>();
            var ys = new List<double>();
            for (int i = 0; i < kept; i += step)
            {
                xs.Add(logMu[i]);
                ys.Add(-Math.Log(1.0 - (i + 1.0) / n));
            }
            var tp = right.Add.ScatterPoints(xs.ToArray(), ys.ToArray(), ColorOf(s).WithAlpha(0.6));
            tp.MarkerSize = 3;
            tp.LegendText = $"{set.Label}: d = {F(set.TwoNn.Fit, "F1")} (ML {F(set.TwoNn.MaximumLikelihood, "F1")})";
            double xmax = xs.Count > 0 ? xs[^1] : 1;
            right.Add.ScatterLine(new[] { 0.0, xmax }, new[] { 0.0, set.TwoNn.Fit * xmax }, ColorOf(s)).LineWidth = 1.5f;
        }
        Style(left, "k-NN radius law", "ψ(k)", "mean log R(k)");
        Style(right, "TwoNN", "log μ", "−log(1 − F)");
        left.ShowLegend(Alignment.LowerRight);
        right.ShowLegend(Alignment.LowerRight);
        return fig;
    }

    private static Figure BallCentres(IReadOnlyList<DatasetGeometry> sets)
    {
        var fig = new Figure("ball-centres", "Distances from random ball centres",
            "Distribution of the distances from three randomly chosen points to all points: for uniform data the shape barely depends on the centre.", 1, sets.Count);
        for (int s = 0; s < sets.Count; s++)
        {
            var p = fig[0, s];
            for (int c = 0; c < sets[s].BallCentres.Length; c++)
                Density(p, sets[s].BallCentres[c].Distances, 50, ColorOf(c + 3), $"centre row {sets[s].BallCentres[c].Centre}");
            Style(p, sets[s].Label, "distance from centre", "density");
            p.ShowLegend(Alignment.UpperRight);
        }
        return fig;
    }

    private static Figure Angles(IReadOnlyList<DatasetGeometry> sets)
    {
        var fig = new Figure("angles", "Angles",
            "Top: angles between points and canonical axes; bottom: between random pairs of points; black: the isotropic density h(θ) for p = d (Cai, Fan, Jiang 2013). KS: Kolmogorov–Smirnov distance to h.", 2, sets.Count);
        for (int s = 0; s < sets.Count; s++)
        {
            var set = sets[s];
            for (int row = 0; row < 2; row++)
            {
                var values = row == 0 ? set.AxisAngles : set.PairAngles;
                var p = fig[row, s];
                int pdim = Math.Max(2, set.Dimension);
                double sd = AngleDensity.StandardDeviation(pdim, 4000);
                double lo = Math.Max(0, Math.Min(values.Length > 0 ? values[0] : Math.PI / 2, Math.PI / 2 - 5 * sd));
                double hi = Math.Min(Math.PI, Math.Max(values.Length > 0 ? values[^1] : Math.PI / 2, Math.PI / 2 + 5 * sd));
                Density(p, values, 80, ColorOf(s), row == 0 ? "to axes" : "pairs", lo, hi, fill: true);
                var xs = Enumerable.Range(0, 400).Select(i => lo + (hi - lo) * i / 399.0).ToArray();
                var h = p.Add.ScatterLine(xs, xs.Select(t => AngleDensity.Density(t, pdim)).ToArray(), Colors.Black);
                h.LineWidth = 1.5f;
                h.LegendText = $"h(θ), p = {pdim}";
                Style(p, $"{set.Label}: KS = {F(row == 0 ? set.AxisKs : set.PairKs, "F3")}", row == 0 ? "angle to an axis (rad)" : "angle between two points (rad)", "density");
                p.ShowLegend(Alignment.UpperRight);
            }
        }
        return fig;
    }

    private static Figure Projections(IReadOnlyList<DatasetGeometry> sets)
    {
        int rows = sets[0].Projections.Length;
        var fig = new Figure("projections", "Random coordinate projections",
            "Each row: the same two randomly chosen coordinates plotted against each other for every data set.", Math.Max(1, rows), sets.Count);
        for (int s = 0; s < sets.Count; s++)
            for (int r = 0; r < rows; r++)
            {
                var (i, j, x, y) = sets[s].Projections[r];
                var p = fig[r, s];
                var pts = p.Add.ScatterPoints(x, y, ColorOf(s).WithAlpha(0.35));
                pts.MarkerSize = 2;
                Style(p, $"{sets[s].Label}: x{i} vs x{j}", $"x{i}", $"x{j}");
            }
        return fig;
    }

    private static Figure Pca(IReadOnlyList<DatasetGeometry> sets)
    {
        var fig = new Figure("pca", "PCA spectrum", "Left: explained variance ratio per principal component (log₁₀). Right: cumulative explained variance.", 1, 2);
        for (int s = 0; s < sets.Count; s++)
        {
            var ratio = sets[s].Pca.ExplainedRatio;
            var xs = Enumerable.Range(1, ratio.Length).Select(i => (double)i).ToArray();
            var a = fig[0, 0].Add.ScatterLine(xs, ratio.Select(v => Math.Log10(Math.Max(v, 1e-12))).ToArray(), ColorOf(s));
            a.LineWidth = 2;
            a.LegendText = $"{sets[s].Label} (PR {F(sets[s].Pca.ParticipationRatio, "F1")})";
            double acc = 0;
            var b = fig[0, 1].Add.ScatterLine(xs, ratio.Select(v => acc += v).ToArray(), ColorOf(s));
            b.LineWidth = 2;
            b.LegendText = $"{sets[s].Label}: 90% at {sets[s].Pca.ComponentsFor(0.9)}";
        }
        Style(fig[0, 0], "Explained variance ratio", "component", "log₁₀ ratio");
        Style(fig[0, 1], "Cumulative explained variance", "components", "share");
        fig[0, 0].ShowLegend(Alignment.UpperRight);
        fig[0, 1].ShowLegend(Alignment.LowerRight);
        return fig;
    }

    private static Figure Hubness(IReadOnlyList<DatasetGeometry> sets)
    {
        var fig = new Figure("hubness", "Hubness", "Distribution of the k-occurrence N_k (how often a point is among the others' k nearest neighbours), mean k.", 1, sets.Count);
        for (int s = 0; s < sets.Count; s++)
        {
            var h = sets[s].Hubness;
            int max = h.MaxOccurrence;
            var counts = new double[max + 1];
            foreach (var o in h.Occurrences) counts[o]++;
            var p = fig[0, s];
            var bars = p.Add.Bars(Enumerable.Range(0, max + 1).Select(i => (double)i).ToArray(), counts);
            bars.Color = ColorOf(s);
            Style(p, $"{sets[s].Label}: skew {F(h.Skewness, "F2")}, anti-hubs {F(100 * h.AntiHubShare, "F1")}%", $"N_{h.K}", "points");
        }
        return fig;
    }

    private static Figure GmmCurves(IReadOnlyList<DatasetGeometry> sets)
    {
        var fig = new Figure("gmm-bic", "Gaussian mixtures: BIC and AIC", "BIC and AIC of the best of n_init fits for each K; the vertical line marks the BIC minimum.", 1, sets.Count);
        for (int s = 0; s < sets.Count; s++)
        {
            var p = fig[0, s];
            var ok = sets[s].Gmm.Where(f => f is not null).ToArray();
            if (ok.Length > 0)
            {
                var ks = ok.Select(f => (double)f!.Model.Components).ToArray();
                var bic = p.Add.Scatter(ks, ok.Select(f => f!.Bic).ToArray(), ColorOf(s));
                bic.LegendText = "BIC";
                bic.LineWidth = 2;
                var aic = p.Add.Scatter(ks, ok.Select(f => f!.Aic).ToArray(), Colors.Gray);
                aic.LegendText = "AIC";
                p.Add.VerticalLine(sets[s].BestGmm!.Model.Components, 1, Colors.Black); // solid: Skia's SVG canvas cannot draw dash effects
            }
            Style(p, $"{sets[s].Label}: best K = {sets[s].BestGmm?.Model.Components.ToString(CultureInfo.InvariantCulture) ?? "–"}", "components K", "criterion");
            // Below the axes, in one row: inside, the curves' high-K end (where a rising BIC is read) runs under it.
            p.Legend.Orientation = Orientation.Horizontal;
            p.ShowLegend(Edge.Bottom);
        }
        return fig;
    }

    private static Figure GmmNorms(IReadOnlyList<DatasetGeometry> sets)
    {
        var fig = new Figure("gmm-components", "Norms per mixture component", "Norm distribution of the points assigned to each component of the BIC-best mixture (with its weight).", 1, sets.Count);
        for (int s = 0; s < sets.Count; s++)
        {
            var p = fig[0, s];
            if (sets[s].BestGmm is { } best && sets[s].Labels is { } labels)
            {
                double lo = sets[s].Norms.Min(), hi = sets[s].Norms.Max();
                for (int c = 0; c < best.Model.Components; c++)
                {
                    var member = Enumerable.Range(0, sets[s].Count).Where(i => labels[i] == c).Select(i => sets[s].Norms[i]).ToArray();
                    if (member.Length > 0) Density(p, member, 40, ColorOf(c), $"component {c} (w {F(best.Model.Weights[c], "F2")})", lo, hi);
                }
                p.ShowLegend(Alignment.UpperRight);
            }
            Style(p, sets[s].Label, "norm", "density");
        }
        return fig;
    }

    private static Figure TsneMaps(IReadOnlyList<DatasetGeometry> sets) =>
        Maps(sets, "tsne", "t-SNE maps", "Barnes–Hut t-SNE (perplexity 30, early exaggeration 12 for 250 iterations, PCA init, θ = 0.5), the embeddings coloured by the component of their BIC-best mixture; the reference clouds in one colour (they have no components by construction, so a mixture's labels would paint structure that is not there); T(10): trustworthiness at k = 10.",
            s => s.Tsne?.Embedding, s => s.Trustworthiness);

    private static Figure UmapMaps(IReadOnlyList<DatasetGeometry> sets)
    {
        var u = sets.First(s => s.Umap is not null).Umap!;
        return Maps(sets, "umap", "UMAP maps", string.Create(CultureInfo.InvariantCulture,
            $"UMAP (McInnes, Healy & Melville 2018: {u.Neighbors} neighbours, min_dist 0.1, spread 1 → a = {u.A:F3}, b = {u.B:F3}, {u.Epochs} epochs, 5 negative samples, PCA init) of the same points as the t-SNE maps, coloured the same way; T(10): trustworthiness at k = 10."),
            s => s.Umap?.Embedding, s => s.UmapTrustworthiness);
    }

    /// <summary>One 2-D map per set, the same points and colours whatever the method, so two methods' figures compare panel by panel.</summary>
    private static Figure Maps(IReadOnlyList<DatasetGeometry> sets, string name, string title, string caption, Func<DatasetGeometry, double[]?> map, Func<DatasetGeometry, double> trust)
    {
        var fig = new Figure(name, title, caption, 1, sets.Count);
        for (int s = 0; s < sets.Count; s++)
        {
            var set = sets[s];
            var p = fig[0, s];
            if (map(set) is { } t && set.TsneRows is { } rows)
            {
                var labels = set.ColourByMixture ? set.Labels : null;
                int k = labels is null ? 1 : set.BestGmm?.Model.Components ?? 1;
                for (int c = 0; c < k; c++)
                {
                    var idx = Enumerable.Range(0, rows.Length).Where(i => (labels?[rows[i]] ?? 0) == c).ToArray();
                    if (idx.Length == 0) continue;
                    var pts = p.Add.ScatterPoints(idx.Select(i => t[2 * i]).ToArray(), idx.Select(i => t[2 * i + 1]).ToArray(), ColorOf(c).WithAlpha(0.6));
                    pts.MarkerSize = 2.5f;
                }
                Style(p, $"{set.Label}: T(10) = {F(trust(set), "F3")}", "", "");
            }
        }
        return fig;
    }
}
