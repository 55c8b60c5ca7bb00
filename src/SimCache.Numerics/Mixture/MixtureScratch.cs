namespace SimCache.Numerics.Mixture;

/// <summary>Per-thread buffers of the batched E-step (centred rows and their whitened images), reused across batches.</summary>
internal sealed class MixtureScratch(int rows, int dimension)
{
    public readonly double[] Centred = new double[rows * dimension];
    public readonly double[] Whitened = new double[rows * dimension];
}
