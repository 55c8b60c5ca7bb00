using System.Globalization;
using System.Text.Json;
using SimCache.Data.Dataset;
using SimCache.Data.IO;
using SimCache.Data.Progress;
using SimCache.Geometry.Figures;
using SimCache.Numerics.Mixture;
using SimCache.Geometry.Synthetic;

namespace SimCache.Geometry.Report;

/// <summary>
/// The geometry stage end to end (docs/METHODS.md §2): sample the embeddings, make the two reference clouds of the same
/// n and d, run every analysis on all three, and write the report folder — geometry.json, gmm.json (the embeddings'
/// BIC-best mixture, for the caching stage), a PNG and an SVG per figure, index.html, umap.csv (the UMAP maps' coordinates, when asked for), and timings.json (wall
/// times, kept apart so the other files are byte-identical for the same inputs and seed). The folder is written
/// into a temporary sibling and swapped in whole; it only ever replaces an empty folder or an earlier report.
/// </summary>
public static class GeometryReport
{
    public const string TimingsFileName = "timings.json";

    public sealed record Result(string OutDir, DatasetGeometry Embeddings, IReadOnlyList<DatasetGeometry> Sets);

    public static Result Run(string embeddingsPath, string outDir, GeometryOptions options, string command, IWorkReporter? reporter = null)
    {
        options.Validate();
        reporter ??= NullWorkReporter.Instance;
        DatasetFolder.CheckApart(embeddingsPath, outDir);
        DatasetFolder.Recover(outDir);
        DatasetFolder.CheckOwned(outDir, GeometryJson.FileName);
        var timings = new Dictionary<string, double>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var input = EmbeddingSample.Load(embeddingsPath, options.Sample, options.Seed);
        timings["load"] = clock.Elapsed.TotalSeconds;
        int n = input.Count, d = input.Dimension;
        int minimum = options.Knn + 2;
        if (n < minimum)
            throw new DataFormatException(embeddingsPath, $"{n} distinct vectors in the sample; the report needs at least {minimum} (--knn {options.Knn} + 2)");

        double meanSquare = 0;
        for (long i = 0; i < input.Vectors.Length; i++) meanSquare += (double)input.Vectors[i] * input.Vectors[i];
        meanSquare /= n;
        double rms = Math.Sqrt(meanSquare);
        double radius = rms * Math.Sqrt((d + 2.0) / d), sigma = rms / Math.Sqrt(d);
        var ball = SyntheticClouds.UniformBall(n, d, radius, new Random(SubSeed(options.Seed, 1)));
        var gauss = SyntheticClouds.Gaussian(n, d, sigma, new Random(SubSeed(options.Seed, 2)));
        var pairRandom = new Random(SubSeed(options.Seed, 3));
        var projections = Enumerable.Range(0, 2).Select(_ =>
        {
            int i = pairRandom.Next(d), j = d > 1 ? pairRandom.Next(d - 1) : 0;
            if (d > 1 && j >= i) j++;
            return (i, j);
        }).ToArray();

        void Time(string step, double seconds) => timings[step] = seconds;
        var sets = new List<DatasetGeometry>
        {
            DatasetAnalysis.Analyse("embeddings", "embeddings", input.Vectors, n, d, projections, options, SubSeed(options.Seed, 10), reporter, Time),
            DatasetAnalysis.Analyse("uniform_ball", "uniform ball", ball, n, d, projections, options, SubSeed(options.Seed, 11), reporter, Time, referenceCloud: true),
            DatasetAnalysis.Analyse("gaussian", "Gaussian", gauss, n, d, projections, options, SubSeed(options.Seed, 12), reporter, Time, referenceCloud: true),
        };
        var provenance = Provenance.For(command, options.Seed);
        var json = GeometryJson.Build(input, options, provenance, sets,
            new Dictionary<string, double> { ["uniform_ball_radius"] = radius, ["gaussian_sigma"] = sigma });
        clock.Restart();
        var figures = GeometryFigures.Build(sets, input).Select(f => (Figure: f, Png: f.Png(), Svg: f.Svg())).ToList();
        timings["figures"] = clock.Elapsed.TotalSeconds;
        var coordinates = UmapCoordinates.Build(input, sets);
        var html = HtmlPage.Build(input, options, command, sets, figures.Select(f => (f.Figure, f.Png)).ToList());
        DatasetFolder.Replace(outDir, tmp =>
        {
            AtomicFile.WriteAllText(Path.Combine(tmp, GeometryJson.FileName), json);
            if (sets[0].BestGmm is { } best)
                GmmFile.Save(Path.Combine(tmp, GmmFile.FileName), best, provenance, new Dictionary<string, string>
                {
                    ["input"] = embeddingsPath,
                    ["input_sha256"] = input.Sha256,
                }, sets[0].GmmProjection);
            foreach (var (figure, png, svg) in figures)
            {
                File.WriteAllBytes(Path.Combine(tmp, figure.Name + ".png"), png);
                File.WriteAllBytes(Path.Combine(tmp, figure.Name + ".svg"), svg);
            }
            File.WriteAllText(Path.Combine(tmp, HtmlPage.FileName), html);
            if (coordinates is not null) File.WriteAllText(Path.Combine(tmp, UmapCoordinates.FileName), coordinates);
            File.WriteAllText(Path.Combine(tmp, TimingsFileName),
                JsonSerializer.Serialize(timings.ToDictionary(t => t.Key, t => Math.Round(t.Value, 3)), new JsonSerializerOptions { WriteIndented = true }) + "\n");
        });
        return new Result(outDir, sets[0], sets);
    }

    /// <summary>An independent stream per purpose, derived from the user's seed.</summary>
    internal static int SubSeed(long seed, int purpose) =>
        unchecked((int)((ulong)(seed * 1_000_003 + purpose) * 0x9E3779B97F4A7C15UL >> 33));

    public static string Describe(DatasetGeometry s) => string.Create(CultureInfo.InvariantCulture,
        $"{s.Label}: d radius-law {s.RadiusLaw.Dimension:F1}, Levina–Bickel {s.LevinaBickel.Dimension:F1}, TwoNN {s.TwoNn.MaximumLikelihood:F1}; GMM best K {s.BestGmm?.Model.Components.ToString(CultureInfo.InvariantCulture) ?? "–"} ({MixtureSpaces.Name(s.GmmSpace)}, {s.GmmDimension} dimensions{(s.BestGmm is null ? "" : ", " + CovarianceTypes.Name(s.BestGmm.Model.Type))})");
}
