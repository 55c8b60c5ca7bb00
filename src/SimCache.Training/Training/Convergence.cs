using System.Globalization;

namespace SimCache.Training.Training;

/// <summary>
/// Whether a run's validation curve had levelled off by its last epoch, so that a study trained for fewer epochs
/// than the paper's can say its model is as good as more training would make it, or is warned that it is not.
/// The curve judged is the best validation NDCG@100 so far (what the kept checkpoint scores); its gain over the
/// last <see cref="Window"/> epochs (five, or all but the first in a shorter run) is compared with the curve's
/// own height, so the rule holds for a data set where NDCG@100 is 0.05 as for one where it is 0.45.
/// </summary>
/// <param name="Epochs">The epochs trained.</param>
/// <param name="Window">The last epochs the gain is taken over (0 for a run of one epoch or none).</param>
/// <param name="Gain">The rise of the best validation NDCG@100 over the window.</param>
/// <param name="Best">The best validation NDCG@100 of the run.</param>
/// <param name="Warning">Why the run may be under-trained, or null when the curve is flat.</param>
public sealed record Convergence(int Epochs, int Window, double Gain, double Best, string? Warning)
{
    /// <summary>The largest window the gain is measured over.</summary>
    public const int MaxWindow = 5;

    /// <summary>A gain below this share of the best value over the window is flat.</summary>
    public const double Tolerance = 0.01;

    /// <summary><see cref="Gain"/> as a share of <see cref="Best"/>.</summary>
    public double RelativeGain => Best > 0 ? Gain / Best : 0;

    /// <summary>True when the curve rose by less than <see cref="Tolerance"/> of its height over the window.</summary>
    public bool Flat => Warning is null;

    /// <summary>One sentence on the curve's last epochs, for logs and the report.</summary>
    public string Summary => Window == 0
        ? Warning ?? ""
        : string.Create(CultureInfo.InvariantCulture,
            $"the best validation NDCG@100 rose by {Gain:F5} ({RelativeGain * 100:F2}%) over {Last(Window)}, to {Best:F5}: {(Flat ? $"levelled off (under {Tolerance * 100:F0}%)" : "still rising")}");

    private static string Last(int window) => window == 1 ? "the last epoch" : $"the last {window} epochs";

    public static Convergence Judge(IReadOnlyList<EpochRecord> epochs)
    {
        int n = epochs.Count;
        if (n == 0) return new Convergence(0, 0, 0, 0, null); // a model without epochs (popularity) has no curve
        var best = new double[n];
        for (int i = 0; i < n; i++) best[i] = Math.Max(i > 0 ? best[i - 1] : double.NegativeInfinity, epochs[i].ValidationNdcg100);
        if (n == 1)
            return new Convergence(1, 0, 0, best[0],
                "trained for one epoch: one validation point cannot show whether training has levelled off; train at least two (and see the curve)");
        int window = Math.Min(MaxWindow, n - 1);
        double gain = best[^1] - best[n - 1 - window];
        bool flat = !(best[^1] > 0) || gain < Tolerance * best[^1];
        string? warning = flat ? null : string.Create(CultureInfo.InvariantCulture,
            $"validation NDCG@100 was still rising at the last epoch: its best rose by {gain:F5} ({gain / best[^1] * 100:F2}%) over {Last(window)}, to {best[^1]:F5} at epoch {n}; the model is likely under-trained: raise the number of epochs until the rise is under {Tolerance * 100:F0}%");
        return new Convergence(n, window, gain, best[^1], warning);
    }
}
