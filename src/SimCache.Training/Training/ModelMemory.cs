using System.Globalization;
using SimCache.Data.IO;
using SimCache.Training.Models;

namespace SimCache.Training.Training;

/// <summary>
/// The memory a training run needs, counted from the layer shapes before anything is allocated, so an absurd
/// <c>--hidden</c> or <c>--latent</c> is refused with the figure instead of libtorch failing deep inside an
/// allocation (its out-of-memory error carries a native stack trace, and nothing says which option caused it).
/// </summary>
public static class ModelMemory
{
    /// <summary>
    /// Bytes of float32 state: every parameter once, each trained parameter three times more (its gradient and
    /// Adam's two moments), and one batch's dense input and hidden activations (forward and backward).
    /// RecVAE: five densely connected hidden layers with LayerNorm, mu and logvar heads, a frozen copy of the
    /// encoder in its prior, and a linear decoder; Mult-VAE: I→H→2L encoder, L→H→I decoder.
    /// </summary>
    public static double Bytes(TrainOptions options, long items)
    {
        var (weights, trained) = Parameters(options, items);
        double i = items, h = options.Hidden, l = options.Latent, b = options.Batch;
        double activations = options.Model == TrainOptions.RecVae
            ? b * (2 * i + 2 * RecVaeEncoder.DepthCount * h * 2 + 4 * l)
            : options.Model == TrainOptions.MultVae ? b * (3 * i + 4 * h + 4 * l) : 0;
        return 4 * (weights + 3 * trained + 2 * activations);
    }

    /// <summary>The model's parameter count (every tensor it holds) and how many of them are trained (get gradients and Adam moments); 0 for popularity.</summary>
    public static (double Weights, double Trained) Parameters(TrainOptions options, long items)
    {
        double i = items, h = options.Hidden, l = options.Latent;
        if (options.Model == TrainOptions.RecVae)
        {
            int depth = RecVaeEncoder.DepthCount;
            double encoder = (i + 1) * h + (depth - 1) * (h + 1) * h + depth * 2 * h + 2 * (h + 1) * l;
            double decoder = (l + 1) * i;
            return (2 * encoder + decoder, encoder + decoder); // the prior's frozen copy of the encoder is not trained
        }
        if (options.Model == TrainOptions.MultVae)
        {
            double all = (i + 1) * h + (h + 1) * 2 * l + (l + 1) * h + (h + 1) * i;
            return (all, all);
        }
        return (0, 0);
    }

    /// <summary>Refuses (exit code 2) a model whose training state would not fit in the memory this process may use.</summary>
    public static void Check(TrainOptions options, long items)
    {
        double need = Bytes(options, items);
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (available <= 0 || need <= available) return;
        throw new UsageException(string.Create(CultureInfo.InvariantCulture,
            $"--hidden {options.Hidden} --latent {options.Latent} --batch {options.Batch}: a {options.Model} over {items} items needs about {Text(need)} for its weights, gradients, Adam moments and one batch, but this machine has {Text(available)}; choose smaller sizes"));
    }

    /// <summary>A byte count in the largest unit that keeps it ≥ 1 (KB, MB, GB, TB; powers of 1024).</summary>
    public static string Text(double bytes)
    {
        string[] units = ["bytes", "KB", "MB", "GB", "TB", "PB"];
        int u = 0;
        while (bytes >= 1024 && u < units.Length - 1) { bytes /= 1024; u++; }
        return string.Create(CultureInfo.InvariantCulture, $"{bytes:0.#} {units[u]}");
    }
}
