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
/// and writes the run folder: metrics.json, the checkpoint, every user's embedding and the decoder (the model's
/// output layer). Popularity ranks every user by one fixed vector and has no latent space: it writes metrics.json only,
/// and no trace can be made from it.
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
    /// <remarks>
    /// The options, the data set and the output folder are all vetted before the folder is created or anything in it
    /// is removed; a run that fails before its first epoch is saved removes the folder it created. <c>force</c> replaces a run
    /// (complete or interrupted) that the folder already holds, whole.
    /// </remarks>
    public static RunMetrics Train(string datasetDir, string runDir, TrainOptions options, string command, IWorkReporter? reporter = null,
        Action<string>? log = null, CancellationToken cancel = default, bool force = false, TrainingProfile? profile = null)
    {
        options.Validate();
        DatasetManifest.Load(datasetDir); // "not a prepared data set" before any complaint about the output folder
        DatasetFolder.CheckApart(datasetDir, runDir);
        bool clear = RunFolder.CheckFresh(runDir, force);
        return Run(datasetDir, runDir, options, command, reporter, log, cancel, null, clear, profile);
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
        log ??= _ => { };
        if (!File.Exists(path))
        {
            if (File.Exists(Path.Combine(runDir, RunMetrics.FileName)))
                throw new UsageException($"--resume {runDir}: the run is complete ({RunMetrics.FileName} is there and no {ResumeFile.FileName}); nothing to resume");
            if (Directory.Exists(runDir) && RunFolder.StaleTemporaries(runDir).Any())
                return StartOver(runDir, datasetDir, threads, reporter, log, cancel);
            throw new UsageException($"--resume {runDir}: no {ResumeFile.FileName} there, so no interrupted run to continue");
        }
        foreach (var name in RunFolder.CleanStale(runDir)) log($"{runDir}: removed {name}, left by a run killed while saving");
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

    /// <summary>
    /// What a run folder holds: a complete run (metrics.json and no resume point), an interrupted one that
    /// <see cref="Resume"/> continues (resume.bin), or nothing to continue from.
    /// </summary>
    public static RunState Inspect(string runDir) =>
        File.Exists(Path.Combine(runDir, ResumeFile.FileName)) ? RunState.Interrupted
        : File.Exists(Path.Combine(runDir, RunMetrics.FileName)) ? RunState.Complete
        : RunState.Nothing;

    /// <summary>
    /// <c>--resume</c> on a run killed while saving its first epoch: there is no complete resume point, only temporaries.
    /// If the partial resume file still holds its header (options, command, data set), the run starts over from epoch 1
    /// with them, which gives exactly the result the uninterrupted run would have; otherwise the folder is cleared
    /// and the user is told to start it again.
    /// </summary>
    private static RunMetrics StartOver(string runDir, string? datasetDir, int? threads, IWorkReporter? reporter, Action<string> log, CancellationToken cancel)
    {
        ResumeFile? header = null;
        foreach (var temporary in RunFolder.StaleTemporaries(runDir))
        {
            if (!Path.GetFileName(temporary).StartsWith("." + ResumeFile.FileName, StringComparison.Ordinal)) continue;
            try
            {
                using var reader = new BinaryReader(File.OpenRead(temporary), System.Text.Encoding.UTF8);
                header = ResumeFile.ReadHeader(reader, temporary);
                break;
            }
            catch (Exception e) when (e is DataFormatException or IOException)
            {
                // Killed before its header reached the disk: nothing to learn from it.
            }
        }
        var removed = RunFolder.CleanStale(runDir);
        if (header is null)
        {
            var left = Directory.EnumerateFileSystemEntries(runDir).Select(Path.GetFileName).ToList();
            if (left.Count > 0 && left.All(n => n == CheckpointFile)) File.Delete(Path.Combine(runDir, CheckpointFile));
            throw new UsageException($"--resume {runDir}: the run was killed while saving its first epoch (removed {string.Join(", ", removed)}); there is no completed epoch to continue from. Start it again: simcache train --data DATA --out {runDir} …");
        }
        log($"{runDir}: the run was killed while saving epoch {header.EpochsDone} and no complete resume point survives (removed {string.Join(", ", removed)}); starting it over from epoch 1 with its own options");
        datasetDir ??= header.Dataset;
        var manifest = DatasetManifest.Load(datasetDir);
        if (manifest.Input.Sha256 != header.DatasetSha256)
            throw new UsageException($"--data {datasetDir}: its input hashes {manifest.Input.Sha256}, but the run was trained on {header.DatasetSha256}");
        var options = threads is int t ? header.Options with { Threads = t } : header.Options;
        options.Validate();
        return Run(datasetDir, runDir, options, header.Command, reporter, log, cancel, null, clear: true);
    }

    private static RunMetrics Run(string datasetDir, string runDir, TrainOptions options, string command, IWorkReporter? reporter,
        Action<string>? log, CancellationToken cancel, (ResumeFile State, BinaryReader Reader, string Path)? resume, bool clear = false, TrainingProfile? profile = null)
    {
        reporter ??= NullWorkReporter.Instance;
        log ??= _ => { };
        var manifest = DatasetManifest.Load(datasetDir);
        var clock = Stopwatch.StartNew();

        // Everything is read and vetted before the run folder is created or cleared.
        var train = SparseRows.Load(datasetDir, "train");
        var validationIn = SparseRows.Load(datasetDir, "validation_tr");
        var validationOut = SparseRows.Load(datasetDir, "validation_te");
        var testIn = SparseRows.Load(datasetDir, "test_tr");
        var testOut = SparseRows.Load(datasetDir, "test_te");
        var provenance = Provenance.For(command, options.Seed);
        CheckShapes(datasetDir, manifest, train, validationIn, validationOut, testIn, testOut);
        ModelMemory.Check(options, train.Columns);

        bool created = !Directory.Exists(runDir);
        if (clear && !created) RunFolder.Clear(runDir, log);
        try
        {
            Directory.CreateDirectory(runDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{runDir}: cannot create the run folder: {e.Message}", e);
        }
        try
        {
            return Train(datasetDir, runDir, options, command, reporter, log, cancel, resume, manifest, clock, train, validationIn, validationOut, testIn, testOut, provenance, profile);
        }
        catch when (created && !File.Exists(Path.Combine(runDir, ResumeFile.FileName)) && !File.Exists(Path.Combine(runDir, RunMetrics.FileName)))
        {
            // Nothing resumable was saved: leave no folder behind.
            try { Directory.Delete(runDir, recursive: true); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>The split files agree with the manifest and leave something to train on.</summary>
    private static void CheckShapes(string datasetDir, DatasetManifest manifest, params SparseRows[] parts)
    {
        int items = manifest.ItemIds.Count;
        foreach (var part in parts)
            if (part.Columns != items)
                throw new DataFormatException(datasetDir, $"a split has {part.Columns} item columns, but {DatasetManifest.FileName} lists {items} items");
        var train = parts[0];
        if (!Enumerable.Range(0, train.Rows).Any(u => train.Count(u) > 0))
            throw new DataFormatException(datasetDir, "its training split holds no user with an interaction: nothing to train on");
    }

    private static RunMetrics Train(string datasetDir, string runDir, TrainOptions options, string command, IWorkReporter reporter, Action<string> log,
        CancellationToken cancel, (ResumeFile State, BinaryReader Reader, string Path)? resume, DatasetManifest manifest, Stopwatch clock,
        SparseRows train, SparseRows validationIn, SparseRows validationOut, SparseRows testIn, SparseRows testOut, Provenance provenance,
        TrainingProfile? profile)
    {

        if (options.Model == TrainOptions.Popularity)
        {
            var popularity = new PopularityModel(train);
            var v = popularity.Evaluate(validationIn, validationOut, RankingMetrics.DefaultBatchUsers, MetricSpec.Standard);
            var t = popularity.Evaluate(testIn, testOut, RankingMetrics.DefaultBatchUsers, MetricSpec.Standard);
            return WriteMetrics(runDir, options, command, datasetDir, manifest, 0, v, t, [], clock.Elapsed.TotalSeconds);
        }

        NativeHeap.KeepLargeBlocks(); // a batch's large tensors reuse freed heap memory instead of fresh, page-faulted mappings
        torch.set_num_threads(options.Threads);
        torch.manual_seed(options.Seed);
        using IRecommenderModel model = options.Model == TrainOptions.RecVae
            ? new RecVae(train.Columns, options.Hidden, options.Latent)
            : new MultVae(train.Columns, options.Hidden, options.Latent);
        var module = (nn.Module)model;
        var lr = options.EffectiveLearningRate;
        var itemMajor = module.modules().OfType<ItemMajorLinear>().Select(l => l.Weight).ToList(); // its moments are saved as fc1.weight is
        using var encoderOptimizer = new AdamOptimizer(model.AlternatesEncoderAndDecoder ? model.EncoderParameters() : model.EncoderParameters().Concat(model.DecoderParameters()), lr,
            savedTransposed: itemMajor);
        using var decoderOptimizer = new AdamOptimizer(model.DecoderParameters(), lr);
        var shuffler = new NumpyRandomState(unchecked((uint)options.Seed));
        var users = Enumerable.Range(0, train.Rows).Where(u => train.Count(u) > 0).ToArray();
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
                        Pass(model, train, users, options, encoderOptimizer, options.Dropout, KlWeighting.Gamma(options.Gamma), shuffler, task, ref done, ref updates, null, cancel, profile);
                    encoderSeconds = epochClock.Elapsed.TotalSeconds;
                    model.UpdatePrior();
                    loss = 0;
                    for (int e = 0; e < options.DecoderEpochs; e++)
                        loss = Pass(model, train, users, options, decoderOptimizer, 0, KlWeighting.Gamma(options.Gamma), shuffler, task, ref done, ref updates, null, cancel, profile);
                }
                else
                {
                    loss = Pass(model, train, users, options, encoderOptimizer, options.Dropout, KlWeighting.Beta(options.Beta ?? 0), shuffler, task, ref done, ref updates,
                        options.Beta is null ? options : null, cancel, profile);
                    encoderSeconds = epochClock.Elapsed.TotalSeconds;
                }
            }
            model.SetTraining(false);
            profile?.Restart();
            var validation = Evaluate(model, validationIn, validationOut, options.DenseInput);
            profile?.Lap(TrainingPart.Evaluation);
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

        if (Convergence.Judge(epochs).Warning is { } undertrained) log("warning: " + undertrained);
        module.load(checkpoint);
        model.SetTraining(false);
        var bestValidation = Evaluate(model, validationIn, validationOut, options.DenseInput);
        var test = Evaluate(model, testIn, testOut, options.DenseInput);
        var identity = Identity(checkpoint, manifest, model);
        ExportEmbeddings(model, manifest, train, validationIn, testIn, Path.Combine(runDir, EmbeddingsFile), provenance, reporter, identity, options.DenseInput);
        ExportDecoder(model, manifest, Path.Combine(runDir, DecoderFile), provenance, identity);
        var metrics = WriteMetrics(runDir, options, command, datasetDir, manifest, bestEpoch, bestValidation, test, epochs, earlierSeconds + clock.Elapsed.TotalSeconds);
        File.Delete(resumePath);
        return metrics;
    }

    /// <summary>One epoch over the training users in a fresh shuffled order; returns the mean batch loss.</summary>
    /// <remarks>
    /// Only the parameters of <paramref name="optimizer"/> take part in autograd during the pass: RecVAE's encoder phase
    /// does not need the decoder's weight gradient, nor its decoder phase any encoder gradient. The reference computes
    /// them and never applies them (each phase's optimiser clears its own gradients first), so skipping them changes
    /// no number.
    /// </remarks>
    private static double Pass(IRecommenderModel model, SparseRows train, int[] users, TrainOptions options, AdamOptimizer optimizer,
        double dropout, KlWeighting weighting, NumpyRandomState shuffler, IWorkTask task, ref long done, ref long updates, TrainOptions? anneal,
        CancellationToken cancel, TrainingProfile? profile)
    {
        model.SetTraining(true);
        shuffler.Shuffle(users);
        double sum = 0;
        int batches = 0;
        var idle = model.EncoderParameters().Concat(model.DecoderParameters()).Where(p => !optimizer.Holds(p)).ToList();
        foreach (var p in idle) p.requires_grad = false;
        try
        {
            for (int start = 0; start < users.Length; start += options.Batch)
            {
                cancel.ThrowIfCancellationRequested();
                profile?.Restart();
                using var batch = SparseBatch.From(train, users.AsSpan(start, Math.Min(options.Batch, users.Length - start)), options.DenseInput);
                using var scope = NewDisposeScope();
                var w = anneal is null ? weighting : KlWeighting.Beta(Math.Min(anneal.AnnealCap, (double)updates / anneal.AnnealSteps));
                optimizer.ZeroGrad();
                profile?.Lap(TrainingPart.Other);
                using var output = model.Forward(batch, dropout, w, profile: profile);
                if (profile is null) output.Loss!.Total.backward();
                else profile.Backward(output.Loss!.Total);
                optimizer.Step();
                profile?.Lap(TrainingPart.Optimiser);
                sum += output.Loss.Total.item<float>();
                batches++;
                updates++;
                done += batch.Rows;
                task.Report(done);
            }
        }
        finally
        {
            foreach (var p in idle) p.requires_grad = true;
        }
        return batches == 0 ? 0 : sum / batches;
    }

    /// <summary>NDCG@100, Recall@20 and Recall@50 of held-out users: fold-in rows in, test rows ranked.</summary>
    public static MetricSet Evaluate(IRecommenderModel model, SparseRows foldIn, SparseRows test, bool densePath = false)
    {
        float[]? buffer = null;
        return RankingMetrics.Evaluate(users =>
        {
            using var batch = SparseBatch.From(foldIn, users, densePath);
            using var scope = NewDisposeScope();
            var scores = model.Scores(batch);
            long length = (long)users.Length * foldIn.Columns;
            if (buffer is null || buffer.Length != length) buffer = new float[length]; // one array per batch size, reused
            scores.data<float>().CopyTo(buffer, 0, 0);
            return buffer;
        }, foldIn, test, RankingMetrics.DefaultBatchUsers, MetricSpec.Standard);
    }

    /// <summary>mu for every user: training users from their full history, held-out users from their fold-in part.</summary>
    private static void ExportEmbeddings(IRecommenderModel model, DatasetManifest manifest, SparseRows train, SparseRows validationIn, SparseRows testIn,
        string path, Provenance provenance, IWorkReporter reporter, RunIdentity identity, bool densePath)
    {
        int n = manifest.UserIds.Count, d = (int)model.LatentDim;
        var source = new SparseRows[n];
        for (int u = 0; u < n; u++) source[u] = validationIn.Count(u) > 0 ? validationIn : testIn.Count(u) > 0 ? testIn : train;
        var metadata = new Dictionary<string, string> { ["simcache.dataset_sha256"] = manifest.Input.Sha256, ["simcache.model"] = model.GetType().Name };
        identity.AddTo(metadata);
        using var writer = new EmbeddingFileWriter(path, d, SimCacheArrow.DistanceL2, provenance, metadata);
        using var task = reporter.Start("Exporting embeddings", n, "users");
        const int batch = 500;
        var users = new int[batch];
        var sources = new SparseRows[batch];
        for (int start = 0; start < n; start += batch)
        {
            int count = Math.Min(batch, n - start);
            for (int k = 0; k < count; k++)
            {
                users[k] = start + k;
                sources[k] = source[start + k];
            }
            using var rows = SparseBatch.From(sources.AsSpan(0, count), users.AsSpan(0, count), densePath);
            using var scope = NewDisposeScope();
            var mu = model.Encode(rows).data<float>().ToArray();
            for (int k = 0; k < count; k++) writer.Append(start + k, manifest.UserIds[start + k], mu.AsSpan(k * d, d));
            task.Report(start + count);
        }
        writer.Complete();
    }

    /// <summary>
    /// The run's identity stamped into its files and every trace made from it: the checkpoint's sha256, the item set,
    /// and what the decoder file's weights apply to: the latent point, directly (<see cref="IRecommenderModel.DecoderIsLinear"/>)
    /// or through the <see cref="IRecommenderModel.InputLayer"/> the file carries.
    /// </summary>
    internal static RunIdentity Identity(string checkpoint, DatasetManifest manifest, IRecommenderModel model) =>
        new(RunIdentity.FileHash(checkpoint), manifest.ItemIds.Count, RunIdentity.ItemSetHash(manifest.ItemIds),
            model.DecoderIsLinear || model.InputLayer is not null ? RunIdentity.LatentInput : RunIdentity.HiddenInput);

    /// <summary>
    /// The model's map from a latent point to item scores: the output layer, one row (w_i, b_i) per item, scoring
    /// w_i·h + b_i for the layer's input h, and, when the decoder is deeper (Mult-VAE: h = tanh(W₁ z + b₁)), the
    /// layer before it as the file's <see cref="DecoderInputLayer"/>. RecVAE's decoder is the one layer over the
    /// latent point. Either way caches rank items for any key as the model would.
    /// </summary>
    private static void ExportDecoder(IRecommenderModel model, DatasetManifest manifest, string path, Provenance provenance, RunIdentity identity)
    {
        var (weight, bias) = model.OutputLayer;
        var w = weight.detach().cpu().data<float>().ToArray(); // items × input (Linear(input → items).weight)
        var b = bias.detach().cpu().data<float>().ToArray();
        int d = (int)model.OutputLayerInput;
        DecoderInputLayer? input = null;
        if (model.InputLayer is { } layer)
        {
            var w1 = layer.Weight.detach().cpu().data<float>().ToArray(); // hidden × latent (Linear(latent → hidden).weight)
            var b1 = layer.Bias.detach().cpu().data<float>().ToArray();
            input = new DecoderInputLayer(d, w1.Length / d, w1, b1, layer.Activation);
        }
        var metadata = new Dictionary<string, string> { ["simcache.dataset_sha256"] = manifest.Input.Sha256, ["simcache.model"] = model.GetType().Name };
        identity.AddTo(metadata, decoder: true);
        using var writer = new DecoderFileWriter(path, d, provenance, metadata, inputLayer: input);
        for (int i = 0; i < b.Length; i++) writer.Append(i, manifest.ItemIds[i], w.AsSpan(i * d, d), b[i]);
        writer.Complete();
    }

    /// <summary>Through <see cref="AtomicFile"/>: a kill leaves a temporary that the next run recognises as stale and removes.</summary>
    private static void SaveAtomically(nn.Module module, string path) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            module.save(writer);
        });

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
