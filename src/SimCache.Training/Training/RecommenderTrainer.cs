using System.Diagnostics;
using SimCache.Data.Arrow;
using SimCache.Data.Dataset;
using SimCache.Data.IO;
using SimCache.Data.Progress;
using SimCache.Data.Protocol;
using SimCache.Training.Data;
using SimCache.Training.Evaluation;
using SimCache.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace SimCache.Training.Training;

/// <summary>
/// <c>simcache train</c>: trains RecVAE (or Mult-VAE, or scores by popularity) on a prepared data set exactly as
/// the reference code does, keeps the epoch with the best validation NDCG@100, evaluates it on the test users
/// and writes the run folder: metrics.json, the checkpoint, every user's embedding and the decoder.
/// </summary>
/// <remarks>
/// RecVAE's outer epoch: <see cref="TrainOptions.EncoderEpochs"/> encoder epochs (encoder optimiser, dropout),
/// a copy of the encoder into the prior's old posterior, then <see cref="TrainOptions.DecoderEpochs"/> decoder
/// epochs (decoder optimiser, no dropout); Mult-VAE: one epoch over both with β annealed per update. Users are
/// shuffled every epoch with numpy's MT19937 seeded from the run seed, torch is seeded with it too, so a run is
/// reproducible for a given seed and thread count.
/// </remarks>
public static class RecommenderTrainer
{
    public const string CheckpointFile = "model.bin";
    public const string EmbeddingsFile = "embeddings.arrow";
    public const string DecoderFile = "decoder.arrow";

    /// <summary>Trains from scratch into <paramref name="runDir"/>. After every epoch the run can be continued with
    /// <see cref="Resume"/>; cancelling stops between batches, keeping the last completed epoch.</summary>
    public static RunMetrics Train(string datasetDir, string runDir, TrainOptions options, string command, IWorkReporter? reporter = null,
        Action<string>? log = null, CancellationToken cancel = default)
    {
        options.Validate();
        DatasetManifest.Load(datasetDir); // "not a prepared data set" before any complaint about the output folder
        DatasetFolder.CheckApart(datasetDir, runDir);
        var resume = Path.Combine(runDir, ResumeFile.FileName);
        if (File.Exists(resume))
            throw new UsageException($"{runDir} holds an interrupted run ({ResumeFile.FileName}); continue it with --resume {runDir}, or train into another folder");
        DatasetFolder.CheckOwned(runDir, RunMetrics.FileName);
        return Run(datasetDir, runDir, options, command, reporter, log, cancel, null);
    }

