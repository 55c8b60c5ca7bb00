using System.Globalization;
using SimCache.Caching.Core;
using SimCache.Caching.Policies;
using SimCache.Caching.Tests.Oracles;
using SimCache.Caching.Tests.Support;
using SimCache.Data.Arrow;
using SimCache.Data.IO;
using SimCache.Numerics.Mixture;
using Xunit;

namespace SimCache.Caching.Tests.Policies;

/// <summary>
/// gmm-placement: golden counts on the committed trace pinned three ways (literals, a naive oracle serving from
/// the same placed points, the batched replay), the gmm.json path against the fit path, the hand-worked order of
/// warm-up, trimming and admission, placed keys' answers and expiry, thread independence, and refusals.
/// </summary>
public class GmmPlacementTests
{
    private static readonly Lazy<TraceData> Trace = new(() => TraceData.Load(RepoFiles.GoldenTrace));
    private static readonly Lazy<DecoderWeights> Decoder = new(() => DecoderFileReader.ReadAll(RepoFiles.GoldenDecoder));
    private const double MinMargin = 1e-6;

    /// <summary>Half the capacity placed by 3-component fits on the last 400 requests, at requests 400, 700 and 1000.</summary>
    private static string Spec(int capacity, double theta, string extra = ", seed=1") =>
        $"gmm-placement(capacity={capacity}, threshold={theta.ToString(CultureInfo.InvariantCulture)}, components=3, window=400, refit=300, share=0.5{extra})";

    /// <summary>
    /// (capacity, θ, exact hits, approximate hits, misses, hits served by a placed key) of <see cref="Spec"/> on
    /// traces/golden-small. θ = 0.9 rather than the other policies' 0.3: placed points in 32 dimensions seldom lie
    /// within 0.3 of a request, and the rows should exercise placed keys serving.
    /// </summary>
    public static TheoryData<int, double, int, int, int, int> Golden => new()
    {
        { 4, 0.6, 0, 579, 688, 0 },
        { 32, 0.6, 0, 630, 637, 0 },
        { 256, 0.6, 0, 645, 622, 17 },
        { 4, 0.9, 0, 788, 479, 20 },
        { 32, 0.9, 0, 970, 297, 154 },
        { 256, 0.9, 0, 1116, 151, 482 },
    };

    [Theory]
    [MemberData(nameof(Golden))]
    public void CountsEqualTheGoldenNumbersTheOracleOnTheSamePlacedKeysAndTheBatchedReplay(int capacity, double theta, int exact, int approx, int misses, int placedHits)
    {
        var t = Trace.Value;
        string spec = Spec(capacity, theta);
        Counts one;
        int onePlaced;
        List<NaiveGmmPlacement.Placement> placements;
        using (var cache = Replay.Create(spec, t)) (one, onePlaced, placements) = RunCapturing(cache, t);
        Assert.Equal(new[] { 399, 699, 999 }, placements.Select(p => p.After));
        Assert.All(placements, p => Assert.Equal((capacity + 1) / 2, p.Keys.Length));
        var margins = new Margins();
        var (oracle, oraclePlaced) = NaiveGmmPlacement.Run(t, capacity, theta, placements, margins);
        Assert.True(margins.Threshold > MinMargin, $"a decision lies {margins.Threshold:E2} from a threshold: pick another θ");
        Assert.True(margins.NearestGap > MinMargin, $"two keys lie within {margins.NearestGap:E2} of each other from a request");
        string row = $"{{ {capacity}, {theta.ToString(CultureInfo.InvariantCulture)}, {oracle.Exact}, {oracle.Approximate}, {oracle.Misses}, {oraclePlaced} }},";
        Assert.True(new Counts(exact, approx, misses) == oracle && placedHits == oraclePlaced, "golden row should be: " + row);
        Assert.Equal(oracle, one);
        Assert.Equal(oraclePlaced, onePlaced);
        using var blocked = Replay.Create(spec, t);
        Assert.Equal(oracle, Replay.Run(blocked, t, block: 37));
    }

