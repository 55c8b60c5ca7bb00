using SimCache.Data.Dataset;
using SimCache.Data.Synthetic;

namespace SimCache.Training.Tests.Training;

/// <summary>A prepared data set small enough to train a few epochs in seconds: synthetic ratings through Liang et al.'s protocol.</summary>
internal static class TinyDataset
{
    public static string Create(TempDir dir, int users = 400, int items = 150, long seed = 11)
    {
        var synth = dir.File("synth");
        SyntheticGenerator.Generate(new SyntheticOptions { Users = users, Items = items, Clusters = 4, Seed = seed }, synth, "test", (IProgress<long>?)null);
        var data = dir.File("data");
        DatasetPreparer.Prepare(new PrepareRequest
        {
            Format = "movielens-csv", Input = Path.Combine(synth, "ratings.csv"), OutDir = data, Heldout = 50, Command = "test",
        });
        return data;
    }
}
