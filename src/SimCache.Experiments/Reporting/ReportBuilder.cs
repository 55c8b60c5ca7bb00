using System.Globalization;
using System.Net;
using System.Text;
using SimCache.Data.Dataset;
using SimCache.Data.IO;
using SimCache.Experiments.Config;
using SimCache.Experiments.Results;
using SimCache.Experiments.Running;
using SimCache.Experiments.Stages;
using SimCache.Training.Speed;
using SimCache.Training.Training;

namespace SimCache.Experiments.Reporting;

/// <summary>
/// <c>OUT/index.html</c>: the one page a researcher opens after a run. For every experiment in OUT (each
/// OUT/NAME/experiment.json, and any experiment with rows in results.db) it shows what each stage did, the
/// data set's counts, the model's training metrics, the geometry stage's figures (when present), the
/// policy-comparison figures (each linking its SVG) and a sortable table of every result. It is rebuilt from
/// files on disk, holds no external resources (inline CSS and a few lines of JS), and links by relative paths
/// so the folder can be moved or zipped as it is.
/// </summary>
public static class ReportBuilder
{
    public const string FileName = "index.html";
    public const string FiguresFolder = "figures";

    /// <summary>The generator tag every page written here carries: how an index.html of this tool is recognised.</summary>
    private const string GeneratorTag = "<meta name=\"generator\" content=\"simcache";

    /// <summary>The title of every page written here, also of pages written before they carried the generator tag.</summary>
    private const string TitleTag = "<title>SimCache report</title>";

    /// <summary>
    /// Fails (exit code 2) if OUT/index.html exists and is not a page this tool wrote (it carries neither the
    /// generator tag nor the report's title): the report is rewritten at the end of every run and sweep, so a
    /// page of someone else's would be overwritten. Checked with the rest of OUT before anything is written.
    /// </summary>
    public static void CheckReplaceable(string outDir)
    {
        var path = Path.Combine(Path.GetFullPath(outDir), FileName);
        if (Directory.Exists(path)) throw new DataFormatException(path, "is a folder; the report page must be a file: give another --out");
        if (!File.Exists(path)) return;
        string head;
        using (var reader = new StreamReader(path))
        {
            var buffer = new char[4096];
            head = new string(buffer, 0, reader.ReadBlock(buffer, 0, buffer.Length));
        }
        if (!head.Contains(GeneratorTag, StringComparison.Ordinal) && !head.Contains(TitleTag, StringComparison.Ordinal))
            throw new DataFormatException(path, "is not a report this tool wrote (it has no simcache generator tag), and every run rewrites OUT/index.html, so it is never replaced: give another --out, or move the file away");
    }

    /// <summary>Writes OUT/index.html (and each experiment's OUT/NAME/figures/) and returns its full path.</summary>
    public static string Write(string outDir)
    {
        outDir = Path.GetFullPath(outDir);
        StaleTemporaries.Clean(outDir);
        var states = Directory.Exists(outDir)
            ? Directory.GetDirectories(outDir).Select(ExperimentState.TryLoad).OfType<ExperimentState>().ToDictionary(s => s.Name)
            : [];
        var dbPath = Path.Combine(outDir, ResultsStore.FileName);
        using var store = File.Exists(dbPath) ? ResultsStore.Open(outDir) : null;
        var names = states.Keys.Concat(store?.Experiments() ?? []).Distinct().Order(StringComparer.Ordinal).ToList();

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append(GeneratorTag).Append(' ').Append(E(Provenance.ToolVersion)).Append("\">\n")
            .Append(TitleTag).Append("\n<link rel=\"icon\" href=\"data:,\">\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n")
            .Append("<h1>SimCache report</h1>\n<p class=\"meta\">").Append(E(outDir)).Append(" · simcache ").Append(E(Provenance.ToolVersion)).Append("</p>\n");
        if (names.Count == 0) html.Append("<p>No experiment has been run into this folder yet.</p>\n");
        else
        {
            html.Append("<nav><ul>");
            foreach (var name in names) html.Append("<li><a href=\"#").Append(E(Anchor(name))).Append("\">").Append(E(name)).Append("</a></li>");
            html.Append("</ul></nav>\n");
        }
        foreach (var name in names)
        {
            states.TryGetValue(name, out var state);
            var rows = store?.Rows(name) ?? [];
            Experiment(html, outDir, name, state, rows, store);
        }
        html.Append("<script>\n").Append(Script).Append("</script>\n</body>\n</html>\n");
        var index = Path.Combine(outDir, FileName);
        AtomicFile.WriteAllText(index, html.ToString());
        return index;
    }

