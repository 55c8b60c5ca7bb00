using System.Text.Json;
using System.Text.Json.Nodes;
using SimCache.Data.IO;
using SimCache.Geometry.Angles;
using SimCache.Geometry.Mixture;
using SimCache.Numerics.Mixture;

namespace SimCache.Geometry.Report;

/// <summary>
/// geometry.json: every figure's numbers, per data set (the embeddings first, then the uniform ball and the
/// Gaussian cloud), in snake_case, with provenance. No wall times (they go to timings.json), so the same inputs and
/// seed give the same bytes.
/// </summary>
public static class GeometryJson
{
    public const string FileName = "geometry.json";
    public const string Kind = "simcache-geometry";
    public const int HistogramBins = 50;

    public static string Build(EmbeddingSample input, GeometryOptions options, Provenance provenance, IReadOnlyList<DatasetGeometry> sets, IReadOnlyDictionary<string, double> cloudScales)
    {
        var root = new JsonObject
        {
            ["kind"] = Kind,
            ["provenance"] = new JsonObject
            {
                ["command"] = provenance.Command,
                ["seed"] = provenance.Seed,
                ["version"] = provenance.Version,
                ["input"] = input.Path,
                ["input_sha256"] = input.Sha256,
            },
            ["parameters"] = new JsonObject
            {
                ["sample"] = options.Sample,
                ["seed"] = options.Seed,
                ["knn"] = options.Knn,
                ["gmm_max"] = options.GmmMax,
                ["gmm_covariance"] = CovarianceTypes.Name(options.GmmCovariance),
                ["gmm_space"] = MixtureSpaces.Name(options.GmmSpace),
                ["gmm_variance"] = options.GmmVariance,
                ["gmm_init"] = options.GmmInit,
                ["tsne"] = options.Tsne,
                ["umap"] = options.Umap,
                ["umap_neighbors"] = options.UmapNeighbors,
            },
            ["input"] = new JsonObject
            {
                ["rows"] = input.TotalRows,
                ["dimension"] = input.Dimension,
                ["distance"] = input.Distance,
                ["sampled_rows"] = input.SampledRows,
                ["duplicates_removed"] = input.Duplicates,
                ["distinct_rows"] = input.Count,
                ["norms_all_rows"] = Summary(input.AllNorms, withHistogram: true),
            },
            ["reference_clouds"] = new JsonObject
            {
                ["note"] = "same n and d as the embeddings sample; scaled to the sample's root-mean-square norm",
                ["uniform_ball_radius"] = cloudScales["uniform_ball_radius"],
                ["gaussian_sigma"] = cloudScales["gaussian_sigma"],
            },
            ["datasets"] = new JsonArray(sets.Select(s => (JsonNode)JsonValue.Create(s.Name)).ToArray()),
            ["warnings"] = new JsonArray(Warnings(sets).Select(w => (JsonNode)JsonValue.Create(w)).ToArray()),
        };
        root["norms"] = PerSet(sets, s => Summary(s.Norms, withHistogram: true));
        root["intrinsic_dimension"] = PerSet(sets, s => new JsonObject
        {
            ["k"] = s.Knn.K,
            ["radius_law"] = new JsonObject
            {
                ["dimension"] = s.RadiusLaw.Dimension,
                ["slope"] = s.RadiusLaw.Slope,
                ["intercept"] = s.RadiusLaw.Intercept,
                ["r_squared"] = s.RadiusLaw.RSquared,
                ["mean_log_radius"] = Numbers(s.RadiusLaw.MeanLogRadius),
            },
            ["levina_bickel"] = new JsonObject
            {
                ["dimension"] = s.LevinaBickel.Dimension,
                ["inverse_averaged"] = s.LevinaBickel.InverseAveraged,
                ["local_median"] = s.LevinaBickel.LocalMedian,
                ["local_quartile1"] = s.LevinaBickel.LocalQuartile1,
                ["local_quartile3"] = s.LevinaBickel.LocalQuartile3,
            },
            ["twonn"] = new JsonObject
            {
                ["maximum_likelihood"] = s.TwoNn.MaximumLikelihood,
                ["fit_90"] = s.TwoNn.Fit,
            },
            ["pca_participation_ratio"] = s.Pca.ParticipationRatio,
            ["knn_fallback_queries"] = s.Knn.FallbackQueries,
        });
        root["ball_centres"] = PerSet(sets, s => new JsonArray(s.BallCentres.Select(b => (JsonNode)new JsonObject
        {
            ["centre_row"] = b.Centre,
            ["distances"] = Summary(b.Distances, withHistogram: false),
        }).ToArray()));
        root["angles"] = PerSet(sets, s => new JsonObject
        {
            ["theoretical_sd"] = AngleDensity.StandardDeviation(Math.Max(2, s.Dimension)),
            ["zero_vectors_skipped"] = s.ZeroVectors,
            ["to_axes"] = AngleSummary(s.AxisAngles, s.AxisKs),
            ["between_pairs"] = AngleSummary(s.PairAngles, s.PairKs),
        });
        root["projections"] = new JsonArray(sets[0].Projections.Select(p => (JsonNode)new JsonArray(p.I, p.J)).ToArray());
        root["pca"] = PerSet(sets, s => new JsonObject
        {
            ["explained_variance_ratio"] = Numbers(s.Pca.ExplainedRatio),
            ["components_for_50"] = s.Pca.ComponentsFor(0.5),
            ["components_for_90"] = s.Pca.ComponentsFor(0.9),
            ["components_for_99"] = s.Pca.ComponentsFor(0.99),
            ["participation_ratio"] = s.Pca.ParticipationRatio,
        });
        root["hubness"] = PerSet(sets, s => new JsonObject
        {
            ["k"] = s.Hubness.K,
            ["skewness"] = s.Hubness.Skewness,
            ["anti_hub_share"] = s.Hubness.AntiHubShare,
            ["max_occurrence"] = s.Hubness.MaxOccurrence,
            ["top_hub_rows"] = new JsonArray(s.Hubness.TopHubs.Select(i => (JsonNode)i).ToArray()),
            ["top_hub_occurrences"] = new JsonArray(s.Hubness.TopHubOccurrences.Select(i => (JsonNode)i).ToArray()),
        });
        ((JsonObject)root["hubness"]!)["embeddings_top_hub_user_ids"] = new JsonArray(sets[0].Hubness.TopHubs.Select(i => (JsonNode)input.UserIds[i]).ToArray());
        root["gmm"] = PerSet(sets, Gmm);
        root["tsne"] = PerSet(sets, s => s.Tsne is null ? null : new JsonObject
        {
            ["points"] = s.Tsne.Points,
            ["kl_divergence"] = s.Tsne.KlDivergence,
            ["iterations"] = s.Tsne.Iterations,
            ["learning_rate"] = s.Tsne.LearningRate,
            ["trustworthiness_k"] = DatasetAnalysis.TrustworthinessK,
            ["trustworthiness"] = s.Trustworthiness,
            ["knn_preservation"] = s.KnnPreservation,
            ["coloured_by_components"] = s.ColourByMixture ? s.BestGmm?.Model.Components : null,
            ["colouring"] = s.ColourByMixture && s.BestGmm is not null
                ? "by the component of this set's BIC-best mixture"
                : "plain: a reference cloud has no components by construction, so a mixture's labels would paint structure that is not there",
        });
        if (options.Umap)
            root["umap"] = PerSet(sets, s => s.Umap is null ? null : new JsonObject
            {
                ["points"] = s.Umap.Points,
                ["n_neighbors"] = s.Umap.Neighbors,
                ["min_dist"] = Umap.UmapOptions.Default.MinDist,
                ["spread"] = Umap.UmapOptions.Default.Spread,
                ["a"] = s.Umap.A,
                ["b"] = s.Umap.B,
                ["epochs"] = s.Umap.Epochs,
                ["negative_sample_rate"] = Umap.UmapOptions.Default.NegativeSampleRate,
                ["learning_rate"] = Umap.UmapOptions.Default.LearningRate,
                ["initialisation"] = s.Umap.Initialisation,
                ["graph_edges"] = s.Umap.Edges,
                ["coordinates"] = UmapCoordinates.FileName,
                ["trustworthiness_k"] = DatasetAnalysis.TrustworthinessK,
                ["trustworthiness"] = s.UmapTrustworthiness,
                ["knn_preservation"] = s.UmapKnnPreservation,
                ["tsne_trustworthiness"] = s.Trustworthiness,
            });
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }) + "\n";
    }

    private static JsonObject Gmm(DatasetGeometry s)
    {
        var curve = new JsonArray();
        for (int k = 1; k <= s.Gmm.Length; k++)
        {
            var f = s.Gmm[k - 1];
            curve.Add(f is null
                ? new JsonObject { ["components"] = k, ["failed"] = s.GmmFailures[k - 1] }
                : new JsonObject
                {
                    ["components"] = k,
                    ["bic"] = f.Bic,
                    ["aic"] = f.Aic,
                    ["icl"] = s.GmmIcl[k - 1],
                    ["mean_log_likelihood"] = f.MeanLogLikelihood,
                    ["lower_bound"] = f.LowerBound,
                    ["parameter_count"] = f.ParameterCount,
                    ["iterations"] = f.Iterations,
                    ["converged"] = f.Converged,
                    ["best_init"] = f.BestInit,
                });
        }
        var result = new JsonObject
        {
            ["covariance_type"] = s.BestGmm is null ? null : CovarianceTypes.Name(s.BestGmm.Model.Type),
            ["space"] = MixtureSpaces.Name(s.GmmSpace),
            ["fit_dimension"] = s.GmmDimension,
            ["explained_variance"] = s.GmmProjection?.ExplainedVariance,
            ["parameters_per_component"] = s.BestGmm is null ? null : MixtureSearch.PerComponent(s.BestGmm.Model.Type, s.GmmDimension),
            ["reason"] = s.GmmReason,
            ["warnings"] = new JsonArray(s.GmmWarnings.Select(w => (JsonNode)JsonValue.Create(w)).ToArray()),
            ["curve"] = curve,
            ["best_k_bic"] = s.BestGmm?.Model.Components,
            ["best_k_aic"] = s.BestGmmByAic?.Model.Components,
            ["best_k_icl"] = BestIcl(s.GmmIcl),
        };
        if (s.BestGmm is { } best && s.Labels is { } labels)
        {
            var m = best.Model;
            result["components"] = new JsonArray(Enumerable.Range(0, m.Components).Select(c =>
            {
                var member = Enumerable.Range(0, s.Count).Where(i => labels[i] == c).Select(i => s.Norms[i]).ToArray();
                // The mean in the embedding space (mapped back from the principal components), so that its norm compares with the members'.
                var mean = m.Means[c];
                if (s.GmmProjection is { } projection)
                {
                    mean = new double[projection.EmbeddingDimension];
                    projection.Reconstruct(m.Means[c], mean);
                }
                double meanNorm = Math.Sqrt(mean.Sum(v => v * v));
                return (JsonNode)new JsonObject
                {
                    ["weight"] = m.Weights[c],
                    ["mean_norm"] = meanNorm,
                    ["points"] = member.Length,
                    ["member_norms"] = member.Length > 0 ? Summary(member, withHistogram: false) : null,
                    ["mean"] = Numbers(mean),
                };
            }).ToArray());
        }
        return result;
    }

    /// <summary>The K of the smallest ICL (null when every fit failed).</summary>
    private static int? BestIcl(double[] icl)
    {
        int best = -1;
        for (int k = 0; k < icl.Length; k++)
            if (!double.IsNaN(icl[k]) && (best < 0 || icl[k] < icl[best])) best = k;
        return best < 0 ? null : best + 1;
    }

    /// <summary>Every set's mixture warnings, each prefixed with the set's label, the embeddings first.</summary>
    public static IEnumerable<string> Warnings(IReadOnlyList<DatasetGeometry> sets) =>
        sets.SelectMany(s => s.GmmWarnings.Select(w => $"{s.Label}: GMM: {w}"));

    private static JsonObject AngleSummary(double[] sorted, double ks)
    {
        if (sorted.Length == 0) return new JsonObject { ["samples"] = 0 };
        double mean = sorted.Average();
        double sd = Math.Sqrt(sorted.Sum(a => (a - mean) * (a - mean)) / sorted.Length);
        return new JsonObject { ["samples"] = sorted.Length, ["mean"] = mean, ["sd"] = sd, ["ks_distance"] = ks };
    }

    private static JsonObject PerSet(IReadOnlyList<DatasetGeometry> sets, Func<DatasetGeometry, JsonNode?> f)
    {
        var o = new JsonObject();
        foreach (var s in sets) o[s.Name] = f(s);
        return o;
    }

    internal static JsonObject Summary(double[] values, bool withHistogram)
    {
        double min = values.Min(), max = values.Max(), mean = values.Average();
        double sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
        var o = new JsonObject { ["count"] = values.Length, ["min"] = min, ["max"] = max, ["mean"] = mean, ["sd"] = sd };
        if (withHistogram)
        {
            var (edges, counts) = Histogram.Of(values, HistogramBins);
            o["histogram"] = new JsonObject { ["edges"] = Numbers(edges), ["counts"] = new JsonArray(counts.Select(c => (JsonNode)c).ToArray()) };
        }
        return o;
    }

    private static JsonArray Numbers(IEnumerable<double> v) => new(v.Select(x => (JsonNode)JsonValue.Create(x)).ToArray());
}