    /// <summary>
    /// Placed keys that serve no request make gmm-placement(K) SIM-LRU(K − P) hit for hit; the replay says so
    /// instead of presenting it as placement. The golden rows give both cases: (32, 0.6) has no placed hit,
    /// (256, 0.6) has 17. The counter is checked against the count taken from the outcomes.
    /// </summary>
    [Theory]
    [InlineData(32, 0.6, 0)]
    [InlineData(256, 0.6, 17)]
    public void PlacedKeysThatServeNothingAreAWarningAndTheirHitsACounter(int capacity, double theta, int placedHits)
    {
        var t = Trace.Value;
        var context = new CacheContext { Dimension = t.Dimension, Metric = SimCache.Numerics.Vectors.DistanceMetrics.Parse(t.Distance), TracePath = t.Path };
        using var cache = CacheFactory.Create(Spec(capacity, theta), context);
        var (_, fromOutcomes, _) = RunCapturing(cache, t);
        cache.Conclude();
        var policy = (GmmPlacementPolicy)cache.Policy;
        Assert.Equal(placedHits, fromOutcomes);
        Assert.Equal(placedHits, policy.PlacedHits);
        Assert.Contains(policy.Counters, c => c.Counter.Name == "placed_hits" && c.Value == placedHits);
        var idle = context.Warnings.ToList().Where(w => w.Contains("served none of the", StringComparison.Ordinal)).ToList();
        if (placedHits > 0) Assert.Empty(idle);
        else
        {
            // Placements at requests 400, 700 and 1000 take effect from the next lookup: 1,267 − 400 requests see placed keys.
            var w = Assert.Single(idle);
            Assert.Contains($"gmm-placement's {(capacity + 1) / 2} placed keys served none of the 867 requests", w);
            Assert.Contains($"sim-lru(capacity={capacity - (capacity + 1) / 2})", w);
        }
    }

    [Fact]
    public void WithNoSharePlacedItIsSimLru()
    {
        var t = Trace.Value;
        using var gmm = Replay.Create("gmm-placement(capacity=32, threshold=0.6, share=0, window=100)", t);
        var counts = Replay.Run(gmm, t);
        Assert.Equal(new Counts(0, 635, 632), counts); // the sim-lru golden row (32, 0.6)
        Assert.Equal(0, ((GmmPlacementPolicy)gmm.Policy).Placements);
    }

    [Fact]
    public void AGmmJsonPlacesAtConstructionExactlyTheKeysTheFitPathPlacesAfterItsWindow()
    {
        var t = Trace.Value;
        const int window = 400;
        var rows = new double[window * t.Dimension];
        for (int i = 0; i < rows.Length; i++) rows[i] = t.Vectors[i];
        var fit = GaussianMixture.Fit(rows, window, t.Dimension, new GaussianMixtureOptions { Components = 3, Seed = 1 });
        using var dir = new TempDir();
        string path = dir.File("gmm.json");
        GmmFile.Save(path, fit, Provenance.For("test", 1));

        using var fitted = Replay.Create($"gmm-placement(capacity=40, threshold=0.6, components=3, window={window}, seed=1)", t);
        var byFit = (GmmPlacementPolicy)fitted.Policy;
        Assert.Equal(0, byFit.PlacedCount);
        Assert.Contains("source=fit", fitted.Description);
        Replay.Run(fitted, t);
        Assert.Equal(1, byFit.Placements);
        Assert.Equal(1, byFit.Fits);

        using var loaded = Create($"gmm-placement(capacity=40, threshold=0.6, window={window}, seed=1)", t, gmm: path);
        var byFile = (GmmPlacementPolicy)loaded.Policy;
        Assert.Contains("components=3, window=400, refit=0, share=1, cov=full, source=file, zador_d=32", loaded.Description);
        Assert.Equal(1, byFile.Placements);
        Assert.Equal(0, byFile.Fits);
        Assert.Equal(40, byFile.PlacedCount);
        Assert.Equal(40, loaded.Count);
        Assert.Equal(fit.Model.Weights, byFile.Model!.Weights);
        Assert.Equal(byFit.ComponentKeys, byFile.ComponentKeys);
        Assert.Equal(40, byFile.ComponentKeys.Sum());
        Assert.Equal(byFit.PlacedVectors.ToArray(), byFile.PlacedVectors.ToArray());

        // source=fit ignores the file; a file with refits refits on the window from request max(window, refit) on.
        using var ignored = Create("gmm-placement(capacity=40, threshold=0.6, window=400, source=fit, seed=1)", t, gmm: path);
        Assert.Equal(0, ignored.Count);
        using var refits = Create("gmm-placement(capacity=40, threshold=0.6, window=100, refit=500, seed=1)", t, gmm: path);
        var placements = RunCapturing(refits, t).Placements;
        Assert.Equal(new[] { -1, 499, 999 }, placements.Select(p => p.After));
        Assert.Equal(2, ((GmmPlacementPolicy)refits.Policy).Fits);
    }

