using System.Globalization;
using System.Text;
using SimCache.Caching.Policies;
using SimCache.Data.IO;
using SimCache.Experiments.Results;
using SimCache.Experiments.Running;
using SimCache.Experiments.Sweep;
using SimCache.Simulation.Metrics;
using static SimCache.Experiments.Reporting.ReportBuilder;

namespace SimCache.Experiments.Reporting;

/// <summary>
/// The policy comparison of an experiment on the report page: first the policies side by side (each at its best
/// setting per capacity, with the settings chosen in a table), a paragraph for every policy whose numbers are not
/// on the same footing (declared by the policy, <see cref="Caching.Configuration.ComponentInfo{TFactory}.Caveat"/>),
/// the frontier and hit ratio over time, each in its own element (ids ending "-comparison", "-frontier",
/// "-over-time"); then every setting's figures as detail, and the sortable table of every result.
/// </summary>
public static class PolicySection
{
    public static void Write(StringBuilder html, ReportContext context)
    {
        var rows = context.Rows;
        var sweep = context.State?.Stages.FirstOrDefault(s => s.Stage == "sweep");
        html.Append("<h3>Policy comparison</h3>\n");
        if (sweep is { Status: StageStatus.Skipped }) html.Append("<p class=\"note\">The sweep did not run: ").Append(E(sweep.Detail)).Append(".</p>\n");
        if (rows.Count == 0)
        {
            html.Append("<p>No sweep results for this experiment yet.</p>\n");
            return;
        }
        var figuresDir = Path.Combine(context.OutDir, context.Name, FiguresFolder);
        StaleTemporaries.Clean(figuresDir);
        var store = context.Store;
        var (figures, notes) = FigureSet.Build(rows, r => store?.Series(r.Experiment, r.PointKey, r.Seed), figuresDir);
        foreach (var (id, title) in FigureSections.All)
        {
            var these = figures.Where(f => f.Section == id).ToList();
            if (these.Count == 0) continue;
            html.Append("<div class=\"part\" id=\"").Append(E(context.Id(id))).Append("\">\n<h4>").Append(E(title)).Append("</h4>\n");
            if (id == FigureSections.Comparison) ComparisonText(html, rows);
            var apart = these.Where(f => f.Plot is not null).SelectMany(f => f.Plot!.Series).Where(s => s.OtherFooting).Select(s => s.Label).Distinct().ToList();
            if (id != FigureSections.Comparison && apart.Count > 0)
                html.Append("<p class=\"note\">Open squares and a dashed line: ").Append(E(string.Join("; ", apart)))
                    .Append(", not on the same footing as the other policies (see the note under “Policies compared”).</p>\n");
            if (id == FigureSections.Detail) html.Append("<p class=\"note\">Every setting of every policy, a line per setting (these compare a policy with itself).</p>\n");
            html.Append("<div class=\"figures\">\n");
            foreach (var f in these) FigureHtml(html, context.OutDir, f.Title, f.Caption, f.Png, f.Svg);
            html.Append("</div>\n");
            if (id == FigureSections.Frontier) FrontierTable(html, these);
            html.Append("</div>\n");
        }
        foreach (var note in notes) html.Append("<p class=\"note\">Not drawn: ").Append(E(note)).Append("</p>\n");
        Warnings(html, context, rows);
        ResultsTable(html, rows);
    }

    /// <summary>
    /// The runs' warnings (a placement that served nothing, a policy that never placed a key, no hit possible), in
    /// their own element (id ending "-warnings") above the results table: a number a warning qualifies is not to
    /// be read without it. Each distinct message once, with the runs that raised it.
    /// </summary>
    private static void Warnings(StringBuilder html, ReportContext context, IReadOnlyList<ResultRow> rows)
    {
        var raised = rows.SelectMany(r => r.Warnings.Select(w => (Row: r, Message: w)))
            .GroupBy(x => x.Message, StringComparer.Ordinal)
            .Select(g => (Message: g.Key, Runs: g.Select(x => x.Row).ToList())).ToList();
        if (raised.Count == 0) return;
        int runs = rows.Count(r => r.Warnings.Count > 0);
        html.Append("<div class=\"part\" id=\"").Append(E(context.Id("warnings"))).Append("\">\n<h4>Warnings</h4>\n<p class=\"caveat\">")
            .Append(runs.ToString("N0", CultureInfo.InvariantCulture)).Append(" of ").Append(rows.Count.ToString("N0", CultureInfo.InvariantCulture))
            .Append(" runs raised a warning: their numbers are what happened, but read them with the warning.</p>\n<ul class=\"warnings\">\n");
        foreach (var (message, these) in raised)
        {
            var caches = these.Select(r => r.Cache).Distinct(StringComparer.Ordinal).ToList();
            var seeds = these.Select(r => r.Seed).Distinct().Order().ToList();
            html.Append("<li>").Append(E(message)).Append(" <span class=\"note\">(").Append(E(string.Join("; ", caches.Take(3))))
                .Append(caches.Count > 3 ? $" and {caches.Count - 3} more" : "")
                .Append(seeds.Count == 1 ? $", seed {seeds[0]}" : $", seeds {string.Join(", ", seeds)}").Append(")</span></li>\n");
        }
        html.Append("</ul>\n</div>\n");
    }

