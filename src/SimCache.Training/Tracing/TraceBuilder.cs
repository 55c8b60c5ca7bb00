using System.Diagnostics;
using System.Globalization;
using SimCache.Data.Arrow;
using SimCache.Data.Dataset;
using SimCache.Data.Ingest;
using SimCache.Data.IO;
using SimCache.Data.Progress;
using SimCache.Training.Evaluation;
using SimCache.Training.Models;
using SimCache.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SimCache.Training.Tracing;

/// <summary>
/// <c>simcache trace</c>: replays every user's history through the trained encoder, producing the timestamped stream
/// of embeddings the caches are tested against (docs/METHODS.md §1.5). Each row also carries the
/// answer a server would compute for that embedding (the decoder's top items, the prefix's own items excluded) and
/// the items the user really consumed next, so the simulator can price an approximate answer in recommendation
/// quality, not only in distance.
/// </summary>
/// <remarks>
/// Rows are planned first (a few bytes each), sorted by (timestamp, user, seq), then encoded in that order in
/// batches of thousands of prefixes, so the output streams to disk without holding the trace in memory. The dense
/// batch × items input is never built: each row's first encoder layer is a running sum of its user's weight columns
/// (<see cref="PrefixSums"/>, <see cref="PrefixEncoder"/>), the rest of the encoder runs on groups of a few hundred
/// rows, and the decoder scores a group against one tile of items at a time, ranked into a running top-k while
/// the tile is in cache (<see cref="RunningTopK"/>, the order of <see cref="Evaluation.RankingMetrics.TopK"/>).
/// Prefix lengths: n &lt; min-ratings gives one row from all n; otherwise m0 = ⌊warmup·n⌋ (at least 1), then
/// m0 + every, m0 + 2·every, … while ≤ n. A row's seq counts the user's rows from 0 in prefix order.
/// </remarks>
public static class TraceBuilder
{
    /// <param name="Rows">Rows written.</param>
    /// <param name="Users">Users with at least one row.</param>
    /// <param name="Seconds">Wall time.</param>
    /// <param name="Options">The options used, <c>min_ratings</c> and <c>every</c> resolved.</param>
    /// <param name="Density">How they were chosen (<see cref="TraceDensity.Describe"/>).</param>
    public sealed record Result(long Rows, int Users, double Seconds, TraceOptions? Options = null, string Density = "")
    {
        /// <summary>Rows per traced user: about <see cref="TraceDensity.TargetRows"/> or more makes a trace a cache can reuse answers in.</summary>
        public double RowsPerUser => Users == 0 ? 0 : (double)Rows / Users;
    }

