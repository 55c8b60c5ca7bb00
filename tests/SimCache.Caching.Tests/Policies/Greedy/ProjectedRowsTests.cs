using SimCache.Caching.Policies.Greedy;
using SimCache.Caching.Tests.Support;
using Xunit;

namespace SimCache.Caching.Tests.Policies.Greedy;

public class ProjectedRowsTests
{
    [Theory]
    [InlineData(1, 3)]
    [InlineData(16, 100)]
    [InlineData(5, 37)]
    public void ScanReportsExactlyTheRowsWithinTheBoundInOrder(int rank, int count)
    {
        var rng = new Random(rank * 1000 + count);
        var y = Synth.Gaussian(count, rank, rank + count);
        var rows = new ProjectedRows(y, count, rank);
        var hits = new int[count];
        for (int trial = 0; trial < 50; trial++)
        {
            var q = Synth.Gaussian(1, rank, trial);
            int from = rng.Next(count), to = from + rng.Next(count - from + 1);
            float bound = (float)(rank * rng.NextDouble() * 2);
            int found = rows.Scan(q, bound, from, to, hits);
            // The same float arithmetic pair by pair: Σ (q_k − y_k)² by fused multiply-adds in coordinate order.
            var expected = Enumerable.Range(from, to - from).Where(j =>
            {
                float acc = 0;
                for (int k = 0; k < rank; k++)
                {
                    float diff = q[k] - y[j * rank + k];
                    acc = MathF.FusedMultiplyAdd(diff, diff, acc);
                }
                return acc <= bound;
            }).ToArray();
            Assert.Equal(expected, hits.AsSpan(0, found).ToArray());
        }
    }

    [Fact]
    public void TheWindowKeepsEveryRowWhoseFirstCoordinateIsWithinReach()
    {
        const int count = 200;
        var rng = new Random(3);
        var first = Enumerable.Range(0, count).Select(_ => (float)Math.Round(rng.NextDouble() * 20, 1)).Order().ToArray();
        var y = new float[count * 2];
        for (int i = 0; i < count; i++) y[i * 2] = first[i];
        var rows = new ProjectedRows(y, count, 2);
        foreach (float centre in new[] { -5f, 0f, 3.3f, 10f, 19.9f, 25f })
            foreach (float bound in new[] { 0f, 0.01f, 1f, 4f, 1000f, float.PositiveInfinity })
                foreach (int from in new[] { 0, 50, 199 })
                {
                    var (lo, end) = rows.Window(centre, bound, from);
                    for (int j = from; j < count; j++)
                    {
                        bool inside = Math.Abs((double)first[j] - centre) <= Math.Sqrt(bound);
                        if (inside) Assert.InRange(j, lo, end - 1);
                    }
                    Assert.InRange(lo, from, count);
                    Assert.InRange(end, lo, count);
                }
    }
}
