using System.Globalization;
using System.Text.Json;
using SimCache.Data.Arrow;
using SimCache.Numerics.Mixture;
using Xunit;

namespace SimCache.Cli.Tests.Commands;

/// <summary>
/// The mixture the geometry report fits on the built-in data set recovers the generator's 12 planted taste clusters.
/// The embeddings come from the product itself: the preset-small ratings, Liang et al.'s split, and a RecVAE run made
/// smaller (hidden 100, latent 32, 20 epochs, one thread: about 40 s) so the test stays under a minute.
/// Why not "BIC's K is within 12 ± 3": BIC counts Gaussian components, not clusters. A synthetic user mixes a primary
/// taste with a secondary one (10 % of their draws at the start of their history, 30 % at the end) and 15 %
/// popularity draws, so a planted cluster is not one Gaussian blob, and a diagonal-covariance mixture in PCA space
/// splits a cluster that is not axis-aligned into several components; K moves with any change in training (17 with
/// this test's seed 1, 15 with seeds 2 and 3 and on the default 200-dimensional experiment), so a window on one
/// seed's K tests the seed, not the method. The test checks instead what K was meant to stand for, on the mixture as
/// gmm.json stores it (loaded and projected the way gmm-placement does), with every user of embeddings.arrow (2,843)
/// assigned to their most likely component and labelled with their primary cluster from synth.json's ground truth:
/// (a) no planted cluster is lost: each of the 12 is the majority cluster of at least one component, so splitting a
/// cluster is allowed and merging whole clusters is not (K ≥ 12 follows); measured 12 of 12 with seeds 1, 2 and 3;
/// (b) components are pure: at least 65 % of users sit in a component whose majority cluster is their own primary
/// cluster. Measured 0.770 (seed 1), 0.751 (seed 2), 0.801 (seed 3). Besides a user's secondary taste and
/// popularity draws, which put some users in a component led by another cluster, every run has one or two small
/// components far from the centre of the cloud (weight 0.02–0.05 each, ‖mean‖ 4.1–5.9 in PCA space, where most
/// components lie at 1.7–3.4) whose users come from many clusters, and seeds 1 and 2 also a broad mixed one near the
/// centre (weight 0.11): these mixed components cost about 0.14 of the purity in seeds 1 and 2, 0.05 in seed 3.
/// The bound leaves 0.10 below the lowest seed, and is far above what an assignment that ignores the structure
/// reaches, as checked below: a random assignment into the same K components gives 0.12 (and keeps only 8–10 clusters
/// as majorities), one component 0.09 (one cluster); merging two planted clusters loses one under (a);
/// (c) K is not at the edge of the searched range: the report's "warnings" are empty.
/// The same run draws the UMAP map of every user (the sample holds 2,843 distinct users, under the 5,000 map
/// points) and checks that it separates the planted clusters, read from synth.json's ground truth: among each user's
/// 10 nearest neighbours in the 2-D map at least 65 % share the user's primary cluster (measured: 0.74 with this
/// test's smaller model, 0.86 on the default 200-dimensional run; a user's secondary taste and popularity draws keep
/// it below 1), where a random layout gives about 1/12 and fails the same bound (checked below); and T(10) ≥ 0.95
/// (measured 0.973 here, 0.980 on the default run; t-SNE 0.984 and 0.989).
/// </summary>
[Collection(SerialCollection.Name)]
public class GeometryPlantedClustersTests
{
    private const int Planted = 12;

