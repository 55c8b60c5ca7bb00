using System.Globalization;
using SimCache.Training.Training;

namespace SimCache.Experiments.Reporting;

/// <summary>
/// The Model section's learning curve: validation NDCG@100 after each outer epoch, with the best epoch (the
/// checkpoint the run keeps) marked, and the <see cref="Convergence"/> verdict in its caption. It is what shows
/// whether a study trained for fewer epochs than the paper's stopped where the curve is flat.
/// </summary>
public static class TrainingCurveFigure
{
    public const string Name = "training-curve";

    /// <summary>The figure, or null for a run with fewer than two epochs (no curve to draw).</summary>
    public static Figure? Draw(RunMetrics metrics, Convergence convergence, string figuresDir)
    {
        var epochs = metrics.Epochs;
        if (epochs.Count < 2) return null;
        Directory.CreateDirectory(figuresDir);
        var x = epochs.Select(e => (double)e.Epoch).ToArray();
        var series = new List<PlotSeries> { new("validation NDCG@100 after the epoch", x, epochs.Select(e => e.ValidationNdcg100).ToArray()) };
        var markers = metrics.BestEpoch > 0 ? [new PlotMarker(metrics.BestEpoch, $"best epoch ({metrics.BestEpoch}): the checkpoint kept", Main: true)] : new List<PlotMarker>();
        return PlotRenderer.Save(Path.Combine(figuresDir, Name), "Validation NDCG@100 by epoch",
            string.Create(CultureInfo.InvariantCulture,
                $"The model's ranking quality on the {metrics.ValidationUsers:N0} validation users after each outer epoch; the run keeps the checkpoint of the best epoch. Verdict: {convergence.Summary}."),
            "outer epoch", "validation NDCG@100", series, markers: markers);
    }
}
