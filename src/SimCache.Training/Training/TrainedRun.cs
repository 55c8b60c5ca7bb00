using System.Text.Json;
using SimCache.Data.IO;
using SimCache.Training.Models;
using static TorchSharp.torch;

namespace SimCache.Training.Training;

/// <summary>
/// A finished run folder opened for later stages: its metrics.json (what it was trained on and with) and the best
/// epoch's model rebuilt from the checkpoint, so a trace is encoded by exactly the model whose embeddings were exported.
/// </summary>
public static class TrainedRun
{
    /// <summary>Reads <c>RUN/metrics.json</c>; a missing or malformed file is refused naming it.</summary>
    public static RunMetrics LoadMetrics(string runDir)
    {
        var path = Path.Combine(runDir, RunMetrics.FileName);
        if (!File.Exists(path))
            throw new DataFormatException(runDir, File.Exists(Path.Combine(runDir, ResumeFile.FileName))
                ? $"is an interrupted run (no {RunMetrics.FileName} yet); finish it with: simcache train --resume {runDir}"
                : $"is not a run folder: no {RunMetrics.FileName}");
        try
        {
            return JsonSerializer.Deserialize<RunMetrics>(File.ReadAllText(path), RunMetrics.JsonOptions)
                ?? throw new DataFormatException(path, "is empty");
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, "is not a valid run metrics file: " + e.Message, e.LineNumber + 1);
        }
    }

    /// <summary>The best epoch's model in eval mode. Popularity runs have no model and are refused.</summary>
    public static IRecommenderModel LoadModel(string runDir, RunMetrics metrics, int items)
    {
        var p = metrics.Parameters;
        if (p.Model is not (TrainOptions.RecVae or TrainOptions.MultVae))
            throw new UsageException($"--run {runDir}: a {p.Model} run has no encoder; a trace needs a trained recvae or multvae run");
        var checkpoint = Path.Combine(runDir, RecommenderTrainer.CheckpointFile);
        if (!File.Exists(checkpoint)) throw new DataFormatException(checkpoint, "is missing: the run's model checkpoint");
        IRecommenderModel model = p.Model == TrainOptions.RecVae ? new RecVae(items, p.Hidden, p.Latent) : new MultVae(items, p.Hidden, p.Latent);
        try
        {
            ((nn.Module)model).load(checkpoint);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            model.Dispose();
            throw new DataFormatException(checkpoint, $"does not hold a {p.Model} with {items} items, hidden {p.Hidden}, latent {p.Latent}: {e.Message}");
        }
        model.SetTraining(false);
        return model;
    }
}
