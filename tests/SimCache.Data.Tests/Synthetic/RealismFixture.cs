using Xunit;
using SimCache.Data.Synthetic;

namespace SimCache.Data.Tests.Synthetic;

/// <summary>One generated data set (the small preset's shape at half the users) shared by the realism tests, so it is built and parsed once.</summary>
public sealed class RealismFixture : IDisposable
{
    private readonly TempDir _tmp = new();

    public RealismFixture()
    {
        Options = SyntheticOptions.Preset("small") with { Users = 1_500, Seed = 20_240_601 };
        Result = SyntheticGenerator.Generate(Options, _tmp.Path, "synth --test");
        Log = RatingLog.Load(_tmp.Path);
        RowsByUser = Log.RowsByUser(Options.Users);
    }

    public SyntheticOptions Options { get; }
    public SyntheticResult Result { get; }
    public RatingLog Log { get; }
    public List<int>[] RowsByUser { get; }

    public void Dispose() => _tmp.Dispose();
}
