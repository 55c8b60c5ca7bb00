namespace SimCache.Caching.Policies.Gmm;

/// <summary>
/// The most recent requests' vectors in a preallocated ring, so that gmm-placement can fit a mixture to "a window
/// of recent requests" (docs/METHODS.md §3.2) while recording a request costs one copy and no allocation.
/// </summary>
public sealed class RequestWindow
{
    private readonly float[] _rows;
    private int _next;

    public RequestWindow(int size, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        Size = size;
        Dimension = dimension;
        _rows = new float[checked(size * dimension)];
    }

    /// <summary>The most requests kept.</summary>
    public int Size { get; }

    public int Dimension { get; }

    /// <summary>Requests held (at most <see cref="Size"/>).</summary>
    public int Count { get; private set; }

    /// <summary>Records a request, dropping the oldest when full.</summary>
    public void Add(ReadOnlySpan<float> vector)
    {
        if (vector.Length != Dimension) throw new ArgumentException($"vector has {vector.Length} floats, expected {Dimension}", nameof(vector));
        vector.CopyTo(_rows.AsSpan(_next * Dimension, Dimension));
        _next = _next + 1 == Size ? 0 : _next + 1;
        if (Count < Size) Count++;
    }

    /// <summary>The held requests oldest first, as float64 rows (Count × Dimension): what a mixture fit takes.</summary>
    public double[] ToRows()
    {
        int d = Dimension;
        var result = new double[(long)Count * d];
        int first = Count < Size ? 0 : _next;
        for (int i = 0; i < Count; i++)
        {
            var src = _rows.AsSpan((first + i) % Size * d, d);
            var dst = result.AsSpan(i * d, d);
            for (int l = 0; l < d; l++) dst[l] = src[l];
        }
        return result;
    }
}
