using System.Globalization;
using System.Text.Json;
using SimCache.Data.Dataset;
using SimCache.Data.Progress;
using SimCache.Training.Data;
using SimCache.Training.Training;

namespace SimCache.Training.Speed;

/// <summary>
/// <c>simcache bench train</c>: trains on a prepared data set exactly as <c>simcache train</c> does (into a temporary run
/// folder, removed afterwards) with a <see cref="TrainingProfile"/> attached, and reports seconds per outer epoch,
/// users per second of an encoder pass, the share of each part of the step and the process's peak memory: the figures
/// to compare a change of the trainer by, on the same data and machine.
/// </summary>
public static class TrainingBench
{
    /// <summary>Runs the benchmark; <paramref name="options"/> as for training (epochs, threads, model …).</summary>
    public static TrainingBenchResult Run(string datasetDir, TrainOptions options, IWorkReporter? reporter = null, Action<string>? log = null,
        CancellationToken cancel = default)
    {
        options.Validate();
        if (options.Model == TrainOptions.Popularity) throw new SimCache.Data.IO.UsageException("--model popularity: nothing to train, nothing to time");
        var manifest = DatasetManifest.Load(datasetDir);
        var runDir = Path.Combine(Path.GetTempPath(), $"simcache-bench-train-{Environment.ProcessId}");
        if (Directory.Exists(runDir)) Directory.Delete(runDir, recursive: true);
        var profile = new TrainingProfile();
        RunMetrics metrics;
        try
        {
            metrics = RecommenderTrainer.Train(datasetDir, runDir, options, "bench train", reporter, log, cancel, profile: profile);
        }
        finally
        {
            if (Directory.Exists(runDir)) Directory.Delete(runDir, recursive: true);
        }

        var train = SparseRows.Load(datasetDir, "train");
        int trainUsers = train.NonEmptyRows();
        double epochSeconds = metrics.Epochs.Sum(e => e.Seconds);
        var parts = Enum.GetValues<TrainingPart>();
        var seconds = parts.ToDictionary(p => p, profile.Seconds);
        // What no part claims (the resume point and checkpoint written after each epoch, the prior's snapshot) is "other".
        seconds[TrainingPart.Other] += Math.Max(0, epochSeconds - seconds.Values.Sum());
        double total = seconds.Values.Sum();
        double cpuTotal = parts.Sum(profile.CpuSeconds);
        int epochs = metrics.Epochs.Count;
        return new TrainingBenchResult
        {
            Model = options.Model,
            Dataset = datasetDir,
            TrainUsers = trainUsers,
            Items = manifest.ItemIds.Count,
            Density = (double)train.NonZeros / ((double)trainUsers * train.Columns),
            Threads = options.Threads,
            Epochs = epochs,
            SecondsPerEpoch = epochSeconds / epochs,
            EpochSeconds = [.. metrics.Epochs.Select(e => e.Seconds)],
            EncoderUsersPerSecond = metrics.Epochs.Average(e => e.EncoderUsersPerSecond),
            PartSecondsPerEpoch = parts.ToDictionary(PartName, p => seconds[p] / epochs),
            Shares = parts.ToDictionary(PartName, p => total > 0 ? seconds[p] / total : 0),
            CpuShares = parts.ToDictionary(PartName, p => cpuTotal > 0 ? profile.CpuSeconds(p) / cpuTotal : 0),
            PeakMemoryBytes = PeakMemory.Bytes(),
            ValidationNdcg100 = metrics.Epochs[^1].ValidationNdcg100,
        };
    }

    /// <summary>The report's name of a part: snake_case (input_layer, encoder, …).</summary>
    public static string PartName(TrainingPart part) => part switch
    {
        TrainingPart.InputLayer => "input_layer",
        _ => part.ToString().ToLowerInvariant(),
    };
}
