using SimCache.Data.Arrow;
using SimCache.Simulation.Benchmarking;
using SimCache.Simulation.Tests.Replay;
using Xunit;

namespace SimCache.Simulation.Tests.Benchmarking;

/// <summary>The large-trace maker: cycles in time order, the metric kept, noise only after the first cycle and reproducible by seed.</summary>
public class ReplayBenchTests
{
    [Fact]
    public void RepeatCyclesTheRowsLaterInTimeAndPerturbsAfterTheFirstCycle()
    {
        using var dir = new TempDir();
        var source = TimelineTrace.Write(dir, SimCacheArrow.DistanceCosine, (3, 10, 3f, 4f), (5, 12, 0f, 2f), (3, 14, 6f, 8f));
        var output = dir.File("big.arrow");
        ReplayBench.Repeat(source, output, 8, perturb: 0.1, seed: 4);
        using var reader = TraceFileReader.Open(output);
        Assert.Equal(SimCacheArrow.DistanceCosine, reader.Distance);
        var b = reader.ReadNextBatch()!;
        Assert.Equal(8, b.RowCount);
        Assert.Equal([3, 5, 3, 3, 5, 3, 3, 5], b.Users.ToArray());
        Assert.Equal([0, 0, 0, 1, 1, 1, 2, 2], b.Seqs.ToArray());
        Assert.Equal([10L, 12, 14, 15, 17, 19, 20, 22], b.Timestamps.ToArray()); // each cycle shifted by the span 14 − 10 + 1
        Assert.Equal([3f, 4f, 0f, 2f, 6f, 8f], b.Vectors[..6].ToArray()); // the first cycle as it was
        for (int k = 3; k < 8; k++)
        {
            var original = b.Vector(k % 3).ToArray();
            var moved = b.Vector(k).ToArray();
            double norm = Math.Sqrt(original.Sum(x => (double)x * x));
            double shift = Math.Sqrt(original.Zip(moved, (x, y) => (double)(x - y) * (x - y)).Sum());
            Assert.InRange(shift, 1e-6 * norm, 0.6 * norm); // σ‖x‖/√d·z: about 0.1‖x‖, never wildly more
        }
        Assert.NotEqual(b.Vector(3).ToArray(), b.Vector(6).ToArray()); // each cycle draws its own noise
    }

    [Fact]
    public void RepeatIsReproducibleBySeed()
    {
        using var dir = new TempDir();
        var source = TimelineTrace.Write(dir, (1, 0, 1f, 2f), (2, 1, -1f, 0.5f));
        string a = dir.File("a.arrow"), b = dir.File("b.arrow"), c = dir.File("c.arrow");
        ReplayBench.Repeat(source, a, 50, 0.2, seed: 9, command: "test");
        ReplayBench.Repeat(source, b, 50, 0.2, seed: 9, command: "test");
        ReplayBench.Repeat(source, c, 50, 0.2, seed: 10, command: "test");
        Assert.Equal(Vectors(a), Vectors(b));
        Assert.NotEqual(Vectors(a), Vectors(c));
        Assert.Throws<SimCache.Data.IO.UsageException>(() => ReplayBench.Repeat(source, dir.File("d.arrow"), 0));
        Assert.Throws<SimCache.Data.IO.UsageException>(() => ReplayBench.Repeat(source, dir.File("d.arrow"), 5, perturb: -1));
    }

    private static float[] Vectors(string path)
    {
        using var reader = TraceFileReader.Open(path);
        return reader.ReadBatches().SelectMany(x => x.Vectors.ToArray()).ToArray();
    }
}
