using Xunit;
using SimCache.Data.Synthetic;

namespace SimCache.Data.Tests.Synthetic;

/// <summary>Later stages cache results keyed by data set, so a seed must pin the bytes — on any number of threads.</summary>
public sealed class SyntheticReproducibilityTests : IDisposable
{
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    // 2,000 users = 8 chunks of 256, so several workers really interleave.
    private static SyntheticOptions Options(long seed, int? dop) =>
        SyntheticOptions.Preset("small") with { Users = 2_000, Items = 800, Clusters = 6, Seed = seed, MaxDegreeOfParallelism = dop };

    private string Run(string name, SyntheticOptions o)
    {
        var dir = _tmp.File(name);
        SyntheticGenerator.Generate(o, dir, "synth --test");
        return dir;
    }

    private static void AssertSameFiles(string a, string b)
    {
        foreach (var f in new[] { "ratings.csv", "synth.json" })
            Assert.True(File.ReadAllBytes(Path.Combine(a, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b, f))), $"{f} differs");
    }

    [Fact]
    public void SameSeedGivesByteIdenticalFiles()
    {
        var a = Run("a", Options(7, 2));
        var b = Run("b", Options(7, 2));
        AssertSameFiles(a, b);
    }

    [Fact]
    public void DifferentSeedGivesDifferentFiles()
    {
        var a = Run("a", Options(7, 2));
        var b = Run("b", Options(8, 2));
        Assert.False(File.ReadAllBytes(Path.Combine(a, "ratings.csv")).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b, "ratings.csv"))));
        Assert.False(File.ReadAllBytes(Path.Combine(a, "synth.json")).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b, "synth.json"))));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void DegreeOfParallelismDoesNotChangeTheBytes(int dop)
    {
        var one = Run("one", Options(11, 1));
        var many = Run("many", Options(11, dop));
        AssertSameFiles(one, many);
    }
}
