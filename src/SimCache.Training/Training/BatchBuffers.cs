namespace SimCache.Training.Training;

/// <summary>
/// Dense batch input arrays reused across batches, one per batch size (a full batch and the last, shorter
/// one), so an epoch does not allocate a fresh multi-megabyte array per batch; fewer large allocations also
/// mean fewer garbage collections while native code runs.
/// </summary>
internal sealed class BatchBuffers(int columns)
{
    private readonly Dictionary<int, float[]> _bySize = new();

    /// <summary>A rows × columns array (contents unspecified; FillDense clears it).</summary>
    public float[] For(int rows)
    {
        if (!_bySize.TryGetValue(rows, out var buffer)) _bySize[rows] = buffer = new float[rows * columns];
        return buffer;
    }
}