    /// <summary>
    /// The parts of each experiment's section, in page order. Each is wrapped in an element whose id ends with the
    /// part's id (<see cref="ReportContext.Id"/>) when it writes anything. A new part: its file and one line here.
    /// </summary>
    public static IReadOnlyList<ReportSection> Sections { get; } =
    [
        new("stages", StagesSection),
        new("data", DataSection),
        new("model", ModelSection),
        new("trace", TraceSection.Write),
        new("geometry", GeometrySection),
        new("policies", PolicySection.Write),
    ];

    private static void Experiment(StringBuilder html, string outDir, string name, ExperimentState? state, IReadOnlyList<ResultRow> rows, ResultsStore? store)
    {
        html.Append("<section id=\"").Append(E(Anchor(name))).Append("\">\n<h2>").Append(E(name)).Append("</h2>\n");
        if (state?.Description is { } d) html.Append("<p>").Append(E(d)).Append("</p>\n");
        var context = new ReportContext(outDir, name, state, rows, store);
        foreach (var section in Sections)
        {
            var part = new StringBuilder();
            section.Write(part, context);
            if (part.Length == 0) continue;
            html.Append("<div class=\"part\" id=\"").Append(E(context.Id(section.Id))).Append("\">\n").Append(part).Append("</div>\n");
        }
        html.Append("</section>\n");
    }

    private static void StagesSection(StringBuilder html, ReportContext context)
    {
        if (context.State is not { } state) return;
        html.Append("<h3>Stages</h3>\n<div class=\"tablebox\"><table><thead><tr><th>stage</th><th>status</th><th>details</th></tr></thead><tbody>\n");
        foreach (var s in state.Stages)
            html.Append("<tr><td>").Append(E(s.Stage)).Append("</td><td class=\"").Append(E(s.Status)).Append("\">").Append(E(s.Status))
                .Append(s.Status == StageStatus.Ran && s.Seconds > 0
                    ? string.Create(CultureInfo.InvariantCulture, $" ({s.Seconds:F1} s{(s.PeakBytes > 0 ? ", peak " + PeakMemory.Format(s.PeakBytes) : "")})") : "")
                .Append("</td><td>").Append(E(s.Detail)).Append("</td></tr>\n");
        html.Append("</tbody></table></div>\n");
    }

    private static void DataSection(StringBuilder html, ReportContext context)
    {
        if (context.State is not { Dataset: not null } state) return;
        html.Append("<h3>Data</h3>\n");
        DatasetManifest m;
        try
        {
            m = DatasetManifest.Load(state.Dataset);
        }
        catch (DataFormatException e)
        {
            html.Append("<p>The data set could not be read: ").Append(E(e.Message)).Append("</p>\n");
            return;
        }
        var c = m.Counts;
        Table(html, [
            ("input", $"{m.Input.Path} ({m.Input.Format})"),
            ("protocol", $"{m.Protocol.Name}: positives {(m.Protocol.Threshold is double t ? "> " + N(t) : "all")}, users ≥ {m.Protocol.MinUserItems} items, seed {m.Protocol.Seed}"),
            ("users", $"{c.Users:N0} ({c.TrainUsers:N0} train, {c.ValidationUsers:N0} validation, {c.TestUsers:N0} test)"),
            ("items", $"{c.Items:N0}"),
            ("interactions", $"{c.Interactions:N0}"),
            ("timestamps", m.Timestamps),
            ("folder", state.Dataset),
        ]);
    }