    /// <summary>
    /// Continues the interrupted run in <paramref name="runDir"/> from its last completed epoch, with the options,
    /// command and data set it was started with (the data set must still hash the same). The result equals an
    /// uninterrupted run's, bit for bit with the same thread count; <paramref name="threads"/> may override it.
    /// </summary>
    public static RunMetrics Resume(string runDir, string? datasetDir, int? threads, IWorkReporter? reporter = null,
        Action<string>? log = null, CancellationToken cancel = default)
    {
        var path = Path.Combine(runDir, ResumeFile.FileName);
        if (!File.Exists(path))
        {
            if (File.Exists(Path.Combine(runDir, RunMetrics.FileName)))
                throw new UsageException($"--resume {runDir}: the run is complete ({RunMetrics.FileName} is there and no {ResumeFile.FileName}); nothing to resume");
            throw new UsageException($"--resume {runDir}: no {ResumeFile.FileName} there, so no interrupted run to continue");
        }
        using var stream = new MemoryStream(File.ReadAllBytes(path), writable: false); // the file is replaced after each epoch
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8);
        var state = ResumeFile.ReadHeader(reader, path);
        datasetDir ??= state.Dataset;
        var manifest = DatasetManifest.Load(datasetDir);
        if (manifest.Input.Sha256 != state.DatasetSha256)
            throw new UsageException($"--data {datasetDir}: its input hashes {manifest.Input.Sha256}, but the run was trained on {state.DatasetSha256}");
        var options = threads is int t ? state.Options with { Threads = t } : state.Options;
        options.Validate();
        return Run(datasetDir, runDir, options, state.Command, reporter, log, cancel, (state, reader, path));
    }

    private static RunMetrics Run(string datasetDir, string runDir, TrainOptions options, string command, IWorkReporter? reporter,
        Action<string>? log, CancellationToken cancel, (ResumeFile State, BinaryReader Reader, string Path)? resume)
    {
        reporter ??= NullWorkReporter.Instance;
        log ??= _ => { };
        var manifest = DatasetManifest.Load(datasetDir);
        Directory.CreateDirectory(runDir);
        var clock = Stopwatch.StartNew();

        var train = SparseRows.Load(datasetDir, "train");
        var validationIn = SparseRows.Load(datasetDir, "validation_tr");
        var validationOut = SparseRows.Load(datasetDir, "validation_te");
        var testIn = SparseRows.Load(datasetDir, "test_tr");
        var testOut = SparseRows.Load(datasetDir, "test_te");
        var provenance = Provenance.For(command, options.Seed);

        if (options.Model == TrainOptions.Popularity)
        {
            var popularity = new PopularityModel(train);
            var v = popularity.Evaluate(validationIn, validationOut, RankingMetrics.DefaultBatchUsers, MetricSpec.Standard);
            var t = popularity.Evaluate(testIn, testOut, RankingMetrics.DefaultBatchUsers, MetricSpec.Standard);
            return WriteMetrics(runDir, options, command, datasetDir, manifest, 0, v, t, [], clock.Elapsed.TotalSeconds);
        }

        torch.set_num_threads(options.Threads);
        torch.manual_seed(options.Seed);
        using IRecommenderModel model = options.Model == TrainOptions.RecVae
            ? new RecVae(train.Columns, options.Hidden, options.Latent)
            : new MultVae(train.Columns, options.Hidden, options.Latent);
        var module = (nn.Module)model;
        var lr = options.EffectiveLearningRate;
        using var encoderOptimizer = new AdamOptimizer(model.AlternatesEncoderAndDecoder ? model.EncoderParameters() : model.EncoderParameters().Concat(model.DecoderParameters()), lr);
        using var decoderOptimizer = new AdamOptimizer(model.DecoderParameters(), lr);
        var shuffler = new NumpyRandomState(unchecked((uint)options.Seed));
        var users = Enumerable.Range(0, train.Rows).Where(u => train.Count(u) > 0).ToArray();
        var dense = new BatchBuffers(train.Columns);
        long updates = 0;

        var epochs = new List<EpochRecord>();
        double bestNdcg = double.NegativeInfinity;
        int bestEpoch = 0;
        double earlierSeconds = 0;
        var checkpoint = Path.Combine(runDir, CheckpointFile);
        var resumePath = Path.Combine(runDir, ResumeFile.FileName);
        if (resume is var (state, reader, path))
        {
            if (state.Options with { Threads = options.Threads } != options)
                throw new UsageException($"{path}: was written with other options than the run's");
            ResumeFile.RestoreInto(reader, path, module, encoderOptimizer, decoderOptimizer, shuffler, users);
            epochs.AddRange(state.Epochs);
            bestNdcg = state.BestNdcg;
            bestEpoch = state.BestEpoch;
            updates = state.Updates;
            earlierSeconds = state.Seconds;
            if (!File.Exists(checkpoint)) throw new DataFormatException(checkpoint, $"is missing: the best epoch ({bestEpoch}) of the interrupted run was saved there");
            log($"resuming after epoch {state.EpochsDone} of {options.EffectiveEpochs} (best so far: epoch {bestEpoch}, validation NDCG@100 {bestNdcg:F5})");
        }
        int passesPerEpoch = model.AlternatesEncoderAndDecoder ? options.EncoderEpochs + options.DecoderEpochs : 1;
        string status = epochs.Count > 0 ? $" (last val NDCG@100 {epochs[^1].ValidationNdcg100:F4})" : "";
        for (int epoch = epochs.Count + 1; epoch <= options.EffectiveEpochs; epoch++)
        {
            var epochClock = Stopwatch.StartNew();
            double loss, encoderSeconds;
            using (var task = reporter.Start($"Epoch {epoch}/{options.EffectiveEpochs}{status}", (long)users.Length * passesPerEpoch, "users"))
            {
                long done = 0;
                if (model.AlternatesEncoderAndDecoder)
                {
                    for (int e = 0; e < options.EncoderEpochs; e++)
                        Pass(model, train, users, dense, options, encoderOptimizer, options.Dropout, KlWeighting.Gamma(options.Gamma), shuffler, task, ref done, ref updates, null, cancel);
                    encoderSeconds = epochClock.Elapsed.TotalSeconds;
                    model.UpdatePrior();
                    loss = 0;
                    for (int e = 0; e < options.DecoderEpochs; e++)
                        loss = Pass(model, train, users, dense, options, decoderOptimizer, 0, KlWeighting.Gamma(options.Gamma), shuffler, task, ref done, ref updates, null, cancel);
                }
                else
                {
                    loss = Pass(model, train, users, dense, options, encoderOptimizer, options.Dropout, KlWeighting.Beta(options.Beta ?? 0), shuffler, task, ref done, ref updates,
                        options.Beta is null ? options : null, cancel);
                    encoderSeconds = epochClock.Elapsed.TotalSeconds;
                }
            }
            model.SetTraining(false);
            var validation = Evaluate(model, validationIn, validationOut);
            double ndcg = validation.Ndcg(100);
            int encoderPasses = model.AlternatesEncoderAndDecoder ? options.EncoderEpochs : 1;
            double encoderRate = (double)users.Length * encoderPasses / Math.Max(encoderSeconds, 1e-9);
            epochs.Add(new EpochRecord(epoch, loss, ndcg, epochClock.Elapsed.TotalSeconds, encoderRate));
            status = $" (last val NDCG@100 {ndcg:F4})";
            if (ndcg > bestNdcg)
            {
                bestNdcg = ndcg;
                bestEpoch = epoch;
                SaveAtomically(module, checkpoint);
            }
            if (epoch < options.EffectiveEpochs)
            {
                new ResumeFile
                {
                    Options = options, Command = command, Dataset = Path.GetFullPath(datasetDir), DatasetSha256 = manifest.Input.Sha256,
                    EpochsDone = epoch, BestEpoch = bestEpoch, BestNdcg = bestNdcg, Updates = updates,
                    Seconds = earlierSeconds + clock.Elapsed.TotalSeconds, Epochs = epochs,
                }.Save(resumePath, module, encoderOptimizer, decoderOptimizer, shuffler, users);
            }
            log($"epoch {epoch}: loss {loss:F4}, validation NDCG@100 {ndcg:F5}{(bestEpoch == epoch ? " (best)" : "")}, {epochClock.Elapsed.TotalSeconds:F1} s, encoder {encoderRate:F0} users/s");
        }

        module.load(checkpoint);
        model.SetTraining(false);
        var bestValidation = Evaluate(model, validationIn, validationOut);
        var test = Evaluate(model, testIn, testOut);
        ExportEmbeddings(model, manifest, train, validationIn, testIn, Path.Combine(runDir, EmbeddingsFile), provenance, reporter);
        // Only RecVAE's decoder is one linear layer (answer = top-N of W z + b); Mult-VAE's has a hidden layer.
        if (model is RecVae recVae) ExportDecoder(recVae, manifest, Path.Combine(runDir, DecoderFile), provenance);
        var metrics = WriteMetrics(runDir, options, command, datasetDir, manifest, bestEpoch, bestValidation, test, epochs, earlierSeconds + clock.Elapsed.TotalSeconds);
        File.Delete(resumePath);
        return metrics;
    }

    /// <summary>One epoch over the training users in a fresh shuffled order; returns the mean batch loss.</summary>
    private static double Pass(IRecommenderModel model, SparseRows train, int[] users, BatchBuffers dense, TrainOptions options, AdamOptimizer optimizer,
        double dropout, KlWeighting weighting, NumpyRandomState shuffler, IWorkTask task, ref long done, ref long updates, TrainOptions? anneal, CancellationToken cancel)
    {
        model.SetTraining(true);
        shuffler.Shuffle(users);
        double sum = 0;
        int batches = 0;
        for (int start = 0; start < users.Length; start += options.Batch)
        {
            cancel.ThrowIfCancellationRequested();
            var batch = users.AsSpan(start, Math.Min(options.Batch, users.Length - start));
            var buffer = dense.For(batch.Length);
            train.FillDense(batch, buffer);
            using var scope = NewDisposeScope();
            var x = torch.tensor(buffer, [batch.Length, train.Columns]);
            var w = anneal is null ? weighting : KlWeighting.Beta(Math.Min(anneal.AnnealCap, (double)updates / anneal.AnnealSteps));
            optimizer.ZeroGrad();
            using var output = model.Forward(x, dropout, w);
            output.Loss!.Total.backward();
            optimizer.Step();
            sum += output.Loss.Total.item<float>();
            batches++;
            updates++;
            done += batch.Length;
            task.Report(done);
        }
        return batches == 0 ? 0 : sum / batches;
    }

    /// <summary>NDCG@100, Recall@20 and Recall@50 of held-out users: fold-in rows in, test rows ranked.</summary>
    public static MetricSet Evaluate(IRecommenderModel model, SparseRows foldIn, SparseRows test)
    {
        var dense = new BatchBuffers(foldIn.Columns);
        return RankingMetrics.Evaluate(users =>
        {
            var buffer = dense.For(users.Length);
            foldIn.FillDense(users, buffer);
            using var scope = NewDisposeScope();
            var scores = model.Scores(torch.tensor(buffer, [users.Length, foldIn.Columns]));
            return scores.data<float>().ToArray();
        }, foldIn, test, RankingMetrics.DefaultBatchUsers, MetricSpec.Standard);
    }

    /// <summary>mu for every user: training users from their full history, held-out users from their fold-in part.</summary>
    private static void ExportEmbeddings(IRecommenderModel model, DatasetManifest manifest, SparseRows train, SparseRows validationIn, SparseRows testIn,
        string path, Provenance provenance, IWorkReporter reporter)
    {
        int n = manifest.UserIds.Count, items = train.Columns, d = (int)model.LatentDim;
        var source = new SparseRows[n];
        for (int u = 0; u < n; u++) source[u] = validationIn.Count(u) > 0 ? validationIn : testIn.Count(u) > 0 ? testIn : train;
        using var writer = new EmbeddingFileWriter(path, d, SimCacheArrow.DistanceL2, provenance,
            new Dictionary<string, string> { ["simcache.dataset_sha256"] = manifest.Input.Sha256, ["simcache.model"] = model.GetType().Name });
        using var task = reporter.Start("Exporting embeddings", n, "users");
        const int batch = 500;
        var dense = new float[batch * items];
        var one = new int[1];
        for (int start = 0; start < n; start += batch)
        {
            int count = Math.Min(batch, n - start);
            Array.Clear(dense);
            for (int k = 0; k < count; k++)
            {
                one[0] = start + k;
                source[start + k].FillDense(one, dense.AsSpan(k * items, items));
            }
            using var scope = NewDisposeScope();
            var mu = model.Encode(torch.tensor(dense.AsSpan(0, count * items).ToArray(), [count, items])).data<float>().ToArray();
            for (int k = 0; k < count; k++) writer.Append(start + k, manifest.UserIds[start + k], mu.AsSpan(k * d, d));
            task.Report(start + count);
        }
        writer.Complete();
    }

    private static void ExportDecoder(RecVae model, DatasetManifest manifest, string path, Provenance provenance)
    {
        var w = model.DecoderWeight.detach().cpu().data<float>().ToArray(); // items × latent (Linear(latent → items).weight)
        var b = model.DecoderBias.detach().cpu().data<float>().ToArray();
        int d = (int)model.LatentDim;
        using var writer = new DecoderFileWriter(path, d, provenance,
            new Dictionary<string, string> { ["simcache.dataset_sha256"] = manifest.Input.Sha256, ["simcache.model"] = model.GetType().Name });
        for (int i = 0; i < b.Length; i++) writer.Append(i, manifest.ItemIds[i], w.AsSpan(i * d, d), b[i]);
        writer.Complete();
    }

    private static void SaveAtomically(nn.Module module, string path)
    {
        var tmp = path + ".tmp";
        module.save(tmp);
        File.Move(tmp, path, overwrite: true);
    }

    private static RunMetrics WriteMetrics(string runDir, TrainOptions options, string command, string datasetDir, DatasetManifest manifest,
        int bestEpoch, MetricSet validation, MetricSet test, IReadOnlyList<EpochRecord> epochs, double seconds)
    {
        static IReadOnlyDictionary<string, double> Map(MetricSet m) => new Dictionary<string, double>
        {
            ["ndcg@100"] = m.Ndcg(100),
            ["recall@20"] = m.Recall(20),
            ["recall@50"] = m.Recall(50),
        };
        var metrics = new RunMetrics
        {
            Model = options.Model,
            ToolVersion = Provenance.ToolVersion,
            Command = command,
            Parameters = options with { Epochs = options.EffectiveEpochs, LearningRate = options.EffectiveLearningRate },
            Dataset = datasetDir,
            DatasetSha256 = manifest.Input.Sha256,
            BestEpoch = bestEpoch,
            Validation = Map(validation),
            Test = Map(test),
            ValidationUsers = validation.Users,
            TestUsers = test.Users,
            Epochs = epochs,
            TotalSeconds = seconds,
        };
        AtomicFile.WriteAllText(Path.Combine(runDir, RunMetrics.FileName), metrics.ToJson());
        return metrics;
    }
}