    [Fact]
    public void BeforeTheFirstFitAllKeysRunSimLruThenTheListIsTrimmedAndTheRequestAdmittedLast()
    {
        // d = 2, capacity 4, share 0.5 (2 placed), one component fitted on the first 6 requests, 10 apart.
        using var c = CacheFactory.Create("gmm-placement(capacity=4, threshold=0.01, components=1, window=6, share=0.5, seed=2)",
            new CacheContext { Dimension = 2 });
        var p = (GmmPlacementPolicy)c.Policy;
        for (int i = 0; i < 5; i++) Assert.Equal(OutcomeKind.Miss, At(c, 10 * i).Kind);
        Assert.Equal(4, c.Count);                      // SIM-LRU(4): r4 r3 r2 r1, r0 evicted
        Assert.Equal(0, p.PlacedCount);
        var last = At(c, 50, admit: false);            // r5 completes the window: the placement is computed...
        Assert.Equal(AdmissionKind.Insert, last.Admission);
        Assert.Equal(1, p.Placements);
        Assert.Equal(0, p.PlacedCount);                // ...and applied before the next call
        c.Admit(new CacheRequest(0, 5, [50f, 0f]), last);
        Assert.Equal(2, p.PlacedCount);                // trimmed to r4 r3, placed 2, then r5 in: r5 r4 (r3 out)
        Assert.Equal(4, c.Count);
        Assert.Equal(OutcomeKind.ExactHit, At(c, 50, time: 6).Kind);
        Assert.Equal(OutcomeKind.ExactHit, At(c, 40, time: 7).Kind);
        Assert.Equal(OutcomeKind.Miss, At(c, 30, time: 8).Kind); // inserted again, r5 at the back goes out
        Assert.Equal(OutcomeKind.Miss, At(c, 50, time: 9).Kind);
        Assert.Contains(RecencyPolicy.EvictionsCounter.With(6), p.Counters); // r0, trim r2 r1, r3, r5, r4
        var placed = p.PlacedVectors.ToArray();
        var o = c.Lookup(new CacheRequest(0, 10, placed.AsSpan(0, 2)));
        Assert.Equal(OutcomeKind.ExactHit, o.Kind);
        Assert.True(p.IsPlaced(o.Slot));
        Assert.Equal(GmmPlacementPolicy.PlacedUser, c.Policy.Store!.User(o.Slot));
    }

    [Fact]
    public void PlacedKeysAnswerTheDecodersTopNNeverExpireAndAFullPlacementAdmitsNothing()
    {
        var dec = Decoder.Value;
        int d = dec.Dimension;
        var mean = Trace.Value.VectorDouble(0);
        var model = new GaussianMixtureModel(CovarianceType.Diag, [1.0], [mean], [Enumerable.Repeat(0.01, d).ToArray()]);
        using var dir = new TempDir();
        string path = Save(dir, "gmm.json", model);
        var context = new CacheContext { Dimension = d, Decoder = dec, AnswerLength = 10, GmmPath = path, Ttl = 10 };
        using var c = CacheFactory.Create("gmm-placement(capacity=4, threshold=0.5, share=0.5, seed=4)", context);
        var p = (GmmPlacementPolicy)c.Policy;
        Assert.Equal(2, c.Count);
        var keys = p.PlacedVectors.ToArray();
        for (int k = 0; k < 2; k++)
        {
            var x = keys.AsSpan(k * d, d);
            var o = c.Lookup(new CacheRequest(7, k, x, [1, 2, 3]));
            Assert.Equal(OutcomeKind.ExactHit, o.Kind);
            Assert.Equal(double.PositiveInfinity, p.Store!.Admitted(o.Slot));
            Assert.Equal(NaiveTop(dec, x.ToArray(), 10), c.ServedAnswer(o).ToArray());
        }
        var far = mean.Select(v => (float)(v + 5)).ToArray();
        var miss = c.Lookup(new CacheRequest(8, 2, far, [4, 5]));
        Assert.Equal(AdmissionKind.Insert, miss.Admission);
        c.Admit(new CacheRequest(8, 2, far, [4, 5]), miss, 3);
        Assert.Equal(3, c.Count);
        Assert.Equal(13, c.NextExpiry);
        Assert.Equal(1, c.ExpireUpTo(1e9));            // the SIM-LRU key expires, the placed keys stay
        Assert.Equal(2, c.Count);

        using var full = CacheFactory.Create("gmm-placement(capacity=4, threshold=0.5, seed=4)", context);
        Assert.Equal(AdmissionKind.None, full.Lookup(new CacheRequest(8, 2, far)).Admission);
        Assert.False(full.WouldServe(8, GmmPlacementPolicy.PlacedUser, 0.51f));
        Assert.True(full.WouldServe(8, GmmPlacementPolicy.PlacedUser, 0.5f));
    }

