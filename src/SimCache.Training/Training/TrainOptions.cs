using SimCache.Data.IO;

namespace SimCache.Training.Training;

/// <summary>
/// Everything that determines a training run (docs/METHODS.md §1.2). The defaults are the RecVAE paper's: 50 outer
/// epochs of 3 encoder epochs and 1 decoder epoch, γ = 0.005, batch 500, Adam lr 5e-4, hidden 600, latent
/// 200, input dropout 0.5. Mult-VAE's own defaults (lr 1e-3, β annealed to 0.2 over 200,000 updates, 200
/// epochs) apply when <see cref="Model"/> is multvae and the value was not given.
/// </summary>
public sealed record TrainOptions
{
    public const string RecVae = "recvae";
    public const string MultVae = "multvae";
    public const string Popularity = "popularity";
    public static readonly IReadOnlyList<string> Models = [RecVae, MultVae, Popularity];

    public string Model { get; init; } = RecVae;
    public int? Epochs { get; init; }
    public double Gamma { get; init; } = 0.005;

    /// <summary>A fixed KL weight; for Mult-VAE, null anneals it to <see cref="AnnealCap"/> over <see cref="AnnealSteps"/> updates.</summary>
    public double? Beta { get; init; }
    public int Batch { get; init; } = 500;
    public double? LearningRate { get; init; }
    public int Hidden { get; init; } = 600;
    public int Latent { get; init; } = 200;
    public double Dropout { get; init; } = 0.5;
    public long Seed { get; init; } = 42;
    /// <summary>
    /// libtorch's intra-op threads. Default 1, so that a run is byte-identical on any machine: with more threads
    /// libtorch splits its reductions (loss sums, matrix products) by thread count, and the weights then differ
    /// from a one-thread run in their last bits (measured: same test metrics, different model.bin). More threads
    /// can be faster on an idle machine; on a loaded one they were 5× slower (spinning OpenMP workers).
    /// </summary>
    public int Threads { get; init; } = 1;
    public int EncoderEpochs { get; init; } = 3;
    public int DecoderEpochs { get; init; } = 1;
    public int AnnealSteps { get; init; } = 200_000;
    public double AnnealCap { get; init; } = 0.2;

    /// <summary>
    /// Computes the models' input layers and likelihood through dense batch × items tensors, the reference's
    /// computation, instead of the sparse path. The same function up to float rounding, and several times slower; kept
    /// so tests can pin the sparse path against it. Never written to a run's files.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    internal bool DenseInput { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public int EffectiveEpochs => Epochs ?? (Model == MultVae ? 200 : 50);
    [System.Text.Json.Serialization.JsonIgnore]
    public double EffectiveLearningRate => LearningRate ?? (Model == MultVae ? 1e-3 : 5e-4);

    /// <summary>Refuses values that cannot train (exit code 2), naming the option.</summary>
    public void Validate()
    {
        if (!Models.Contains(Model)) throw new UsageException($"--model: unknown model '{Model}'; valid models: {string.Join(", ", Models)}");
        if (EffectiveEpochs < 1) throw new UsageException("--epochs must be ≥ 1");
        if (!(Gamma >= 0) || !double.IsFinite(Gamma)) throw new UsageException("--gamma must be a finite number ≥ 0");
        if (Beta is double b && (!(b >= 0) || !double.IsFinite(b))) throw new UsageException("--beta must be a finite number ≥ 0");
        if (Batch < 1) throw new UsageException("--batch must be ≥ 1");
        if (!(EffectiveLearningRate > 0) || !double.IsFinite(EffectiveLearningRate)) throw new UsageException("--lr must be a finite number > 0");
        if (Hidden < 1) throw new UsageException("--hidden must be ≥ 1");
        if (Latent < 1) throw new UsageException("--latent must be ≥ 1");
        if (!(Dropout >= 0 && Dropout < 1)) throw new UsageException("--dropout must be in [0, 1)");
        if (Threads < 1) throw new UsageException("--threads must be ≥ 1");
    }
}
