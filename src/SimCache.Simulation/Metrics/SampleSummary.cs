namespace SimCache.Simulation.Metrics;

/// <summary>
/// Mean and tail of a per-request quantity (the distance or the approximation cost of approximate hits). Values go
/// into a buffer sized once for the whole replay, so recording allocates nothing; quantiles are exact, computed
/// by sorting at the end with numpy's default (linear interpolation between closest ranks).
/// </summary>
public sealed class SampleSummary
{
    private double[] _values;
    private int _count;
    private double _sum;

    public SampleSummary(int capacity = 1024) => _values = new double[Math.Max(1, capacity)];

    public int Count => _count;

    public double Mean => _count == 0 ? double.NaN : _sum / _count;

    public void Add(double value)
    {
        if (_count == _values.Length) Array.Resize(ref _values, checked(_values.Length * 2)); // only if the size hint was short
        _values[_count++] = value;
        _sum += value;
    }

    public void Clear()
    {
        _count = 0;
        _sum = 0;
    }

    /// <summary>The q-quantile (q in [0, 1]) of the values so far, NaN if none. Sorts the buffer in place.</summary>
    public double Quantile(double q)
    {
        if (!(q >= 0 && q <= 1)) throw new ArgumentOutOfRangeException(nameof(q));
        if (_count == 0) return double.NaN;
        var span = _values.AsSpan(0, _count);
        span.Sort();
        double position = q * (_count - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, _count - 1);
        return span[lower] + (position - lower) * (span[upper] - span[lower]);
    }
}