    [Fact]
    public void PlacedKeysOfADecoderWithAnInputLayerAnswerItsTopNThroughTheLayer()
    {
        using var dir = new TempDir();
        const int latent = 5, width = 16;
        var dec = MlpDecoders.Write(dir, "mlp.arrow", items: 200, width, latent, seed: 6);
        var mean = Enumerable.Range(0, latent).Select(j => 0.3 * j - 0.5).ToArray();
        var model = new GaussianMixtureModel(CovarianceType.Diag, [1.0], [mean], [Enumerable.Repeat(0.25, latent).ToArray()]);
        string path = Save(dir, "gmm.json", model);
        using var c = CacheFactory.Create("gmm-placement(capacity=12, threshold=0.5, seed=4)",
            new CacheContext { Dimension = latent, Decoder = dec, AnswerLength = 10, GmmPath = path });
        var p = (GmmPlacementPolicy)c.Policy;
        Assert.Equal(12, c.Count);
        var keys = p.PlacedVectors.ToArray();
        int differ = 0;
        for (int k = 0; k < 12; k++)
        {
            var x = keys.AsSpan(k * latent, latent).ToArray();
            var o = c.Lookup(new CacheRequest(7, k, x));
            Assert.Equal(OutcomeKind.ExactHit, o.Kind);
            var top = MlpDecoders.NaiveTop(dec, x, 10);
            Assert.Equal(top, c.ServedAnswer(o).ToArray());
            if (!top.SequenceEqual(MlpDecoders.NaiveTop(dec, keys.AsSpan(0, latent), 10))) differ++;
        }
        Assert.True(differ > 0, "the placed keys' answers should not all be one list");
    }

    [Fact]
    public void UnderCosinePlacedPointsAreNormalisedLikeEveryKey()
    {
        var t = Trace.Value;
        var model = new GaussianMixtureModel(CovarianceType.Spherical, [1.0], [t.VectorDouble(0)], [[0.01]]);
        using var dir = new TempDir();
        string path = Save(dir, "gmm.json", model);
        using var c = CacheFactory.Create("gmm-placement(capacity=3, threshold=0.001)",
            new CacheContext { Dimension = t.Dimension, Metric = SimCache.Numerics.Vectors.DistanceMetric.Cosine, GmmPath = path });
        var key = ((GmmPlacementPolicy)c.Policy).PlacedVectors[..t.Dimension].ToArray();
        var o = c.Lookup(new CacheRequest(0, 0, key.Select(v => 3 * v).ToArray())); // the same direction, three times as long
        Assert.True(o.IsHit);
        Assert.True(o.Distance < 1e-6);
        Assert.Equal(1f, SimCache.Numerics.Vectors.VectorKernels.Dot(c.Policy.Store!.Vector(o.Slot), c.Policy.Store.Vector(o.Slot)), 5);
    }

    [Fact]
    public void ResultsDependOnTheSeedAndNotOnTheThreadCount()
    {
        var t = Trace.Value;
        Counts Run(string extra, out float[] keys)
        {
            using var cache = Replay.Create(Spec(64, 0.6, extra), t);
            var counts = Replay.Run(cache, t, block: 50);
            keys = ((GmmPlacementPolicy)cache.Policy).PlacedVectors.ToArray();
            return counts;
        }
        var one = Run(", threads=1, seed=1", out var k1);
        var two = Run(", threads=2, seed=1", out var k2);
        Assert.Equal(one, two);
        Assert.Equal(k1, k2);
        Run(", threads=2, seed=2", out var k3);
        Assert.NotEqual(k1, k3);
    }

