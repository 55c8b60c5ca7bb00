using SimCache.Numerics.Vectors;
using Xunit;

namespace SimCache.Numerics.Tests.Vectors;

public class VectorKernelsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(200)]
    [InlineData(203)]
    public void DotAndSquaredDistanceAgreeWithDoubleArithmetic(int n)
    {
        var a = Synth.Gaussian(1, n, 1);
        var b = Synth.Gaussian(1, n, 2);
        double dot = 0, sq = 0, mag = 0;
        for (int i = 0; i < n; i++)
        {
            dot += (double)a[i] * b[i];
            mag += Math.Abs((double)a[i] * b[i]);
            sq += ((double)a[i] - b[i]) * ((double)a[i] - b[i]);
        }
        Assert.True(Math.Abs(VectorKernels.Dot(a, b) - dot) <= 1e-6 * mag + 1e-7, "dot");
        Assert.True(Math.Abs(VectorKernels.SquaredDistance(a, b) - sq) <= 1e-6 * sq, "squared distance");
        Assert.Equal(0f, VectorKernels.SquaredDistance(a, a));
        float n2 = VectorKernels.Dot(a, a);
        Assert.Equal(0f, VectorKernels.Rank(n2, n2, n2));
    }

    [Theory]
    [InlineData(1, 1, 5)]
    [InlineData(2, 4, 8)]
    [InlineData(3, 9, 200)]
    [InlineData(5, 17, 203)]
    [InlineData(6, 33, 31)]
    public void EveryBatchedKernelIsBitIdenticalToTheSingleDot(int queries, int rows, int dim)
    {
        var q = Synth.Gaussian(queries, dim, 3);
        var r = Synth.Gaussian(rows, dim, 4);
        int stride = rows + 3;
        var block = new float[queries * stride];
        VectorKernels.DotBlock(q, queries, r, rows, dim, block, stride);
        var line = new float[rows];
        for (int i = 0; i < queries; i++)
        {
            VectorKernels.DotRows(q.AsSpan(i * dim, dim), r, rows, dim, line);
            for (int j = 0; j < rows; j++)
            {
                float single = VectorKernels.Dot(q.AsSpan(i * dim, dim), r.AsSpan(j * dim, dim));
                Assert.Equal(BitConverter.SingleToInt32Bits(single), BitConverter.SingleToInt32Bits(block[i * stride + j]));
                Assert.Equal(BitConverter.SingleToInt32Bits(single), BitConverter.SingleToInt32Bits(line[j]));
            }
        }
    }

    [Fact]
    public void ResultsDoNotDependOnWhereTheVectorsSitInMemory()
    {
        const int dim = 200;
        var a = Synth.Gaussian(1, dim, 5);
        var b = Synth.Gaussian(1, dim, 6);
        int dot = BitConverter.SingleToInt32Bits(VectorKernels.Dot(a, b));
        int sq = BitConverter.SingleToInt32Bits(VectorKernels.SquaredDistance(a, b));
        for (int offset = 1; offset < 9; offset++)
        {
            var pa = new float[dim + offset];
            var pb = new float[dim + 2 * offset];
            a.CopyTo(pa, offset);
            b.CopyTo(pb, 2 * offset);
            Assert.Equal(dot, BitConverter.SingleToInt32Bits(VectorKernels.Dot(pa.AsSpan(offset, dim), pb.AsSpan(2 * offset, dim))));
            Assert.Equal(sq, BitConverter.SingleToInt32Bits(VectorKernels.SquaredDistance(pa.AsSpan(offset, dim), pb.AsSpan(2 * offset, dim))));
        }
    }

    [Fact]
    public void MismatchedLengthsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => VectorKernels.Dot(new float[3], new float[4]));
        Assert.Throws<ArgumentException>(() => VectorKernels.SquaredDistance(new float[3], new float[4]));
    }
}