    [Fact]
    public void OnTheBuiltInSetTheMixtureRecoversThePlantedClusters()
    {
        using var dir = new TempDir();
        string synth = dir.File("synth"), data = dir.File("data"), run = dir.File("run"), geometry = dir.File("geometry");
        Ok(CliHarness.Run("data", "synth", "--preset", "small", "--seed", "42", "--out", synth));
        Ok(CliHarness.Run("data", "prepare", "--format", "movielens-csv", "--input", Path.Combine(synth, "ratings.csv"), "--out", data));
        Ok(CliHarness.Run("train", "--data", data, "--out", run, "--epochs", "20", "--hidden", "100", "--latent", "32", "--seed", "1", "--threads", "1"));
        var r = Ok(CliHarness.Run("geometry", "--embeddings", Path.Combine(run, "embeddings.arrow"), "--out", geometry, "--tsne", "5000", "--umap", "--gmm-init", "1"));

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(geometry, "geometry.json")));
        var gmm = json.RootElement.GetProperty("gmm").GetProperty("embeddings");
        int k = gmm.GetProperty("best_k_bic").GetInt32();
        Assert.Equal("pca", gmm.GetProperty("space").GetString());
        Assert.Equal("diag", gmm.GetProperty("covariance_type").GetString());
        Assert.InRange(gmm.GetProperty("fit_dimension").GetInt32(), 2, 31);
        Assert.Equal(0, gmm.GetProperty("warnings").GetArrayLength());
        Assert.Contains($"GMM best K {k} (pca", r.Out);
        // The reference clouds have one component, and their maps are not coloured by a mixture.
        Assert.Equal(1, json.RootElement.GetProperty("gmm").GetProperty("gaussian").GetProperty("best_k_bic").GetInt32());

        using var synthJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(synth, "synth.json")));
        var primary = synthJson.RootElement.GetProperty("groundTruth").GetProperty("primaryCluster").EnumerateArray().Select(e => e.GetInt32()).ToArray();

        // The mixture recovers the planted clusters: every user of embeddings.arrow goes to their most likely component
        // of the mixture as gmm.json stores it (the loader and projection gmm-placement uses).
        var stored = GmmFile.Load(Path.Combine(geometry, GmmFile.FileName));
        Assert.Equal(k, stored.Model.Components);
        Assert.NotNull(stored.Projection);
        var (vectors, labels) = ReadEmbeddings(Path.Combine(run, "embeddings.arrow"), primary, stored.EmbeddingDimension);
        Assert.InRange(labels.Length, 2000, primary.Length);
        var assigned = stored.Model.Predict(stored.Projection.Project(vectors, labels.Length), labels.Length);
        var (covered, purity) = Recovery(assigned, k, labels);
        Assert.True(covered == Planted, $"K {k}: {covered} of the {Planted} planted clusters lead a component (purity {purity:F3})");
        Assert.True(purity >= PurityBound, $"K {k}: purity {purity:F3} (covered {covered})");
        // The criterion can fail: a random assignment into K components loses planted clusters' majorities and is
        // impure; one component keeps a single cluster; merging two planted clusters loses one.
        var shuffle = new Random(7);
        var (_, randomPurity) = Recovery(labels.Select(_ => shuffle.Next(k)).ToArray(), k, labels);
        Assert.True(randomPurity < PurityBound, $"random assignment purity {randomPurity:F3}");
        var (oneCovered, onePurity) = Recovery(new int[labels.Length], 1, labels);
        Assert.True(oneCovered < Planted && onePurity < PurityBound, $"one component: covered {oneCovered}, purity {onePurity:F3}");
        var (mergedCovered, _) = Recovery(labels.Select(l => l == 1 ? 0 : l).ToArray(), Planted, labels);
        Assert.Equal(Planted - 1, mergedCovered);
        Assert.Equal((Planted, 1.0), Recovery(labels, Planted, labels));

        // UMAP separates the planted clusters.
        var points = File.ReadLines(Path.Combine(geometry, "umap.csv")).Skip(1).Select(l => l.Split(',')).Where(f => f[0] == "embeddings")
            .Select(f => (X: double.Parse(f[3], CultureInfo.InvariantCulture), Y: double.Parse(f[4], CultureInfo.InvariantCulture), Label: primary[int.Parse(f[2], CultureInfo.InvariantCulture) - 1])).ToArray();
        var umap = json.RootElement.GetProperty("umap").GetProperty("embeddings");
        Assert.Equal(umap.GetProperty("points").GetInt32(), points.Length);
        Assert.InRange(points.Length, 2000, 3000);
        double agreement = LabelAgreement(points, 10);
        Assert.True(agreement >= UmapAgreementBound, $"UMAP 10-NN label agreement {agreement:F3}");
        Assert.True(umap.GetProperty("trustworthiness").GetDouble() >= UmapTrustBound, $"UMAP T(10) {umap.GetProperty("trustworthiness").GetDouble():F3}");
        var rnd = new Random(5);
        var random = points.Select(p => (X: rnd.NextDouble(), Y: rnd.NextDouble(), p.Label)).ToArray();
        Assert.True(LabelAgreement(random, 10) < UmapAgreementBound);
        Assert.True(File.Exists(Path.Combine(geometry, "umap.png")));
    }

    private const double UmapAgreementBound = 0.65, UmapTrustBound = 0.95, PurityBound = 0.65;

    /// <summary>
    /// Of an assignment of users to <paramref name="components"/> components: how many planted clusters are the
    /// majority primary cluster of at least one component, and the share of users whose component's majority cluster
    /// is their own primary cluster (ties go to the lower cluster; an empty component has no majority).
    /// </summary>
    private static (int Covered, double Purity) Recovery(int[] assigned, int components, int[] labels)
    {
        var counts = new int[components, Planted];
        for (int i = 0; i < labels.Length; i++) counts[assigned[i], labels[i]]++;
        var led = new HashSet<int>();
        long pure = 0;
        for (int c = 0; c < components; c++)
        {
            int best = 0, size = 0;
            for (int l = 0; l < Planted; l++)
            {
                size += counts[c, l];
                if (counts[c, l] > counts[c, best]) best = l;
            }
            if (size == 0) continue;
            led.Add(best);
            pure += counts[c, best];
        }
        return (led.Count, pure / (double)labels.Length);
    }

    /// <summary>Every user's embedding (row-major, as double) and primary cluster, read with the product's reader.</summary>
    private static (double[] Vectors, int[] Labels) ReadEmbeddings(string path, int[] primary, int dimension)
    {
        using var reader = EmbeddingFileReader.Open(path, expectedDimension: dimension);
        var vectors = new List<double>();
        var labels = new List<int>();
        foreach (var batch in reader.ReadBatches())
            for (int r = 0; r < batch.RowCount; r++)
            {
                foreach (var t in batch.Vector(r)) vectors.Add(t);
                labels.Add(primary[int.Parse(batch.UserId(r), CultureInfo.InvariantCulture) - 1]);
            }
        return (vectors.ToArray(), labels.ToArray());
    }

    /// <summary>The share of each point's k nearest 2-D neighbours that carry its label.</summary>
    private static double LabelAgreement((double X, double Y, int Label)[] p, int k)
    {
        long same = 0;
        var d = new double[p.Length];
        var order = new int[p.Length];
        for (int i = 0; i < p.Length; i++)
        {
            for (int j = 0; j < p.Length; j++)
            {
                d[j] = j == i ? double.PositiveInfinity : (p[i].X - p[j].X) * (p[i].X - p[j].X) + (p[i].Y - p[j].Y) * (p[i].Y - p[j].Y);
                order[j] = j;
            }
            Array.Sort(d, order);
            for (int c = 0; c < k; c++) if (p[order[c]].Label == p[i].Label) same++;
        }
        return same / ((double)p.Length * k);
    }

    private static CliHarness.Result Ok(CliHarness.Result r)
    {
        Assert.True(r.ExitCode == 0, r.ToString());
        return r;
    }
}
