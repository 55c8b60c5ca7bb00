using SimCache.Data.IO;
using SimCache.Experiments.Sweep;
using Xunit;

namespace SimCache.Experiments.Tests.Sweep;

public class SweepPreflightTests
{
    /// <summary>The formula runner, refusing every lru point on the inputs (as the simulator refuses knn-cache without a decoder).</summary>
    private sealed class InputRefusingRunner : ISweepPointRunner
    {
        private readonly FormulaPointRunner _inner = new();

        public int Runs { get; private set; }

        public string Name => "input-refusing test runner";

        public void Check(SweepPoint point) => _inner.Check(point);

        public void CheckInputs(SweepInputs inputs, SweepPoint point)
        {
            if (point.Policy == "lru") throw new UsageException("needs the decoder (--decoder)");
        }

        public PointResult Run(SweepInputs inputs, SweepPoint point, long seed, CancellationToken cancel)
        {
            Runs++;
            return _inner.Run(inputs, point, seed, cancel);
        }
    }

    [Fact]
    public void AnInputRefusalComesBeforeAnyRunAndBeforeTheResultsDatabase()
    {
        using var dir = new TempDir();
        var (name, points, seeds) = SweepFixtures.Load(dir);
        var runner = new InputRefusingRunner();
        var e = Assert.Throws<DataFormatException>(() =>
            SweepEngine.Run(new SweepRequest(name, points, seeds, SweepFixtures.Inputs, dir.File("out"), 1, "v"), runner));
        Assert.Equal(dir.File("experiments.json"), e.Path);
        Assert.Equal("experiments[0].sweep.caches[1] (lru(capacity=10)): needs the decoder (--decoder)", e.Detail);
        Assert.Equal(0, runner.Runs); // the 24 sim-lru runs planned before it did not run
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Fact]
    public void ARefusalNamesTheValueOfTheParameterItNames()
    {
        using var dir = new TempDir();
        var (_, points, _) = SweepFixtures.Load(dir);
        var lru100 = points.First(p => p.Cache == "lru(capacity=100)");
        var e = Assert.IsType<DataFormatException>(SweepPreflight.Refusal(lru100, "cache 'lru': parameter 'capacity' must be ≥ 1000"));
        Assert.Equal("experiments[0].sweep.caches[1].capacity[1] (lru(capacity=100)): cache 'lru': parameter 'capacity' must be ≥ 1000", e.Detail);
        // A range's values share the range's path; a message naming no parameter names the cache entry.
        var simLru = points.First(p => p.Cache == "sim-lru(capacity=100,threshold=0.8)");
        Assert.Equal("experiments[0].sweep.caches[0].threshold (sim-lru(capacity=100,threshold=0.8)): cache 'sim-lru': parameter 'threshold' is bad",
            ((DataFormatException)SweepPreflight.Refusal(simLru, "cache 'sim-lru': parameter 'threshold' is bad")).Detail);
        Assert.Equal("experiments[0].sweep.caches[0] (sim-lru(capacity=100,threshold=0.8)): the trace is bad",
            ((DataFormatException)SweepPreflight.Refusal(simLru, "the trace is bad")).Detail);
    }
}
