using System.Globalization;
using System.Text.Json;
using SimCache.Data.Arrow;
using SimCache.Data.IO;
using Xunit;

namespace SimCache.Cli.Tests.Commands;

/// <summary>
/// <c>simulate</c> and <c>sweep</c> refuse a trace and a decoder that do not belong together (another run, another
/// item set, a decoder over another space, answers naming items the decoder lacks) with exit code 2, naming both
/// files, before anything is written; files without a run identity pass with a warning.
/// </summary>
public sealed class SimulateDecoderPairingTests(TrainedRuns runs) : IClassFixture<TrainedRuns>
{
    private const string Knn = "knn-cache(capacity=30)";

    private static CliHarness.Result Simulate(string trace, string decoder, string outDir) =>
        CliHarness.Run("simulate", "--trace", trace, "--decoder", decoder, "--cache", Knn, "--out", outDir);

    [Fact]
    public void TheRunsOwnDecoderIsAccepted()
    {
        using var dir = new TempDir();
        var r = Simulate(runs.TraceA, runs.Decoder(runs.RunA), dir.File("o"));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.DoesNotContain("warning", r.Err);
    }

    [Fact]
    public void ADecoderOfAnotherRunIsRefusedNamingBothFiles()
    {
        using var dir = new TempDir();
        var outDir = dir.File("o");
        var r = Simulate(runs.TraceA, runs.Decoder(runs.RunB), outDir);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("different runs", r.Err);
        Assert.Contains(runs.TraceA, r.Err);
        Assert.Contains(runs.Decoder(runs.RunB), r.Err);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void AMultVaeTraceWithARecVaeDecoderIsRefused()
    {
        using var dir = new TempDir();
        var r = Simulate(runs.TraceM, runs.Decoder(runs.RunA), dir.File("o"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("different runs", r.Err);
        Assert.False(Directory.Exists(dir.File("o")));
    }

    [Fact]
    public void AMultVaeDecoderWithoutItsInputLayerCannotAnswerForLatentKeys()
    {
        using var dir = new TempDir();
        // As Mult-VAE runs wrote it before decoders carried their input layer: the output layer alone, over the hidden layer.
        var meta = ArrowFileInfo.Inspect(runs.Decoder(runs.RunM)).Metadata;
        var original = DecoderFileReader.ReadAll(runs.Decoder(runs.RunM));
        Assert.NotNull(original.InputLayer);
        var old = dir.File("old-decoder.arrow");
        using (var w = new DecoderFileWriter(old, original.Dimension, Provenance.For("test", null), new Dictionary<string, string>
        {
            [RunIdentity.RunIdKey] = meta[RunIdentity.RunIdKey],
            [RunIdentity.ItemsKey] = meta[RunIdentity.ItemsKey],
            [RunIdentity.ItemSetKey] = meta[RunIdentity.ItemSetKey],
            [RunIdentity.DecoderInputKey] = RunIdentity.HiddenInput,
            ["simcache.model"] = meta["simcache.model"],
        }))
        {
            for (int i = 0; i < original.Items; i++) w.Append(i, original.ItemIds[i], original.Row(i), original.Bias[i]);
            w.Complete();
        }
        foreach (var cache in new[] { Knn, "gmm-placement(capacity=20, threshold=1, window=50)" })
        {
            var r = CliHarness.Run("simulate", "--trace", runs.TraceM, "--decoder", old, "--cache", cache, "--out", dir.File("o"));
            Assert.Equal(2, r.ExitCode);
            Assert.Contains("hidden layer", r.Err);
            Assert.Contains(old, r.Err);
            Assert.False(Directory.Exists(dir.File("o")));
        }
    }

    /// <summary>
    /// knn-cache on a Mult-VAE trace answers through the decoder's input layer: it counts and serves exactly as the
    /// same cache on the trace's hidden vectors h = tanh(W₁ z + b₁) with a decoder of the same item rows and no input
    /// layer (the path RecVAE runs take), and its served answers overlap the model's own far above chance.
    /// </summary>
    [Fact]
    public void KnnCacheRunsOnAMultVaeTraceWithItsDecoder()
    {
        using var dir = new TempDir();
        const string spec = "knn-cache(capacity=30, k=10, cf=0.05, cost=power(alpha=1, cr=1))";
        var (hiddenTrace, rowsDecoder) = HiddenTwin(dir);
        string Run(string trace, string decoder, string name)
        {
            var outDir = dir.File(name);
            var r = CliHarness.Run("simulate", "--trace", trace, "--decoder", decoder, "--cache", spec, "--warmup", "0", "--top-n", "10", "--out", outDir);
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.DoesNotContain("warning", r.Err);
            return outDir;
        }
        var (counts, quality) = Summary(Run(runs.TraceM, runs.Decoder(runs.RunM), "latent"));
        var (twinCounts, twinQuality) = Summary(Run(hiddenTrace, rowsDecoder, "hidden"));
        Assert.Equal(twinCounts.ToString(), counts.ToString());
        Assert.Equal(twinQuality.ToString(), quality.ToString());

        long rows = TraceRows(runs.TraceM, out _, out int items);
        Assert.Equal(rows, counts.GetProperty("requests").GetInt64());
        long hits = counts.GetProperty("exact_hits").GetInt64() + counts.GetProperty("approximate_hits").GetInt64() + counts.GetProperty("delayed_hits").GetInt64();
        long misses = counts.GetProperty("misses").GetInt64();
        Assert.Equal(rows, hits + misses);
        Assert.True(hits > 0 && misses > 0, counts.ToString());
        Assert.True(counts.GetProperty("fetches").GetInt64() >= misses);
        Assert.True(quality.GetProperty("overlap_mean").GetDouble() > 3 * 10.0 / items, quality.ToString());
    }

    /// <summary>
    /// The Mult-VAE trace with every vector replaced by its hidden vector (the scorer's mapping, checked against a
    /// double-precision one in the cache tests), and the decoder's item rows without the layer; both keep the run's identity.
    /// </summary>
    private (string Trace, string Decoder) HiddenTwin(TempDir dir)
    {
        var decoder = DecoderFileReader.ReadAll(runs.Decoder(runs.RunM));
        var layer = decoder.InputLayer!;
        string[] reserved = ["simcache.kind", "simcache.dimension", "simcache.distance", "simcache.command", "simcache.seed", "simcache.version"];
        Dictionary<string, string> Copy(IReadOnlyDictionary<string, string> meta) =>
            meta.Where(kv => !reserved.Contains(kv.Key) && !DecoderInputLayer.IsLayerKey(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value);

        var rows = dir.File("rows.arrow");
        using (var w = new DecoderFileWriter(rows, decoder.Dimension, Provenance.For("test", null), Copy(ArrowFileInfo.Inspect(runs.Decoder(runs.RunM)).Metadata)))
        {
            for (int i = 0; i < decoder.Items; i++) w.Append(i, decoder.ItemIds[i], decoder.Row(i), decoder.Bias[i]);
            w.Complete();
        }
        var trace = dir.File("hidden-trace.arrow");
        using var reader = TraceFileReader.Open(runs.TraceM);
        using (var w = new TraceFileWriter(trace, layer.Width, reader.Distance, Provenance.For("test", null), reader.HasAnswer, reader.HasFuture,
            Copy(reader.Metadata), withUserIds: reader.HasUserIds))
        {
            var h = new float[layer.Width];
            var scorer = new SimCache.Caching.Answers.DecoderScorer(decoder);
            while (reader.ReadNextBatch() is { } b)
                for (int i = 0; i < b.RowCount; i++)
                {
                    scorer.Query(b.Vector(i), h);
                    w.Append(b.Users[i], b.Seqs[i], b.Timestamps[i], h, b.Answer(i), b.Future(i), reader.HasUserIds ? b.UserId(i) : null);
                }
            w.Complete();
        }
        return (trace, rows);
    }

    /// <summary>gmm-placement on a Mult-VAE trace: its placed keys get the decoder's top N through the input layer.</summary>
    [Fact]
    public void GmmPlacementRunsOnAMultVaeTraceWithItsDecoder()
    {
        using var dir = new TempDir();
        long rows = TraceRows(runs.TraceM, out _, out int items);
        var outDir = dir.File("o");
        // The threshold from the trace's own scale: the median distance of a request to its nearest other request.
        double scale = MedianNearestDistance(runs.TraceM);
        string spec = string.Create(CultureInfo.InvariantCulture, $"gmm-placement(capacity=20, threshold={scale:R}, window={rows / 4}, seed=3)");
        var r = CliHarness.Run("simulate", "--trace", runs.TraceM, "--decoder", runs.Decoder(runs.RunM), "--cache", spec,
            "--warmup", "0", "--top-n", "10", "--out", outDir);
        Assert.True(r.ExitCode == 0, r.ToString());
        var (counts, quality) = Summary(outDir);
        Assert.Equal(rows, counts.GetProperty("requests").GetInt64());
        long hits = counts.GetProperty("exact_hits").GetInt64() + counts.GetProperty("approximate_hits").GetInt64() + counts.GetProperty("delayed_hits").GetInt64();
        long misses = counts.GetProperty("misses").GetInt64();
        Assert.Equal(rows, hits + misses);
        Assert.InRange(hits, 1, rows - 1);
        // After the fit every key is placed (share 1): hits are served the decoder's lists for nearby points, which
        // overlap the requests' own answers far above chance (10 of the items at random).
        Assert.True(quality.GetProperty("approximate_hit_overlap_mean").GetDouble() > 3 * 10.0 / items, quality.ToString());
    }

    private static double MedianNearestDistance(string tracePath)
    {
        var points = new List<float[]>();
        using (var trace = TraceFileReader.Open(tracePath, columns: TraceColumns.Core))
            while (trace.ReadNextBatch() is { } b)
                for (int i = 0; i < b.RowCount; i++) points.Add(b.Vector(i).ToArray());
        var nearest = points.Select((p, i) => points.Where((_, j) => j != i)
            .Min(q => Math.Sqrt(p.Zip(q, (x, y) => (double)(x - y) * (x - y)).Sum()))).Order().ToArray();
        return nearest[nearest.Length / 2];
    }

    private static (JsonElement Counts, JsonElement Quality) Summary(string outDir)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        return (json.RootElement.GetProperty("counts").Clone(), json.RootElement.GetProperty("quality").Clone());
    }

    /// <summary>The trace's rows, and the mean overlap@10 of the decoder's top 10 (through DecoderScorer) with each row's answer.</summary>
    private long TraceRows(string tracePath, out double overlap, out int items)
    {
        var decoder = DecoderFileReader.ReadAll(runs.Decoder(runs.RunM));
        var scorer = new SimCache.Caching.Answers.DecoderScorer(decoder);
        items = decoder.Items;
        var top = new int[10];
        long rows = 0;
        double sum = 0;
        using var trace = TraceFileReader.Open(tracePath);
        while (trace.ReadNextBatch() is { } b)
            for (int i = 0; i < b.RowCount; i++, rows++)
            {
                scorer.TopN(b.Vector(i), 10, top);
                var own = b.Answer(i);
                int common = 0;
                foreach (int item in own[..Math.Min(10, own.Length)]) if (Array.IndexOf(top, item) >= 0) common++;
                sum += own.Length == 0 ? 0 : (double)common / Math.Min(10, own.Length);
            }
        overlap = sum / rows;
        return rows;
    }

    [Fact]
    public void ADecoderWhoseInputLayerReadsAnotherDimensionIsRefused()
    {
        using var dir = new TempDir();
        var meta = ArrowFileInfo.Inspect(runs.Decoder(runs.RunA)).Metadata;
        var original = DecoderFileReader.ReadAll(runs.Decoder(runs.RunA));
        // The run's own rows and identity, but behind a layer that reads 5-d points: the trace holds 8-d ones.
        var layer = new DecoderInputLayer(original.Dimension, 5, new float[original.Dimension * 5], new float[original.Dimension], DecoderInputLayer.Tanh);
        var forged = dir.File("forged.arrow");
        using (var w = new DecoderFileWriter(forged, original.Dimension, Provenance.For("test", null), new Dictionary<string, string>
        {
            [RunIdentity.RunIdKey] = meta[RunIdentity.RunIdKey],
            [RunIdentity.ItemsKey] = meta[RunIdentity.ItemsKey],
            [RunIdentity.ItemSetKey] = meta[RunIdentity.ItemSetKey],
        }, inputLayer: layer))
        {
            for (int i = 0; i < original.Items; i++) w.Append(i, original.ItemIds[i], original.Row(i), original.Bias[i]);
            w.Complete();
        }
        var r = Simulate(runs.TraceA, forged, dir.File("o"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("the trace holds 8-d points, the decoder's input layer reads 5-d points", r.Err);
        Assert.Contains(forged, r.Err);
        Assert.False(Directory.Exists(dir.File("o")));
    }

    [Fact]
    public void ADecoderOverAnotherItemSetIsRefused()
    {
        using var dir = new TempDir();
        var trace = ArrowFileInfo.Inspect(runs.TraceA).Metadata;
        var original = DecoderFileReader.ReadAll(runs.Decoder(runs.RunA));
        // The same run id and item count, but other item ids: as if the item catalogue had been re-indexed.
        var forged = dir.File("forged.arrow");
        using (var w = new DecoderFileWriter(forged, original.Dimension, Provenance.For("test", null), new Dictionary<string, string>
        {
            [RunIdentity.RunIdKey] = trace[RunIdentity.RunIdKey],
            [RunIdentity.ItemsKey] = trace[RunIdentity.ItemsKey],
            [RunIdentity.ItemSetKey] = RunIdentity.ItemSetHash(original.ItemIds.Reverse().ToArray()),
        }))
        {
            for (int i = 0; i < original.Items; i++) w.Append(i, original.ItemIds[original.Items - 1 - i], original.Row(i), original.Bias[i]);
            w.Complete();
        }
        var r = Simulate(runs.TraceA, forged, dir.File("o"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("different item sets", r.Err);
        Assert.False(Directory.Exists(dir.File("o")));
    }

    [Fact]
    public void FilesWithoutIdentityPassWithAWarningButNotWithAnswersBeyondTheDecoder()
    {
        using var dir = new TempDir();
        var ok = Simulate(RepoFiles.GoldenTrace, RepoFiles.GoldenDecoder, dir.File("o"));
        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Contains("warning:", ok.Err);
        Assert.Contains("without a run identity", ok.Err);

        // The golden decoder cut to its first 20 items: the golden trace's answers name items beyond them.
        var golden = DecoderFileReader.ReadAll(RepoFiles.GoldenDecoder);
        var cut = dir.File("cut.arrow");
        using (var w = new DecoderFileWriter(cut, golden.Dimension, Provenance.For("test", null)))
        {
            for (int i = 0; i < 20; i++) w.Append(i, golden.ItemIds[i], golden.Row(i), golden.Bias[i]);
            w.Complete();
        }
        var r = Simulate(RepoFiles.GoldenTrace, cut, dir.File("o2"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("has only 20 items", r.Err);
        Assert.False(Directory.Exists(dir.File("o2")));
    }

    [Fact]
    public void TheSweepRefusesADecoderOfAnotherRunBeforeWritingAnything()
    {
        using var dir = new TempDir();
        var file = dir.File("e.json", """
            { "experiments": [ { "name": "s", "data": { "synthetic": {} },
              "sweep": { "caches": [ { "policy": "knn-cache", "capacity": [30] } ], "seeds": [1] } } ] }
            """);
        var outDir = dir.File("out");
        var r = CliHarness.Run("sweep", file, "--trace", runs.TraceA, "--decoder", runs.Decoder(runs.RunB), "--out", outDir);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("different runs", r.Err);
        Assert.Contains(runs.Decoder(runs.RunB), r.Err);
        Assert.False(Directory.Exists(outDir));
    }
}
