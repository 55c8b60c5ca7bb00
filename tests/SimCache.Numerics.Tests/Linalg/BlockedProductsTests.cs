using SimCache.Numerics.Linalg;
using Xunit;

namespace SimCache.Numerics.Tests.Linalg;

public class BlockedProductsTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(7, 5, 13)]
    [InlineData(9, 11, 16)]
    [InlineData(33, 40, 203)]
    public void FloatAndDoubleMatchANaiveProduct(int m, int n, int d)
    {
        var rnd = new Random(m * 1000 + n * 10 + d);
        var a = Enumerable.Range(0, m * d).Select(_ => rnd.NextDouble() * 2 - 1).ToArray();
        var b = Enumerable.Range(0, n * d).Select(_ => rnd.NextDouble() * 2 - 1).ToArray();
        var c = new double[m * n];
        BlockedProducts.MultiplyTransposed<double>(a, m, d, b, n, d, d, c, n);
        var af = a.Select(v => (float)v).ToArray();
        var bf = b.Select(v => (float)v).ToArray();
        var cf = new float[m * n];
        BlockedProducts.MultiplyTransposed<float>(af, m, d, bf, n, d, d, cf, n);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int l = 0; l < d; l++) s += a[i * d + l] * b[j * d + l];
                Assert.Equal(s, c[i * n + j], 1e-12);
                Assert.Equal(s, cf[i * n + j], 1e-4);
            }
    }

    [Fact]
    public void TriangularAndSymmetricShapesAgreeWithTheFullProduct()
    {
        int d = 23, m = 10;
        var rnd = new Random(3);
        var lower = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j <= i; j++) lower[i * d + j] = rnd.NextDouble();
        var a = Enumerable.Range(0, m * d).Select(_ => rnd.NextDouble()).ToArray();
        var full = new double[m * d];
        var tri = new double[m * d];
        BlockedProducts.MultiplyTransposed<double>(a, m, d, lower, d, d, d, full, d);
        BlockedProducts.MultiplyTransposed<double>(a, m, d, lower, d, d, d, tri, d, ProductShape.LowerTriangularB);
        for (int i = 0; i < full.Length; i++) Assert.Equal(full[i], tri[i], 1e-12); // shorter dots may round differently

        var sym = new double[d * d];
        Array.Fill(sym, double.NaN);
        var fullSym = new double[d * d];
        BlockedProducts.MultiplyTransposed<double>(lower, d, d, lower, d, d, d, fullSym, d);
        BlockedProducts.MultiplyTransposed<double>(lower, d, d, lower, d, d, d, sym, d, ProductShape.LowerOutput);
        for (int i = 0; i < d; i++)
            for (int j = 0; j <= i; j++) Assert.Equal(fullSym[i * d + j], sym[i * d + j]);
    }

    [Fact]
    public void AnEntryDependsOnlyOnItsRowsNotOnTheTiling()
    {
        int d = 37;
        var rnd = new Random(5);
        var a = Enumerable.Range(0, 9 * d).Select(_ => (float)rnd.NextDouble()).ToArray();
        var b = Enumerable.Range(0, 7 * d).Select(_ => (float)rnd.NextDouble()).ToArray();
        var c = new float[9 * 7];
        BlockedProducts.MultiplyTransposed<float>(a, 9, d, b, 7, d, d, c, 7);
        for (int i = 0; i < 9; i++)
            for (int j = 0; j < 7; j++)
                Assert.Equal(BlockedProducts.Dot<float>(a.AsSpan(i * d, d), b.AsSpan(j * d, d)), c[i * 7 + j]);
    }
}
