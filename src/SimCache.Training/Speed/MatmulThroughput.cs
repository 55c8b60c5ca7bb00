using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace SimCache.Training.Speed;

/// <summary>
/// This machine's matrix-product throughput in multiply-adds per second (libtorch's float32 GEMM), the yardstick
/// for distance work: a nearest-key search of one request against C keys of dimension d is C·d multiply-adds, so
/// throughput / (C·d) is the most requests per second any exact similarity cache can look up here.
/// </summary>
public static class MatmulThroughput
{
    /// <summary>Best of <paramref name="rounds"/> timings of an (m × k)·(k × n) product, each repeated until ≥ 0.2 s.</summary>
    public static double MultiplyAddsPerSecond(int m, int k, int n, int threads, int rounds = 5)
    {
        torch.set_num_threads(threads);
        using var scope = NewDisposeScope();
        var generator = new Generator(1);
        var a = torch.rand([m, k], generator: generator);
        var b = torch.rand([k, n], generator: generator);
        torch.mm(a, b).Dispose(); // warm up
        double best = 0;
        for (int round = 0; round < rounds; round++)
        {
            var clock = Stopwatch.StartNew();
            int reps = 0;
            do
            {
                torch.mm(a, b).Dispose();
                reps++;
            } while (clock.Elapsed.TotalSeconds < 0.2);
            best = Math.Max(best, (double)m * k * n * reps / clock.Elapsed.TotalSeconds);
        }
        return best;
    }
}