    private static void ModelSection(StringBuilder html, ReportContext context)
    {
        if (context.State is not { } state || state.Run is null || !File.Exists(Path.Combine(state.Run, RunMetrics.FileName))) return;
        html.Append("<h3>Model</h3>\n");
        RunMetrics m;
        try
        {
            m = ExperimentRunner.LoadMetrics(state.Run);
        }
        catch (DataFormatException e)
        {
            html.Append("<p>The training metrics could not be read: ").Append(E(e.Message)).Append("</p>\n");
            return;
        }
        string Metric(IReadOnlyDictionary<string, double> set, string key) => set.TryGetValue(key, out var v) ? v.ToString("F5", CultureInfo.InvariantCulture) : "–";
        Table(html, [
            ("model", m.Model == TrainOptions.Popularity ? "popularity (items ranked by training count; no embeddings)"
                : $"{m.Model} (latent {m.Parameters.Latent}, hidden {m.Parameters.Hidden}, {m.Parameters.EffectiveEpochs} epochs, seed {m.Parameters.Seed})"),
            ("best epoch", m.BestEpoch.ToString(CultureInfo.InvariantCulture)),
            ("test NDCG@100 / Recall@20 / Recall@50", $"{Metric(m.Test, "ndcg@100")} / {Metric(m.Test, "recall@20")} / {Metric(m.Test, "recall@50")} ({m.TestUsers:N0} users)"),
            ("validation NDCG@100", $"{Metric(m.Validation, "ndcg@100")} ({m.ValidationUsers:N0} users)"),
            ("training time", string.Create(CultureInfo.InvariantCulture, $"{m.TotalSeconds:F1} s")),
            ("folder", state.Run),
        ]);
        var convergence = Convergence.Judge(m.Epochs);
        if (convergence.Warning is { } warning)
            html.Append("<p class=\"caveat\" id=\"").Append(E(context.Id("undertrained"))).Append("\"><b>Warning:</b> ").Append(E(warning)).Append(".</p>\n");
        if (TrainingCurveFigure.Draw(m, convergence, Path.Combine(context.OutDir, context.Name, FiguresFolder)) is { } curve)
        {
            html.Append("<div class=\"figures\">\n");
            FigureHtml(html, context.OutDir, curve.Title, curve.Caption, curve.Png, curve.Svg);
            html.Append("</div>\n");
        }
    }

