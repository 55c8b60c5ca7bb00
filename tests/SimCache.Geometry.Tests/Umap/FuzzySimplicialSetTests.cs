using SimCache.Geometry.Neighbors;
using SimCache.Geometry.Umap;
using Xunit;

namespace SimCache.Geometry.Tests.Umap;

public class FuzzySimplicialSetTests
{
    /// <summary>
    /// Distances 1, 2, 3 to the three other points of a 4-neighbourhood: target log₂ 4 = 2, ρ = 1, and
    /// 1 + e^(−1/σ) + e^(−2/σ) = 2 gives t + t² = 1 for t = e^(−1/σ): t = (√5 − 1)/2, σ = −1 / ln t ≈ 2.0781.
    /// </summary>
    [Fact]
    public void SigmaSolvesTheTargetSumByHand()
    {
        double t = (Math.Sqrt(5) - 1) / 2, expected = -1 / Math.Log(t);
        var (sigma, rho) = FuzzySimplicialSet.SmoothDistance([1.0, 2.0, 3.0], Math.Log2(4), meanAll: 1.5);
        Assert.Equal(1.0, rho);
        Assert.Equal(expected, sigma, 4);
        Assert.Equal(2.078087, sigma, 4);
        Assert.Equal(1.0, FuzzySimplicialSet.Membership(1.0, rho, sigma));
        Assert.Equal(t, FuzzySimplicialSet.Membership(2.0, rho, sigma), 4);
        Assert.Equal(t * t, FuzzySimplicialSet.Membership(3.0, rho, sigma), 4);
    }

    [Fact]
    public void SigmaIsFlooredWhenEveryNeighbourSitsAtRho()
    {
        // All three at ρ: the sum is 3 > 2 for every σ, the search shrinks σ towards 0 and the floor 10⁻³ × mean (zero self distance counted) applies.
        var (sigma, rho) = FuzzySimplicialSet.SmoothDistance([2.0, 2.0, 2.0], Math.Log2(4), meanAll: 1.0);
        Assert.Equal(2.0, rho);
        Assert.Equal(1e-3 * 6.0 / 4, sigma, 12);
    }

    /// <summary>Directed 0→1 0.5, 1→0 0.4, 0→2 0.3, 2→1 0.8; the union w + wᵀ − w∘wᵀ by hand: (0,1) 0.7, (0,2) 0.3, (1,2) 0.8.</summary>
    [Fact]
    public void FuzzyUnionOfAThreePointGraphByHand()
    {
        var g = FuzzySimplicialSet.Union(3, [0, 1, 0, 2], [1, 0, 2, 1], [0.5, 0.4, 0.3, 0.8]);
        Assert.Equal(6, g.Edges);
        Assert.Equal(0.7, g.Weight(0, 1), 12);
        Assert.Equal(0.7, g.Weight(1, 0), 12);
        Assert.Equal(0.3, g.Weight(0, 2), 12);
        Assert.Equal(0.3, g.Weight(2, 0), 12);
        Assert.Equal(0.8, g.Weight(1, 2), 12);
        Assert.Equal(0.8, g.Weight(2, 1), 12);
        for (int i = 0; i < 3; i++) Assert.Equal(0.0, g.Weight(i, i));
        Assert.Equal([0, 2, 4, 6], g.RowStart);
        Assert.Equal([1, 2, 0, 2, 0, 1], g.Columns);
    }

    [Fact]
    public void BuildUsesTheNearestNeighboursOfALargerSearch()
    {
        // Points on a line at 0, 1, 3, 6: with neighbours = 2 (one other point) each point links to its nearest with weight 1.
        var data = new float[] { 0, 1, 3, 6 };
        var knn = ExactKnn.Compute(data, 4, 1, 3, maxThreads: 1);
        var g = FuzzySimplicialSet.Build(knn, 2);
        Assert.Equal(1.0, g.Weight(0, 1), 12);
        Assert.Equal(1.0, g.Weight(1, 0), 12);
        Assert.Equal(1.0, g.Weight(2, 1), 12);
        Assert.Equal(1.0, g.Weight(3, 2), 12);
        Assert.Equal(0.0, g.Weight(0, 2));
        Assert.Equal(0.0, g.Weight(0, 3));
        Assert.Equal(6, g.Edges);
    }
}
