namespace SimCache.Simulation.Metrics;

/// <summary>
/// Mean and tail of a per-request quantity (the distance or the approximation cost of approximate hits). Values go
/// into a buffer sized once for the whole replay, so recording allocates nothing; quantiles are computed at the
/// end with numpy's default (linear interpolation between closest ranks), by sorting the buffer. Memory is
/// bounded: past <see cref="DefaultSpillAfter"/> values (16 MiB) the buffer is written to a temporary file
/// whenever it fills (<see cref="SpilledSamples"/>), and quantiles are then selected exactly from file and buffer. Values are kept as
/// float32 — 4 bytes per sample, since a long replay keeps one or two per request —, so quantiles are exact for
/// float32 quantities (distances) and exact to float32 precision (relative 6e-8) for others (costs, waits); the
/// mean is the exact double sum of the values as added. A summary that keeps no values (a window of the time
/// series, which reports only means) just counts and sums.
/// </summary>
public sealed class SampleSummary
{
    /// <summary>Values a summary holds in memory before it spills them to disk.</summary>
    public const int DefaultSpillAfter = 1 << 22;

    private float[] _values;
    private int _held; // values in _values (the rest, _count − _held, are in _spill)
    private SpilledSamples? _spill;
    private readonly int _spillAfter;
    private readonly bool _keep;
    private readonly SampleSummary? _source; // a derived summary's values are _map of _source's
    private readonly Func<double, double>? _map;
    private bool _released;
    private int _count;
    private double _sum;

    /// <param name="capacity">Values expected (the buffer's first size, at most <paramref name="spillAfter"/>).</param>
    /// <param name="keepValues">False for a window's summary, which reports only means.</param>
    /// <param name="spillAfter">Values held in memory at most; more go to a temporary file.</param>
    public SampleSummary(int capacity = 1024, bool keepValues = true, int spillAfter = DefaultSpillAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(spillAfter, 1);
        _keep = keepValues;
        _spillAfter = spillAfter;
        _values = keepValues ? SampleBuffers.Rent(Math.Clamp(capacity, 1, spillAfter)) : []; // written before read: no need to clear
    }