    /// <summary>Every labelled point of the frontier figures, so a label left out of the figure where it would overlap another is still there to read.</summary>
    private static void FrontierTable(StringBuilder html, IReadOnlyList<Figure> figures)
    {
        var series = figures.Where(f => f.Plot is not null).SelectMany(f => f.Plot!.Series).Where(s => s.PointLabels is not null).ToList();
        if (series.Count == 0) return;
        html.Append("<details><summary>Every point of the frontier, with its setting</summary>\n<div class=\"tablebox\"><table><thead><tr><th>policy</th><th>setting</th><th>hit ratio</th><th>quality loss</th></tr></thead><tbody>\n");
        foreach (var s in series)
            for (int i = 0; i < s.X.Length; i++)
            {
                html.Append("<tr><td>").Append(E(s.Label)).Append("</td><td>").Append(E(s.PointLabels![i])).Append("</td>");
                Number(html, s.X[i]);
                Number(html, s.Y[i]);
                html.Append("</tr>\n");
            }
        html.Append("</tbody></table></div>\n</details>\n");
    }

    /// <summary>How "best" is chosen, the policies not on the same footing, and the chosen setting of each policy at each capacity.</summary>
    private static void ComparisonText(StringBuilder html, IReadOnlyList<ResultRow> rows)
    {
        var best = PolicyComparison.Best(rows);
        int seeds = rows.Select(r => r.Seed).Distinct().Count();
        html.Append("<p>Each policy at its <b>best setting at each capacity</b>: of its settings at that capacity (threshold, q, …), the one with the lowest mean cost per request")
            .Append(seeds > 1 ? $" over the {seeds} seeds" : "").Append("; the same setting is drawn in all three figures")
            .Append(seeds > 1 ? ", the line its mean and the shaded band the range from the lowest to the highest seed (min–max)" : "").Append(". Capacity is on a log axis.</p>\n");
        foreach (var policy in best.Select(b => b.Policy).Distinct())
            if (PolicyComparison.Caveat(policy) is { } caveat)
                html.Append("<p class=\"caveat\"><b>").Append(E(policy)).Append(" is not on the same footing as the other policies:</b> it ").Append(E(caveat))
                    .Append(". It is drawn with open squares and a dashed line, and its legend entry says so.</p>\n");
        html.Append("<details><summary>The chosen settings</summary>\n<div class=\"tablebox\"><table><thead><tr><th>policy</th><th>capacity</th><th>best setting</th><th>of</th>")
            .Append("<th>hit ratio</th><th>cost per request</th><th>quality loss</th></tr></thead><tbody>\n");
        foreach (var b in best)
        {
            html.Append("<tr><td>").Append(E(b.Policy)).Append("</td>");
            Number(html, b.X);
            html.Append("<td>").Append(E(b.Setting.Length == 0 ? "(one setting)" : b.Setting)).Append("</td>");
            Number(html, b.Candidates);
            foreach (var m in new[] { SweepMetrics.HitRatio, SweepMetrics.CostPerRequest, SweepMetrics.NdcgLoss })
            {
                var band = b[m];
                html.Append("<td class=\"num\">").Append(band.Seeds == 0 ? "" : N(band.Mean) + (band.Seeds > 1 ? " (" + N(band.Min) + "–" + N(band.Max) + ")" : "")).Append("</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody></table></div>\n<p class=\"note\">\"of\": how many settings were run at that capacity. Metrics: mean").Append(seeds > 1 ? " (lowest–highest seed)" : "").Append(".</p>\n</details>\n");
    }

    private static void ResultsTable(StringBuilder html, IReadOnlyList<ResultRow> rows)
    {
        var varying = rows.SelectMany(r => r.Simulator).GroupBy(o => o.Key).Where(g => g.Select(o => o.Value.Canonical).Distinct().Count() > 1).Select(g => g.Key).Order(StringComparer.Ordinal).ToList();
        // The headline metrics first, then the others in the registry's order (a policy's counters after), then any other a runner reported.
        string[] first = [SweepMetrics.HitRatio, SweepMetrics.CostPerRequest, SweepMetrics.NdcgLoss];
        var order = first.Concat(MetricRegistry.All.Select(m => m.Name)).Concat(PolicyCounter.All.Select(c => c.Name)).Distinct().ToList();
        var metrics = rows.SelectMany(r => r.Metrics.Keys).Distinct().OrderBy(m => order.IndexOf(m) is var i && i >= 0 ? i : order.Count).ThenBy(m => m, StringComparer.Ordinal).ToList();
        html.Append("<h3>Results</h3>\n<p class=\"note\">").Append(rows.Count.ToString("N0", CultureInfo.InvariantCulture))
            .Append(" runs (point × seed). Click a column to sort. Every column is in results.csv and results.db.</p>\n")
            .Append("<div class=\"scroll\"><table class=\"sortable\"><thead><tr><th>cache</th><th>seed</th>");
        foreach (var v in varying) html.Append("<th>").Append(E(v)).Append("</th>");
        foreach (var m in metrics) MetricHeading(html, m);
        html.Append("<th>wall s</th></tr></thead><tbody>\n");
        foreach (var r in rows)
        {
            html.Append("<tr><td>").Append(E(r.Cache)).Append("</td>");
            Number(html, r.Seed);
            foreach (var v in varying)
            {
                var value = r.Option(v);
                if (value?.Number is double n) Number(html, n);
                else html.Append("<td>").Append(E(value?.Canonical ?? "")).Append("</td>");
            }
            foreach (var m in metrics) Number(html, r.Metric(m));
            Number(html, r.WallSeconds);
            html.Append("</tr>\n");
        }
        html.Append("</tbody></table></div>\n");
    }

    /// <summary>A metric's column heading: its results name, with its declared label, unit and direction as the tooltip.</summary>
    private static void MetricHeading(StringBuilder html, string name)
    {
        html.Append("<th");
        if (MetricRegistry.Find(name) is { } d)
        {
            var tip = d.AxisLabel + (d.DirectionText.Length > 0 ? "; " + d.DirectionText.ToLowerInvariant() : "");
            html.Append(" title=\"").Append(E(tip)).Append('"');
        }
        html.Append('>').Append(E(name)).Append("</th>");
    }
}