    /// <summary>Writes the trace of <c>runDir</c> to <c>outPath</c>; <c>force</c> replaces an existing trace there (a file that is not a trace is never replaced).</summary>
    public static Result Build(string runDir, string datasetDir, string outPath, TraceOptions options, string command,
        IWorkReporter? reporter = null, CancellationToken cancel = default, bool force = false)
    {
        options.Validate();
        reporter ??= NullWorkReporter.Instance;
        var clock = Stopwatch.StartNew();
        var manifest = DatasetManifest.Load(datasetDir);
        var metrics = TrainedRun.LoadMetrics(runDir);
        if (metrics.DatasetSha256 != manifest.Input.Sha256)
            throw new UsageException($"--data {datasetDir}: its input hashes {manifest.Input.Sha256}, but the run {runDir} was trained on {metrics.DatasetSha256}");
        if (manifest.Timestamps == TimestampNames.Of(TimestampKind.None))
            throw new UsageException($"--data {datasetDir}: the data set has no timestamps (format {manifest.Input.Format}), so there is no time order to re-embed users in");
        TraceOutput.CheckReplaceable(outPath, force); // a folder or a file other than a trace is never replaced; a trace only with force

        var histories = UserHistories.Load(datasetDir, manifest, withPositives => Users(withPositives, options)); // only the users traced
        var traced = histories.Loaded;
        var given = options;
        double medianPositives = TraceDensity.Median(traced.Select(histories.Count).ToArray());
        options = TraceDensity.Resolve(traced.Select(histories.Count).ToArray(), options);
        var rows = Plan(histories, traced, options);
        int tracedUsers = rows.Length == 0 ? 0 : rows.Select(r => r.User).Distinct().Count();
        string density = TraceDensity.Describe(given, options, medianPositives);
        int items = manifest.ItemIds.Count;

        // One torch thread per call whatever --threads says: libtorch splits reductions by thread count, and the trace
        // must be byte-identical for any --threads. --threads encodes that many whole batches at once instead.
        torch.set_num_threads(1);
        using var model = TrainedRun.LoadModel(runDir, metrics, items);
        int d = (int)model.LatentDim;
        var identity = RecommenderTrainer.Identity(Path.Combine(runDir, RecommenderTrainer.CheckpointFile), manifest, model);
        var extra = new Dictionary<string, string>
        {
            ["simcache.dataset_sha256"] = manifest.Input.Sha256,
            ["simcache.model"] = metrics.Parameters.Model,
            ["simcache.timestamps"] = manifest.Timestamps,
            ["simcache.trace"] = string.Create(CultureInfo.InvariantCulture,
                $"min_ratings={options.MinRatings},warmup={options.Warmup},every={options.Every},answers={options.Answers},future={options.Future}")
                + (options.SampleUsers is int s ? string.Create(CultureInfo.InvariantCulture, $",sample_users={s},seed={options.Seed}") : ""),
            ["simcache.trace_density"] = string.Create(CultureInfo.InvariantCulture,
                $"rows={rows.Length},users={tracedUsers},rows_per_user={(tracedUsers == 0 ? 0 : (double)rows.Length / tracedUsers):0.###},median_positives={medianPositives:0.#},min_ratings={(given.MinRatings is null ? "derived" : "given")},every={(given.Every is null ? "derived" : "given")}"),
        };
        identity.AddTo(extra);
        using var writer = new TraceFileWriter(outPath, d, SimCacheArrow.DistanceL2, Provenance.For(command, options.Seed),
            options.Answers > 0, options.Future > 0, extra, withUserIds: true);
        using var task = reporter.Start("Tracing", rows.Length, "rows");

        // Workers encode whole batches of options.Batch rows (the batch boundaries do not depend on the thread
        // count), a round of one batch per worker at a time, and the rows are written in trace order after each round.
        int batch = Math.Min(Math.Min(options.Batch, MaxBatch(Math.Max(Math.Max((int)model.EncoderInputLayer.Weight.shape[0], d), options.Answers))), Math.Max(1, rows.Length));
        int workers = (int)Math.Clamp((rows.Length + (long)batch - 1) / batch, 1, options.Threads);
        using var encoder = new PrefixEncoder(model);
        var sums = new PrefixSums(encoder, histories, rows);
        var buffers = Enumerable.Range(0, workers).Select(_ => new EncodingBuffers(batch, encoder, options.Answers)).ToArray();
        try
        {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = workers };
            for (long round = 0; round < rows.Length; round += (long)batch * workers)
            {
                cancel.ThrowIfCancellationRequested();
                int inRound = (int)Math.Min(workers, (rows.Length - round + batch - 1) / batch);
                for (int b = 0; b < inRound; b++) // in trace order: the users' running sums advance row by row
                {
                    int start = (int)(round + (long)b * batch);
                    int count = Math.Min(batch, rows.Length - start);
                    sums.Fill(rows.AsSpan(start, count), buffers[b].FirstLayer[..(count * encoder.Hidden)]);
                }
                Parallel.For(0, inRound, parallel, b =>
                {
                    int start = (int)(round + (long)b * batch);
                    encoder.Encode(histories, rows.AsSpan(start, Math.Min(batch, rows.Length - start)), options.Answers, buffers[b]);
                });
                for (int b = 0; b < inRound; b++)
                {
                    int start = (int)(round + (long)b * batch);
                    int count = Math.Min(batch, rows.Length - start);
                    var work = buffers[b];
                    for (int r = 0; r < count; r++)
                    {
                        var row = rows[start + r];
                        var future = histories.Items(row.User)[row.Prefix..];
                        writer.Append(row.User, row.Seq, row.Timestamp, work.Embeddings.AsSpan(r * d, d),
                            options.Answers > 0 ? work.Answers.AsSpan(r * options.Answers, work.AnswerCounts[r]) : default,
                            options.Future > 0 ? future[..Math.Min(options.Future, future.Length)] : default, manifest.UserIds[row.User]);
                    }
                    task.Report(start + count);
                }
            }
        }
        finally
        {
            foreach (var buffer in buffers) buffer.Dispose();
        }
        writer.Complete();
        return new Result(rows.Length, tracedUsers, clock.Elapsed.TotalSeconds, options, density);
    }

    /// <summary>The most rows a batch's buffers (rows × <paramref name="width"/> values each: the first layer's outputs read as one
    /// span, the embeddings, the answers) can hold; a batch's scores are never held whole.</summary>
    internal static int MaxBatch(int width) => Math.Max(1, int.MaxValue / sizeof(float) / Math.Max(1, width));

    /// <summary>Users to trace, ascending: all with at least one positive (<paramref name="withPositives"/>, ascending), or a seeded sample of them.</summary>
    private static int[] Users(int[] withPositives, TraceOptions options)
    {
        var users = withPositives.ToArray();
        if (options.SampleUsers is not int k || k >= users.Length) return users;
        var random = new Random(unchecked((int)options.Seed ^ (int)(options.Seed >> 32)));
        random.Shuffle(users);
        var sample = users[..k];
        Array.Sort(sample);
        return sample;
    }

    internal static TraceRow[] Plan(UserHistories histories, int[] users, TraceOptions options)
    {
        var rows = new List<TraceRow>();
        foreach (int u in users)
        {
            int n = histories.Count(u);
            var times = histories.Times(u);
            int seq = 0;
            foreach (int prefix in Prefixes(n, options)) rows.Add(new TraceRow(times[prefix - 1], u, seq++, prefix));
        }
        var array = rows.ToArray();
        Array.Sort(array);
        return array;
    }

    /// <summary>The prefix lengths a user with <paramref name="n"/> positives is embedded at.</summary>
    public static IEnumerable<int> Prefixes(int n, TraceOptions options)
    {
        int minRatings = options.MinRatings ?? throw new ArgumentException("min_ratings is not resolved (TraceDensity.Resolve)", nameof(options));
        int every = options.Every ?? throw new ArgumentException("every is not resolved (TraceDensity.Resolve)", nameof(options));
        return Prefixes(n, minRatings, options.Warmup, every);
    }

    private static IEnumerable<int> Prefixes(int n, int minRatings, double warmup, int every)
    {
        if (n < 1) yield break;
        if (n < minRatings)
        {
            yield return n;
            yield break;
        }
        int m0 = Math.Max(1, (int)Math.Floor(warmup * n));
        for (long m = m0; m <= n; m += every) yield return (int)m;
    }
}