    [Fact]
    public void BadParametersAndMixtureFilesAreRefusedNamingTheParameterOrTheFile()
    {
        var t = Trace.Value;
        string Usage(string spec, string? gmm = null, bool decoder = true) =>
            Assert.Throws<UsageException>(() => Create(spec, t, gmm, decoder)).Message;
        Assert.Contains("parameter 'share' must be in [0, 1], got '1.5'", Usage("gmm-placement(capacity=4, threshold=1, share=1.5)"));
        Assert.Contains("parameter 'window' must be ≥ 2 and ≥ components (5), got 4", Usage("gmm-placement(capacity=4, threshold=1, components=5, window=4)"));
        Assert.Contains("parameter 'components' must be ≥ 1, got '0'", Usage("gmm-placement(capacity=4, threshold=1, components=0)"));
        Assert.Contains("parameter 'refit' must be ≥ 0, got '-1'", Usage("gmm-placement(capacity=4, threshold=1, refit=-1)"));
        Assert.Contains("parameter 'cov' must be one of full, diag, tied, spherical, got 'dense'", Usage("gmm-placement(capacity=4, threshold=1, cov=dense)"));
        Assert.Contains("parameter 'source' must be one of auto, file, fit, got 'gmm'", Usage("gmm-placement(capacity=4, threshold=1, source=gmm)"));
        Assert.Contains("parameter 'zador_d' must be ≥ 1, got '0'", Usage("gmm-placement(capacity=4, threshold=1, zador_d=0)"));
        Assert.Contains("source=file needs the geometry stage's gmm.json", Usage("gmm-placement(capacity=4, threshold=1, source=file)"));
        Assert.Contains("decoder", Usage("gmm-placement(capacity=4, threshold=1)", decoder: false));

        using var dir = new TempDir();
        string wrong = Save(dir, "gmm16.json", new GaussianMixtureModel(CovarianceType.Spherical, [1.0], [new double[16]], [[1.0]]));
        var ex = Assert.Throws<DataFormatException>(() => Create("gmm-placement(capacity=4, threshold=1)", t, wrong));
        Assert.Equal(wrong, ex.Path);
        Assert.Contains("field 'dimension': the mixture has 16 dimensions, the cache's requests 32", ex.Message);
        string missing = dir.File("none.json");
        Assert.Contains("file not found", Assert.Throws<DataFormatException>(() => Create("gmm-placement(capacity=4, threshold=1)", t, missing)).Message);
        string broken = dir.File("broken.json", "{\"kind\": \"simcache-gmm\"}");
        Assert.Contains("field 'covariance_type'", Assert.Throws<DataFormatException>(() => Create("gmm-placement(capacity=4, threshold=1)", t, broken)).Message);
    }

    [Fact]
    public void AMixtureOfPrincipalComponentsPlacesItsKeysInTheEmbeddingSpaceThroughItsProjection()
    {
        // The geometry stage's gmm.json: the BIC-best mixture of the requests' 4 leading principal components.
        var t = Trace.Value;
        int d = t.Dimension, n = 600;
        var rows = new double[n * d];
        for (int i = 0; i < rows.Length; i++) rows[i] = t.Vectors[i];
        var pca = SimCache.Numerics.Pca.PcaSpectrum.Compute(rows, n, d);
        var projection = MixtureProjection.FromPca(pca, 4);
        var fit = GaussianMixture.Fit(projection.Project(rows, n), n, 4, new GaussianMixtureOptions { Components = 3, CovarianceType = CovarianceType.Diag, Seed = 1 });
        using var dir = new TempDir();
        string path = dir.File("gmm.json");
        GmmFile.Save(path, fit, Provenance.For("test", 1), projection: projection);

        using var cache = Create("gmm-placement(capacity=40, threshold=0.6, window=400, seed=5)", t, gmm: path);
        var policy = (GmmPlacementPolicy)cache.Policy;
        Assert.Contains("cov=diag, source=file, zador_d=4", cache.Description); // the Zador exponent of the mixture's own 4 dimensions
        Assert.Equal(40, policy.PlacedCount);
        var placed = policy.PlacedVectors.ToArray();
        Assert.Equal(40 * d, placed.Length);

        // The same draws made by hand in the mixture's space and mapped back, x = μ + Pᵀz.
        var counts = SimCache.Caching.Policies.Gmm.ZadorPlacement.Allocate(fit.Model, 4, 40);
        var latent = new float[40 * 4];
        SimCache.Caching.Policies.Gmm.ZadorPlacement.Sample(fit.Model, counts, 4, new Random(5), latent);
        Assert.Equal(counts, policy.ComponentKeys);
        var x = new double[d];
        for (int k = 0; k < 40; k++)
        {
            for (int l = 0; l < d; l++) x[l] = pca.Mean[l];
            for (int c = 0; c < 4; c++)
                for (int l = 0; l < d; l++) x[l] += latent[k * 4 + c] * pca.Vectors[c][l];
            for (int l = 0; l < d; l++) Assert.Equal(x[l], placed[k * d + l], 4);
            // Projected back, each key has the coordinates it was drawn with (it lies in the principal subspace).
            var z = new double[4];
            projection.Project(placed.AsSpan(k * d, d).ToArray().Select(v => (double)v).ToArray(), z);
            for (int c = 0; c < 4; c++) Assert.Equal(latent[k * 4 + c], z[c], 3);
        }
    }

