using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Json;
using SimCache.Data.Dataset;
using SimCache.Data.IO;
using SimCache.Data.Progress;

namespace SimCache.Data.Synthetic;

/// <summary>
/// Writes a synthetic MovieLens-format rating log (ratings.csv) and its manifest with ground truth (synth.json).
/// It is the built-in data set and the scale test for every later stage, so it must be reproducible byte for byte
/// from its options (any thread count) and fast at ML-20M scale: users are generated in parallel chunks, each user
/// from its own RNG stream, and the chunks are streamed to the file in order with a bounded number in flight.
/// </summary>
public static class SyntheticGenerator
{
    /// <summary>File name of the rating log.</summary>
    public const string RatingsFileName = "ratings.csv";

    /// <summary>File name of the manifest.</summary>
    public const string ManifestFileName = "synth.json";

    /// <summary>Manifest format identifier.</summary>
    public const string ManifestFormat = "simcache-synth/1";

    private const int UsersPerChunk = 256;
    private static readonly byte[] Header = "userId,movieId,rating,timestamp\n"u8.ToArray();

    /// <summary>
    /// Generates into <paramref name="outDir"/>, which must be new, empty or an earlier synthetic log (replaced);
    /// a folder of other files is refused. Progress goes to <paramref name="reporter"/> in users. <paramref name="cancel"/>
    /// (the first Ctrl+C) stops the generation within one chunk of users; the half-written log is removed, and so is
    /// the folder if this run created it, so a stopped run leaves nothing behind.
    /// </summary>
    public static SyntheticResult Generate(SyntheticOptions options, string outDir, string command, IWorkReporter reporter,
        CancellationToken cancel = default)
    {
        options.Validate();
        StaleTemporaries.Clean(outDir); // a killed run's half-written ratings.csv, which would also make the folder look foreign
        DatasetFolder.CheckOwned(outDir, ManifestFileName); // a folder of other files is never overwritten
        bool created = !Directory.Exists(outDir);
        using var task = reporter.Start("Generating users", options.Users, "users");
        try
        {
            return Generate(options, outDir, command, new WorkTaskProgress(task), cancel);
        }
        catch (OperationCanceledException) when (created)
        {
            try { Directory.Delete(outDir); } catch (IOException) { } catch (UnauthorizedAccessException) { } // only if still empty
            throw;
        }
    }

    /// <summary>
    /// Generates the data set into <paramref name="outDir"/> (the folder is not checked here). <paramref name="progress"/>
    /// receives the cumulative number of users written. Invalid options throw <see cref="UsageException"/>.
    /// </summary>
    public static SyntheticResult Generate(SyntheticOptions options, string outDir, string command, IProgress<long>? progress = null,
        CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(outDir);
        ArgumentNullException.ThrowIfNull(command);
        options.Validate();

        var world = new SyntheticWorld(options);
        int users = options.Users;
        var primary = new int[users];
        var secondary = new int[users];
        var counts = new int[users];
        int dop = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount;
        var samplers = new UserSampler[dop];
        for (int w = 0; w < dop; w++) samplers[w] = new UserSampler(options, world);

        Directory.CreateDirectory(outDir);
        var ratingsPath = Path.Combine(outDir, RatingsFileName);
        AtomicFile.Write(ratingsPath, stream => WriteRatings(stream, options, samplers, primary, secondary, counts, progress, cancel));

        long ratings = 0, positives = 0;
        var itemCounts = new long[options.Items];
        foreach (var s in samplers)
        {
            ratings += s.Ratings;
            positives += s.Positives;
            for (int i = 0; i < itemCounts.Length; i++) itemCounts[i] += s.ItemCounts[i];
        }
        int ratedItems = itemCounts.Count(c => c > 0);
        double positiveShare = ratings == 0 ? 0 : (double)positives / ratings;

        var manifestPath = Path.Combine(outDir, ManifestFileName);
        var manifest = BuildManifest(options, command, ratings, ratedItems, positiveShare, counts, primary, secondary);
        AtomicFile.Write(manifestPath, s => s.Write(manifest));

        return new SyntheticResult(ratingsPath, manifestPath, users, options.Items, ratedItems, ratings, positiveShare);
    }