    private static void GeometrySection(StringBuilder html, ReportContext context)
    {
        var outDir = context.OutDir;
        if (context.State is not { } state || state.Geometry is null || !Directory.Exists(state.Geometry)) return;
        html.Append("<h3>Geometry</h3>\n<p>");
        var page = Path.Combine(state.Geometry, FileName);
        if (File.Exists(page)) html.Append("<a href=\"").Append(Href(outDir, page)).Append("\">The geometry report</a> · ");
        var json = Path.Combine(state.Geometry, "geometry.json");
        if (File.Exists(json)) html.Append("<a href=\"").Append(Href(outDir, json)).Append("\">geometry.json</a>");
        html.Append("</p>\n");
        if (File.Exists(json)) GeometryFindings.AppendTable(html, json);
        string tsnePng = Path.Combine(state.Geometry, "tsne.png"), umapPng = Path.Combine(state.Geometry, "umap.png");
        if (File.Exists(umapPng))
        {
            // The two maps of the same points side by side, as experiment-NAME-umap (the report check requires it).
            html.Append("<div class=\"figures maps\" id=\"").Append(E(context.Id("umap"))).Append("\">\n");
            if (File.Exists(tsnePng)) FigureHtml(html, outDir, "t-SNE maps", null, tsnePng, Path.ChangeExtension(tsnePng, ".svg"));
            FigureHtml(html, outDir, "UMAP maps", null, umapPng, Path.ChangeExtension(umapPng, ".svg"));
            html.Append("</div>\n");
        }
        html.Append("<div class=\"figures\">\n");
        foreach (var png in Directory.GetFiles(state.Geometry, "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (File.Exists(umapPng) && (png == tsnePng || png == umapPng)) continue;
            var svg = Path.ChangeExtension(png, ".svg");
            FigureHtml(html, outDir, Path.GetFileNameWithoutExtension(png), null, png, File.Exists(svg) ? svg : png);
        }
        html.Append("</div>\n");
    }

    internal static void Number(StringBuilder html, double v)
    {
        if (double.IsNaN(v))
        {
            html.Append("<td></td>");
            return;
        }
        html.Append("<td class=\"num\" data-v=\"").Append(ParamValue.FormatNumber(v)).Append("\">").Append(N(v)).Append("</td>");
    }

    /// <summary>A figure linking <paramref name="link"/>; our own figures (with a caption) have a known size, others keep theirs.</summary>
    internal static void FigureHtml(StringBuilder html, string outDir, string title, string? caption, string png, string link)
    {
        html.Append("<figure><a href=\"").Append(Href(outDir, link)).Append("\"><img src=\"").Append(Href(outDir, png)).Append("\" alt=\"").Append(E(title)).Append('"');
        if (caption is not null) html.Append(" width=\"").Append(PlotRenderer.Width).Append("\" height=\"").Append(PlotRenderer.Height).Append('"');
        html.Append("></a>");
        if (caption is not null) html.Append("<figcaption>").Append(E(caption)).Append(" <a href=\"").Append(Href(outDir, link)).Append("\">SVG</a></figcaption>");
        html.Append("</figure>\n");
    }

    internal static void Table(StringBuilder html, IEnumerable<(string Key, string Value)> rows)
    {
        html.Append("<div class=\"tablebox\"><table class=\"facts\"><tbody>\n");
        foreach (var (k, v) in rows) html.Append("<tr><th>").Append(E(k)).Append("</th><td>").Append(E(v)).Append("</td></tr>\n");
        html.Append("</tbody></table></div>\n");
    }

    /// <summary>Four significant digits for reading; the sortable value keeps full precision.</summary>
    internal static string N(double v) => Math.Abs(v) >= 1e5 || v == Math.Floor(v) ? v.ToString("#,0.###", CultureInfo.InvariantCulture) : v.ToString("G4", CultureInfo.InvariantCulture);

    internal static string Href(string outDir, string path) =>
        string.Join('/', Path.GetRelativePath(outDir, path).Split(Path.DirectorySeparatorChar).Select(Uri.EscapeDataString));

    internal static string Anchor(string name) => "experiment-" + name;

    internal static string E(string s) => WebUtility.HtmlEncode(s);

    private const string Css = """
        body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2em auto; max-width: 1280px; padding: 0 1em; color: #1a1a1a; background: #fff; line-height: 1.45; overflow-wrap: anywhere; }
        h1 { margin-bottom: 0.2em; } h2 { border-bottom: 2px solid #1f77b4; padding-bottom: 0.2em; margin-top: 2em; }
        h4 { margin: 1.4em 0 0.4em; font-size: 1.05em; }
        .meta, .note { color: #555; font-size: 0.92em; }
        .caveat { background: #fff6e0; border-left: 4px solid #d08c00; padding: 0.4em 0.8em; max-width: 960px; }
        nav ul { list-style: none; padding: 0; display: flex; gap: 1.2em; flex-wrap: wrap; }
        table { border-collapse: collapse; margin: 0.6em 0 1.2em; font-size: 0.92em; }
        th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; overflow-wrap: normal; }
        thead th { background: #eef3f8; position: sticky; top: 0; }
        table.facts th { background: #f6f6f6; font-weight: normal; color: #333; }
        table.facts td { overflow-wrap: anywhere; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.ran { color: #1b7a1b; } td.cached { color: #1f5fa8; } td.skipped { color: #a06000; }
        table.sortable thead th { cursor: pointer; user-select: none; }
        table.sortable thead th[aria-sort="ascending"]::after { content: " ▲"; }
        table.sortable thead th[aria-sort="descending"]::after { content: " ▼"; }
        .tablebox { overflow-x: auto; max-width: 100%; }
        .tablebox table { margin-bottom: 0.6em; }
        .scroll { overflow: auto; max-width: 100%; max-height: 40em; border: 1px solid #ddd; }
        .scroll table { margin: 0; }
        .figures { display: flex; flex-wrap: wrap; gap: 1.2em; }
        .maps figure { flex: 1 1 560px; min-width: 0; margin: 0; } .maps img { width: 100%; height: auto; }
        figure { margin: 0; max-width: 100%; min-width: 0; }
        figure img { max-width: 100%; height: auto; border: 1px solid #ddd; box-sizing: border-box; }
        img { max-width: 100%; height: auto; }
        figcaption { font-size: 0.9em; color: #444; max-width: 960px; }

        """;

    private const string Script = """
        "use strict";
        (function () {
          function value(cell) {
            var v = cell.getAttribute("data-v");
            return v === null ? cell.textContent : v;
          }
          function compare(a, b) {
            if (a === "" || b === "") { return a === b ? 0 : (a === "" ? 1 : -1); }
            var x = Number(a), y = Number(b);
            if (!isNaN(x) && !isNaN(y)) { return x - y; }
            return a < b ? -1 : (a > b ? 1 : 0);
          }
          var tables = document.querySelectorAll("table.sortable");
          Array.prototype.forEach.call(tables, function (table) {
            var heads = table.tHead.rows[0].cells;
            Array.prototype.forEach.call(heads, function (th, column) {
              th.addEventListener("click", function () {
                var ascending = th.getAttribute("aria-sort") !== "ascending";
                Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
                th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
                var body = table.tBodies[0];
                var rows = Array.prototype.slice.call(body.rows);
                rows.sort(function (r, s) {
                  var a = value(r.cells[column]), b = value(s.cells[column]);
                  if (a === "" || b === "") { return compare(a, b); }
                  return ascending ? compare(a, b) : compare(b, a);
                });
                rows.forEach(function (r) { body.appendChild(r); });
              });
            });
          });
        })();

        """;
}