    [Fact]
    public void AProjectedMixtureOfEmbeddingsOfAnotherDimensionIsRefusedNamingTheField()
    {
        var t = Trace.Value;
        var model = new GaussianMixtureModel(CovarianceType.Diag, [1.0], [[0.0, 0.0]], [[1.0, 1.0]]);
        var projection = new MixtureProjection(new double[t.Dimension + 1], [Axis(t.Dimension + 1, 0), Axis(t.Dimension + 1, 1)], 0.5);
        using var dir = new TempDir();
        string path = dir.File("gmm.json");
        GmmFile.Save(path, new GaussianMixtureFit(model, 10, 0, 0, model.ParameterCount, 0, 0, 1, true, 0), Provenance.For("test", 1), projection: projection);
        var e = Assert.Throws<DataFormatException>(() => Create("gmm-placement(capacity=4, threshold=1)", t, gmm: path));
        Assert.Contains("field 'embedding_dimension'", e.Message);
        Assert.Contains(path, e.Message);
    }

    private static double[] Axis(int d, int i)
    {
        var v = new double[d];
        v[i] = 1;
        return v;
    }

    /// <summary>Writes <paramref name="model"/> as a gmm.json the way the geometry stage does.</summary>
    private static string Save(TempDir dir, string name, GaussianMixtureModel model)
    {
        string path = dir.File(name);
        GmmFile.Save(path, new GaussianMixtureFit(model, 10, 0, 0, model.ParameterCount, 0, 0, 1, true, 0), Provenance.For("test", 1));
        return path;
    }

    private static SimilarityCache Create(string spec, TraceData t, string? gmm = null, bool decoder = true) =>
        CacheFactory.Create(spec, new CacheContext
        {
            Dimension = t.Dimension,
            GmmPath = gmm,
            Decoder = decoder ? Decoder.Value : null,
            AnswerLength = 10,
            Seed = 0,
        });

    /// <summary>A one-by-one zero-latency replay that also records each placement: the request it followed and its points.</summary>
    private static (Counts Counts, int PlacedHits, List<NaiveGmmPlacement.Placement> Placements) RunCapturing(SimilarityCache cache, TraceData t)
    {
        var policy = (GmmPlacementPolicy)cache.Policy;
        var placements = new List<NaiveGmmPlacement.Placement>();
        int seen = 0;
        void Capture(int after)
        {
            if (policy.Placements == seen) return;
            seen = policy.Placements;
            var flat = policy.PlacedVectors;
            int d = t.Dimension;
            var keys = new double[flat.Length / d][];
            for (int k = 0; k < keys.Length; k++) keys[k] = flat.Slice(k * d, d).ToArray().Select(v => (double)v).ToArray();
            placements.Add(new NaiveGmmPlacement.Placement(after, keys));
        }
        Capture(-1);
        int exact = 0, approx = 0, miss = 0, placedHits = 0;
        for (int r = 0; r < t.Count; r++)
        {
            var o = cache.Process(new CacheRequest(t.Users[r], t.Times[r], t.Vector(r), t.Answers[r]));
            if (o.IsHit && policy.IsPlaced(o.Slot)) placedHits++;
            if (o.Kind == OutcomeKind.ExactHit) exact++;
            else if (o.Kind == OutcomeKind.ApproximateHit) approx++;
            else miss++;
            Capture(r);
        }
        return (new Counts(exact, approx, miss), placedHits, placements);
    }

    private static CacheOutcome At(SimilarityCache c, float x, double time = 0, bool admit = true)
    {
        var r = new CacheRequest(0, time, [x, 0f]);
        var o = c.Lookup(r);
        if (admit) c.Admit(r, o);
        return o;
    }

    private static int[] NaiveTop(DecoderWeights dec, float[] z, int n) =>
        Enumerable.Range(0, dec.Items)
            .Select(i => (i, s: Enumerable.Range(0, dec.Dimension).Sum(j => (double)z[j] * dec.Weights[i * dec.Dimension + j]) + dec.Bias[i]))
            .OrderByDescending(x => x.s).ThenBy(x => x.i).Take(n).Select(x => x.i).ToArray();
}
