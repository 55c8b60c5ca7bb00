using System.Text.Json;
using SimCache.Training.Speed;
using SimCache.Training.Tests.Models;
using SimCache.Training.Tests.Training;
using SimCache.Training.Training;
using Xunit;

namespace SimCache.Training.Tests.Speed;

/// <summary>
/// <c>bench train</c>'s report: every field present in the JSON, each part's share in [0, 1] and the shares summing to 1,
/// the part seconds adding up to the epoch time, and the figures describing the data set they were measured on. The
/// timings themselves are never asserted.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class TrainingBenchTests
{
    private static readonly string[] Parts = ["input_layer", "encoder", "prior", "decoder", "loss", "optimiser", "evaluation", "other"];

    [Theory]
    [InlineData(TrainOptions.RecVae)]
    [InlineData(TrainOptions.MultVae)]
    public void ReportsEveryPartWithSharesSummingToOne(string model)
    {
        using var dir = new TempDir();
        var data = TinyDataset.Create(dir);
        var result = TrainingBench.Run(data, new TrainOptions { Model = model, Epochs = 2, Hidden = 32, Latent = 8, Batch = 64, Threads = 1 });

        using var json = JsonDocument.Parse(result.ToJson());
        var root = json.RootElement;
        foreach (var field in new[] { "model", "train_users", "items", "density", "threads", "epochs", "seconds_per_epoch", "epoch_seconds",
                     "encoder_users_per_second", "part_seconds_per_epoch", "shares", "cpu_shares", "peak_memory_bytes", "validation_ndcg100" })
            Assert.True(root.TryGetProperty(field, out _), $"field {field} missing");
        Assert.Equal(model, root.GetProperty("model").GetString());
        Assert.Equal(2, root.GetProperty("epochs").GetInt32());
        Assert.Equal(2, root.GetProperty("epoch_seconds").GetArrayLength());

        var shares = root.GetProperty("shares");
        Assert.Equal(Parts.Order(), shares.EnumerateObject().Select(p => p.Name).Order());
        double sum = 0;
        foreach (var part in Parts)
        {
            double share = shares.GetProperty(part).GetDouble();
            Assert.InRange(share, 0, 1);
            sum += share;
        }
        Assert.Equal(1.0, sum, 6);
        double cpuSum = Parts.Sum(p => root.GetProperty("cpu_shares").GetProperty(p).GetDouble());
        Assert.Equal(1.0, cpuSum, 6);
        // The parts account for the whole epoch (what no part claims is "other").
        double parts = Parts.Sum(p => root.GetProperty("part_seconds_per_epoch").GetProperty(p).GetDouble());
        Assert.Equal(root.GetProperty("seconds_per_epoch").GetDouble(), parts, 6);
        if (model == TrainOptions.MultVae) Assert.Equal(0, shares.GetProperty("prior").GetDouble()); // Mult-VAE has no learned prior
        else Assert.True(shares.GetProperty("prior").GetDouble() > 0);

        // The data set figures are the data set's, counted independently from its training split.
        var train = SimCache.Training.Data.SparseRows.Load(data, "train");
        Assert.Equal(train.NonEmptyRows(), result.TrainUsers);
        Assert.Equal(train.Columns, result.Items);
        Assert.Equal((double)train.NonZeros / ((double)train.NonEmptyRows() * train.Columns), result.Density, 12);
        Assert.True(result.PeakMemoryBytes > 0);
        Assert.Equal(result, TrainingBenchResult.FromJson(result.ToJson()) with { EpochSeconds = result.EpochSeconds, PartSecondsPerEpoch = result.PartSecondsPerEpoch, Shares = result.Shares, CpuShares = result.CpuShares });
        Assert.Contains("input_layer", result.ToTable());
    }
}