    private static void WriteRatings(Stream stream, SyntheticOptions options, UserSampler[] samplers,
        int[] primary, int[] secondary, int[] counts, IProgress<long>? progress, CancellationToken cancel)
    {
        int users = options.Users;
        int chunkCount = (users + UsersPerChunk - 1) / UsersPerChunk;
        int dop = samplers.Length;
        var slots = new ArrayBufferWriter<byte>?[chunkCount];
        var pool = new System.Collections.Concurrent.ConcurrentBag<ArrayBufferWriter<byte>>();
        var gate = new object();
        ExceptionDispatchInfo? failure = null;
        using var inFlight = new SemaphoreSlim(4 * dop);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        // A stop wakes the writer waiting for the next chunk, which the stopped workers will never deliver.
        using var wake = cancel.Register(() => { lock (gate) Monitor.PulseAll(gate); });
        int next = -1;

        void Work(UserSampler sampler)
        {
            try
            {
                while (true)
                {
                    inFlight.Wait(cts.Token);
                    int chunk = Interlocked.Increment(ref next);
                    if (chunk >= chunkCount)
                    {
                        inFlight.Release();
                        return;
                    }
                    if (!pool.TryTake(out var buffer)) buffer = new ArrayBufferWriter<byte>(1 << 20);
                    int end = Math.Min(users, (chunk + 1) * UsersPerChunk);
                    for (int u = chunk * UsersPerChunk; u < end; u++)
                        sampler.Generate(u, buffer, out primary[u], out secondary[u], out counts[u]);
                    lock (gate)
                    {
                        slots[chunk] = buffer;
                        Monitor.PulseAll(gate);
                    }
                }
            }
            catch (OperationCanceledException) when (cts.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                lock (gate)
                {
                    failure ??= ExceptionDispatchInfo.Capture(e);
                    Monitor.PulseAll(gate);
                }
            }
        }

        var workers = new Task[dop];
        for (int w = 0; w < dop; w++)
        {
            var sampler = samplers[w];
            workers[w] = Task.Factory.StartNew(() => Work(sampler), CancellationToken.None,
                TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        try
        {
            stream.Write(Header);
            long written = 0;
            for (int chunk = 0; chunk < chunkCount; chunk++)
            {
                ArrayBufferWriter<byte> buffer;
                lock (gate)
                {
                    while (slots[chunk] is null && failure is null && !cancel.IsCancellationRequested) Monitor.Wait(gate);
                    failure?.Throw();
                    cancel.ThrowIfCancellationRequested();
                    buffer = slots[chunk]!;
                    slots[chunk] = null;
                }
                stream.Write(buffer.WrittenSpan);
                buffer.ResetWrittenCount();
                pool.Add(buffer);
                inFlight.Release();
                written = Math.Min(users, (long)(chunk + 1) * UsersPerChunk);
                progress?.Report(written);
            }
        }
        finally
        {
            cts.Cancel();
            Task.WaitAll(workers);
        }
        failure?.Throw();
    }

    private static byte[] BuildManifest(SyntheticOptions options, string command, long ratings, int ratedItems,
        double positiveShare, int[] counts, int[] primary, int[] secondary)
    {
        var provenance = Provenance.For(command, options.Seed);
        var sorted = (int[])counts.Clone();
        Array.Sort(sorted);
        double median = sorted.Length % 2 == 1
            ? sorted[sorted.Length / 2]
            : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2.0;

        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("format", ManifestFormat);
            w.WriteString("command", provenance.Command);
            w.WriteNumber("seed", options.Seed);
            w.WriteString("toolVersion", provenance.Version);
            w.WritePropertyName("parameters");
            JsonSerializer.Serialize(w, options, SyntheticJson.Options);
            w.WriteStartObject("counts");
            w.WriteNumber("users", options.Users);
            w.WriteNumber("items", options.Items);
            w.WriteNumber("ratedItems", ratedItems);
            w.WriteNumber("ratings", ratings);
            w.WriteNumber("positiveThreshold", 3.5);
            w.WriteNumber("positiveShare", positiveShare);
            w.WriteNumber("minRatingsPerUser", sorted[0]);
            w.WriteNumber("medianRatingsPerUser", median);
            w.WriteNumber("meanRatingsPerUser", (double)ratings / options.Users);
            w.WriteNumber("maxRatingsPerUser", sorted[^1]);
            w.WriteEndObject();
            w.WriteStartObject("groundTruth");
            w.WriteString("note", "0-based cluster per user, in userId order (userId = index + 1)");
            w.WritePropertyName("primaryCluster");
            w.WriteRawValue(CompactArray(primary), skipInputValidation: true);
            w.WritePropertyName("secondaryCluster");
            w.WriteRawValue(CompactArray(secondary), skipInputValidation: true);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>An int array on one line, so that the manifest stays readable at 138k users.</summary>
    private static byte[] CompactArray(int[] values)
    {
        var sb = new StringBuilder(values.Length * 3 + 2);
        sb.Append('[');
        for (int i = 0; i < values.Length; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append(values[i].ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        sb.Append(']');
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