    /// <summary>
    /// A summary of a quantity that is a function of another's values (an approximate hit's cost is
    /// <c>C_a(distance)</c>): it counts and sums what it is given, but keeps no values of its own; its quantiles
    /// are those of <paramref name="map"/> applied to each of <paramref name="source"/>'s values — the very values it
    /// would have kept, since each was computed that way and rounded to float32 the same way. Half the samples to
    /// store in a replay.
    /// </summary>
    public static SampleSummary Derived(SampleSummary source, Func<double, double> map)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(map);
        if (!source._keep || source._source is not null) throw new ArgumentException("the source must keep its own values", nameof(source));
        return new SampleSummary(source, map);
    }

    private SampleSummary(SampleSummary source, Func<double, double> map)
    {
        _keep = true;
        _values = [];
        _source = source;
        _map = map;
    }

    /// <summary>Whether the values are another summary's, mapped (<see cref="Derived"/>): nothing to store.</summary>
    public bool IsDerived => _source is not null;

    /// <summary>Whether some values went to a temporary file.</summary>
    public bool HasSpilled => _spill is not null;

    /// <summary>The temporary file holding spilled values (null if none).</summary>
    internal string? SpillFile => _spill?.FilePath;

    public int Count => _count;

    public double Mean => _count == 0 ? double.NaN : _sum / _count;

    /// <summary>Whether quantiles are available.</summary>
    public bool KeepsValues => _keep;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)] // once or twice per request
    public void Add(double value)
    {
        if (_keep && _source is null) Keep(value);
        _count++;
        _sum += value;
    }

    /// <summary>Writes a value after those held (a bigger buffer or a spill first, if full).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private void Keep(double value)
    {
        var values = _values;
        int at = _held;
        if ((uint)at < (uint)values.Length) values[at] = (float)value;
        else Grow(value);
        _held++;
    }

    /// <summary>Stores a value past the end of a full buffer: a bigger buffer, or the buffer spilled to disk.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void Grow(double value)
    {
        MakeRoom(1);
        _values[_held] = (float)value;
    }

    /// <summary>Room for <paramref name="n"/> more values in the buffer: grown up to the spill size, else spilled first.</summary>
    private void MakeRoom(int n)
    {
        if (!_keep || _source is not null) throw new InvalidOperationException("this summary keeps no values");
        if (_released) throw new InvalidOperationException("this summary's values were released");
        long need = (long)_held + n;
        long room = Math.Min(_values.Length, _spillAfter); // a reused buffer may be longer than the limit: the limit holds
        if (need <= room) return;
        if (need > _spillAfter && _held > 0)
        {
            (_spill ??= new SpilledSamples()).Append(_values.AsSpan(0, _held));
            _held = 0;
            need = n;
            if (need <= room) return;
        }
        Resize((int)Math.Min(Math.Max(need, Math.Min((long)_values.Length * 2, _spillAfter)), Array.MaxLength));
    }

    /// <summary>The sum of the values so far, in the order they were added.</summary>
    public double Sum => _sum;

    /// <summary>
    /// Keeps a value without adding it to <see cref="Sum"/>: for totals whose sum is added in subtotals
    /// (<see cref="AddSum"/>), a window at a time, so that each value is summed once.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal void Store(double value)
    {
        if (_source is null) Keep(value); // a derived summary's values are its source's
        _count++;
    }

    /// <summary>Room for <paramref name="n"/> more values, written in order, then kept with <see cref="Commit"/> (like <see cref="Store"/>).</summary>
    internal Span<float> Reserve(int n)
    {
        MakeRoom(n);
        return _values.AsSpan(_held, n);
    }

    private void Resize(int length)
    {
        var bigger = SampleBuffers.Rent(length);
        _values.AsSpan(0, _held).CopyTo(bigger);
        SampleBuffers.Return(_values);
        _values = bigger;
    }

    /// <summary>
    /// Hands the kept values' buffer on for reuse by a later replay (<see cref="SampleBuffers"/>): call it once
    /// the quantiles have been read. Count, sum and mean stay; quantiles are no longer available.
    /// </summary>
    public void Release()
    {
        if (!_keep || _released || _source is not null) return;
        _released = true;
        var values = _values;
        _values = [];
        _held = 0;
        SampleBuffers.Return(values);
        _spill?.Dispose();
        _spill = null;
    }

    /// <summary>Keeps the first <paramref name="n"/> values written to the span of <see cref="Reserve"/> (not added to <see cref="Sum"/>).</summary>
    internal void Commit(int n)
    {
        if (_source is null) _held = checked(_held + n);
        _count = checked(_count + n);
    }

    /// <summary>Adds a subtotal of values counted elsewhere (see <see cref="Store"/>).</summary>
    internal void AddSum(double subtotal) => _sum += subtotal;

    /// <summary>
    /// For a summary that keeps no values: records <paramref name="n"/> values whose running sum, continued from
    /// <see cref="Sum"/> one value at a time, came to <paramref name="sum"/> (the same bits as adding each).
    /// </summary>
    internal void AddRun(int n, double sum)
    {
        if (_keep) throw new InvalidOperationException("a summary that keeps values needs them: use Reserve and Commit");
        _count += n;
        _sum = sum;
    }

    public void Clear()
    {
        _count = 0;
        _held = 0;
        _sum = 0;
        _spill?.Dispose();
        _spill = null;
    }

    /// <summary>The q-quantile (q in [0, 1]) of the values so far, NaN if none. Sorts the buffer in place.</summary>
    public double Quantile(double q)
    {
        if (!(q >= 0 && q <= 1)) throw new ArgumentOutOfRangeException(nameof(q));
        if (!_keep) throw new InvalidOperationException("this summary keeps no values (a window's): quantiles are not available");
        if (_released) throw new InvalidOperationException("this summary's values were released: read quantiles before Release");
        if (_count == 0) return double.NaN;
        if (_source is not null) return DerivedQuantile(q);
        if (_spill is not null) return Select(this, null, q);
        return Interpolate(_values.AsSpan(0, _count), q);
    }

    /// <summary>numpy's default quantile of <paramref name="values"/>' values (mapped if given), selected exactly from its file and buffer.</summary>
    private static double Select(SampleSummary values, Func<double, double>? map, double q)
    {
        var (lower, upper, fraction) = Ranks(values._count, q);
        Span<float> pair = stackalloc float[2];
        values._spill!.Select(values._values.AsSpan(0, values._held), map, [lower, upper], pair);
        return pair[0] + fraction * ((double)pair[1] - pair[0]);
    }

    private double DerivedQuantile(double q)
    {
        if (_source!._released) throw new InvalidOperationException("the source summary's values were released: read quantiles before Release");
        if (_source._count != _count)
            throw new InvalidOperationException($"a derived summary counts {_count} values but its source holds {_source._count}");
        if (_source._spill is not null) return Select(_source, _map, q);
        var mapped = SampleBuffers.Rent(_count);
        try
        {
            var source = _source._values;
            for (int i = 0; i < _count; i++) mapped[i] = (float)_map!(source[i]);
            return Interpolate(mapped.AsSpan(0, _count), q);
        }
        finally
        {
            SampleBuffers.Return(mapped);
        }
    }

    /// <summary>numpy's default quantile of the values (sorted in place).</summary>
    private static double Interpolate(Span<float> span, double q)
    {
        span.Sort();
        var (lower, upper, fraction) = Ranks(span.Length, q);
        return span[(int)lower] + fraction * ((double)span[(int)upper] - span[(int)lower]);
    }

    /// <summary>numpy's rule: the q-quantile of n sorted values lies between ranks lower and upper, at this fraction.</summary>
    private static (long Lower, long Upper, double Fraction) Ranks(long n, double q)
    {
        double position = q * (n - 1);
        long lower = (long)Math.Floor(position);
        return (lower, Math.Min(lower + 1, n - 1), position - lower);
    }
}
