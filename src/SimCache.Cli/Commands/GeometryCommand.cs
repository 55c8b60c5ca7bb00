using System.CommandLine;
using System.Globalization;
using SimCache.Cli.Console;
using SimCache.Data.IO;
using SimCache.Numerics.Mixture;
using SimCache.Geometry.Report;

namespace SimCache.Cli.Commands;

/// <summary>
/// <c>simcache geometry</c>: the geometry report of an embeddings file (docs/METHODS.md §2), and
/// <c>simcache geometry bench</c>: the stage's speed figures (exact k-NN, GMM K = 1..10) on synthetic data.
/// </summary>
public static class GeometryCommand
{
    public static Command Build(CliContext context)
    {
        var embeddings = new Option<string>("--embeddings") { Description = "An embeddings.arrow file (from 'train')." };
        var output = new Option<string>("--out") { Description = "Report folder: geometry.json, gmm.json, PNG and SVG figures, index.html (replaced only if empty or an earlier report)." };
        var sample = new Option<int>("--sample") { Description = "Rows sampled from the file (0: all). k-NN and GMM cost grow with it; norms always use every row.", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<long>("--seed") { Description = "Seed of the sample, the reference clouds, the GMM initialisations and the random choices.", DefaultValueFactory = _ => 42 };
        var gmmMax = new Option<int>("--gmm-max") { Description = "Fit Gaussian mixtures for K = 1..this (a chosen K equal to it is a warning: search further).", DefaultValueFactory = _ => 20 };
        var gmmCov = new Option<string>("--gmm-cov") { Description = "Covariance structure of the mixtures: diag (default: 2m + 1 parameters per component in m dimensions), full (m(m+3)/2 + 1), tied (one shared full covariance; m + 1 per component) or spherical (m + 2).", DefaultValueFactory = _ => "diag" };
        gmmCov.AcceptOnlyFromAmong("diag", "full", "tied", "spherical");
        var gmmSpace = new Option<string>("--gmm-space") { Description = "Where the mixtures are fitted: pca (the leading principal components keeping --gmm-variance of the variance; gmm.json carries the projection) or embedding (all dimensions; BIC then rarely affords more than one component).", DefaultValueFactory = _ => "pca" };
        gmmSpace.AcceptOnlyFromAmong([.. MixtureSpaces.Names]);
        var gmmVariance = new Option<double>("--gmm-variance") { Description = "With --gmm-space pca: the share of the variance the kept principal components reach, in (0, 1].", DefaultValueFactory = _ => 0.9 };
        var gmmInit = new Option<int>("--gmm-init") { Description = "Initialisations per K (n_init); the best lower bound is kept.", DefaultValueFactory = _ => 3 };
        var knn = new Option<int>("--knn") { Description = "Neighbours for the dimension estimators and hubness.", DefaultValueFactory = _ => 20 };
        var tsne = new Option<int>("--tsne") { Description = "Points in the t-SNE maps (a random subset of the sample); 0: no maps.", DefaultValueFactory = _ => 5_000 };
        var umap = new Option<bool>("--umap") { Description = "Also draw UMAP maps of the same points as the t-SNE maps (umap.png, umap.csv, T(10) beside t-SNE's)." };
        var umapNeighbors = new Option<int>("--umap-neighbors") { Description = "UMAP's neighbourhood size, the point itself counted (n_neighbors), in [2, 200].", DefaultValueFactory = _ => 15 };
        var threads = new Option<int?>("--threads") { Description = "Worker threads (default: all cores); the output does not depend on it." };
        var cmd = new Command("geometry", "Characterise the embedding space (norms, intrinsic dimension, angles, PCA, hubness, GMM by BIC, t-SNE and UMAP maps) beside uniform-ball and Gaussian clouds of the same size.")
        {
            embeddings, output, sample, seed, gmmMax, gmmCov, gmmSpace, gmmVariance, gmmInit, knn, tsne, umap, umapNeighbors, threads,
        };
        cmd.SetAction(parse => CliApp.Guard(context, () =>
        {
            var path = parse.GetValue(embeddings) ?? throw new UsageException("--embeddings: required (an embeddings.arrow file)");
            var outDir = parse.GetValue(output) ?? throw new UsageException("--out: required (the report folder)");
            var options = new GeometryOptions
            {
                Sample = parse.GetValue(sample),
                Seed = parse.GetValue(seed),
                GmmMax = parse.GetValue(gmmMax),
                GmmCovariance = CovarianceTypes.Parse(parse.GetValue(gmmCov)) ?? CovarianceType.Diag,
                GmmSpace = MixtureSpaces.Parse(parse.GetValue(gmmSpace)) ?? MixtureSpace.Pca,
                GmmVariance = parse.GetValue(gmmVariance),
                GmmInit = parse.GetValue(gmmInit),
                Knn = parse.GetValue(knn),
                Tsne = parse.GetValue(tsne),
                Umap = parse.GetValue(umap),
                UmapNeighbors = parse.GetValue(umapNeighbors),
                MaxThreads = Threads(parse.GetValue(threads)),
            };
            var result = context.WithProgress(reporter => GeometryReport.Run(path, outDir, options, CommandLine.Describe(parse, "--threads"), reporter));
            foreach (var set in result.Sets) context.Output.WriteLine(GeometryReport.Describe(set));
            context.Output.WriteLine($"GMM {result.Embeddings.GmmReason}");
            foreach (var warning in GeometryJson.Warnings(result.Sets)) context.Output.WriteLine($"warning: {warning}");
            context.Output.WriteLine($"Wrote {Path.Combine(outDir, HtmlPage.FileName)}");
            return CliApp.Success;
        }));
        cmd.Subcommands.Add(Bench(context));
        return cmd;
    }

    private static int? Threads(int? value) =>
        value is null ? null : value >= 1 ? value : throw new UsageException($"--threads: must be at least 1, got {value}");

    private static Command Bench(CliContext context)
    {
        var n = new Option<int>("--n") { Description = "Points.", DefaultValueFactory = _ => 100_000 };
        var d = new Option<int>("--d") { Description = "Dimension.", DefaultValueFactory = _ => 200 };
        var k = new Option<int>("--k") { Description = "Neighbours of the exact k-NN.", DefaultValueFactory = _ => 20 };
        var gmmMax = new Option<int>("--gmm-max") { Description = "GMM for K = 1..this.", DefaultValueFactory = _ => 10 };
        var gmmInit = new Option<int>("--gmm-init") { Description = "Initialisations per K (scikit-learn's default is 1).", DefaultValueFactory = _ => 1 };
        var gmmCov = new Option<string>("--gmm-cov") { Description = "full or diag.", DefaultValueFactory = _ => "full" };
        gmmCov.AcceptOnlyFromAmong("full", "diag");
        var what = new Option<string>("--what") { Description = "knn, gmm, both, or maps (the t-SNE and UMAP maps of the same points, each layout timed).", DefaultValueFactory = _ => "both" };
        what.AcceptOnlyFromAmong("knn", "gmm", "both", "maps");
        var seed = new Option<long>("--seed") { Description = "Seed of the synthetic data and the GMM.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int?>("--threads") { Description = "Worker threads (default: all cores)." };
        var cmd = new Command("bench", "Time the exact k-NN, the GMM fits (K = 1..gmm-max) or the t-SNE and UMAP maps on a synthetic n × d mixture.")
        {
            n, d, k, gmmMax, gmmInit, gmmCov, what, seed, threads,
        };
        cmd.SetAction(parse => CliApp.Guard(context, () =>
        {
            int points = parse.GetValue(n), dim = parse.GetValue(d), neighbours = parse.GetValue(k);
            if (points < 2) throw new UsageException("--n: at least 2 points");
            if (dim < 1) throw new UsageException("--d: at least 1");
            if (neighbours < 1 || neighbours >= points) throw new UsageException($"--k: must be in [1, {points - 1}]");
            if (parse.GetValue(gmmMax) < 1 || parse.GetValue(gmmMax) > points) throw new UsageException("--gmm-max: must be in [1, n]");
            if (parse.GetValue(gmmInit) < 1) throw new UsageException("--gmm-init: at least 1");
            var choice = parse.GetValue(what)!;
            context.WithProgress(reporter =>
            {
                GeometryBenchmark.Run(points, dim, neighbours, parse.GetValue(gmmMax), parse.GetValue(gmmInit),
                    CovarianceTypes.Parse(parse.GetValue(gmmCov)) ?? CovarianceType.Full, choice is "knn" or "both", choice is "gmm" or "both",
                    parse.GetValue(seed), context.Output, reporter, Threads(parse.GetValue(threads)), maps: choice == "maps");
                return 0;
            });
            return CliApp.Success;
        }));
        return cmd;
    }
}
