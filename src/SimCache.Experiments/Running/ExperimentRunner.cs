using SimCache.Data.Dataset;
using SimCache.Data.Ingest;
using SimCache.Data.Progress;
using SimCache.Data.Synthetic;
using SimCache.Experiments.Config;
using SimCache.Training.Training;

namespace SimCache.Experiments.Running;

/// <summary>
/// Runs one experiment's chain of stages into <c>OUT/NAME/</c>. The data stage is here today: a synthetic log
/// is generated and split, a raw file is split, a prepared data set is used as it is. Later stages (train,
/// trace, geometry, sweep, report) are added here in order, each reading what the previous one wrote.
/// </summary>
public static class ExperimentRunner
{
    /// <summary>Runs every stage the experiment names, in order; returns the data set folder and the training run's metrics (null without training).</summary>
    public static (string Dataset, RunMetrics? Metrics) Run(ExperimentSpec experiment, string outDir, string command, IWorkReporter? reporter = null, Action<string>? log = null)
    {
        var dataset = PrepareData(experiment, outDir, command, reporter, log);
        if (experiment.Training is null) return (dataset, null);
        var runDir = Path.Combine(outDir, experiment.Name, "run");
        (log ?? (_ => { }))($"train: {experiment.Training.Model} on {dataset} → {runDir}");
        return (dataset, RecommenderTrainer.Train(dataset, runDir, experiment.Training, command, reporter, log));
    }

    /// <summary>Prepares the experiment's data set and returns its folder.</summary>
    public static string PrepareData(ExperimentSpec experiment, string outDir, string command, IWorkReporter? reporter = null, Action<string>? log = null)
    {
        reporter ??= NullWorkReporter.Instance;
        log ??= _ => { };
        var data = experiment.Data;
        if (data.Dataset is not null)
        {
            DatasetManifest.Load(data.Dataset);
            log($"data: the prepared data set {data.Dataset}");
            return data.Dataset;
        }
        var root = Path.Combine(outDir, experiment.Name);
        var datasetDir = Path.Combine(root, "dataset");
        DatasetFolder.CheckOwned(datasetDir, DatasetManifest.FileName);
        string input, format;
        if (data.SyntheticPreset is not null)
        {
            var defaults = SyntheticOptions.Preset(data.SyntheticPreset);
            var options = defaults with
            {
                Seed = data.SyntheticSeed ?? defaults.Seed,
                Users = data.SyntheticUsers ?? defaults.Users,
                Items = data.SyntheticItems ?? defaults.Items,
                Clusters = data.SyntheticClusters ?? defaults.Clusters,
            };
            var synthDir = Path.Combine(root, "synth");
            log($"data: synthetic preset {data.SyntheticPreset} (seed {options.Seed}) → {synthDir}");
            SyntheticGenerator.Generate(options, synthDir, command, reporter);
            input = Path.Combine(synthDir, SyntheticGenerator.RatingsFileName);
            format = RatingFormat.MovieLensCsv;
        }
        else
        {
            input = data.File!;
            format = data.Format!;
        }
        log($"data: Liang et al.'s split of {input} → {datasetDir}");
        DatasetPreparer.Prepare(new PrepareRequest
        {
            Format = format,
            Input = input,
            OutDir = datasetDir,
            Columns = data.Columns is null ? null : ColumnMap.Parse(data.Columns),
            Threshold = data.Threshold,
            MinUserItems = data.MinUserItems,
            MinItemUsers = data.MinItemUsers,
            Heldout = data.Heldout,
            Seed = data.ProtocolSeed,
            Force = true, // the run owns NAME/dataset (checked above); a changed experiment replaces it
            Command = command,
        }, reporter);
        return datasetDir;
    }

}
