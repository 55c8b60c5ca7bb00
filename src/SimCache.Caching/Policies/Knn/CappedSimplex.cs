namespace SimCache.Caching.Policies.Knn;

/// <summary>
/// The fractional cache state of AÇAI: y ∈ [0, 1]^N with Σ y = h, updated by online mirror ascent with the
/// negative-entropy mirror map. A step multiplies the weights of a few items by exp(η·g) and projects back onto
/// the capped simplex; under the KL divergence that projection is y_i = min(1, c·w_i) with the scale c chosen
/// so that Σ y = h. It is kept lazily: c = (h − m)/U with m the capped items and U the sum of uncapped weights,
/// and two indexed heaps (largest uncapped, smallest capped) move items across the cap until every uncapped
/// item has c·w &lt; 1 and every capped one c·w ≥ 1. Each move strictly raises c, so this terminates, and the
/// fixed point satisfies the projection's optimality conditions. A step costs O(changed · log N), not O(N).
/// </summary>
internal sealed class CappedSimplex
{
    private readonly double[] _w;
    private readonly bool[] _capped;
    private readonly IndexedHeap _uncapped;   // max-heap of uncapped weights
    private readonly IndexedHeap _cappedMin;  // min-heap of capped weights
    private readonly int _h;
    private double _c, _u;
    private int _m;

    public CappedSimplex(int items, int capacity)
    {
        if (capacity < 1 || capacity > items) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, $"capacity must be in [1, {items}]");
        N = items;
        _h = capacity;
        _w = new double[items];
        Array.Fill(_w, 1.0);
        _capped = new bool[items];
        _uncapped = new IndexedHeap(_w, max: true);
        _cappedMin = new IndexedHeap(_w, max: false);
        for (int i = 0; i < items; i++) _uncapped.Push(i);
        _u = items;
        Rebalance();
    }

    public int N { get; }

    /// <summary>y_i.</summary>
    public double this[int i] => _capped[i] ? 1.0 : _c * _w[i];

    /// <summary>Multiplies item weights (factors ≥ 1 for a gain step) and re-projects.</summary>
    public void Scale(ReadOnlySpan<int> items, ReadOnlySpan<double> factors)
    {
        for (int j = 0; j < items.Length; j++)
        {
            int i = items[j];
            if (factors[j] == 1) continue;
            if (!(factors[j] > 0) || !double.IsFinite(factors[j])) throw new ArgumentOutOfRangeException(nameof(factors), factors[j], "factors must be positive and finite");
            if (_capped[i])
            {
                _cappedMin.Remove(i);
                _capped[i] = false;
                _m--;
            }
            else
            {
                _uncapped.Remove(i);
                _u -= _w[i];
            }
            _w[i] *= factors[j];
            _uncapped.Push(i);
            _u += _w[i];
        }
        Rebalance();
    }

    private void Rebalance()
    {
        while (true)
        {
            _c = _m == _h ? 0 : (_h - _m) / _u;
            if (_uncapped.Count > 0 && _c * _w[_uncapped.Top] >= 1)
            {
                int i = _uncapped.Top;
                _uncapped.Remove(i);
                _u -= _w[i];
                _capped[i] = true;
                _cappedMin.Push(i);
                _m++;
                continue;
            }
            if (_cappedMin.Count > 0 && _c * _w[_cappedMin.Top] < 1 && _m > 0 && _uncapped.Count > 0)
            {
                int i = _cappedMin.Top;
                _cappedMin.Remove(i);
                _capped[i] = false;
                _uncapped.Push(i);
                _u += _w[i];
                _m--;
                continue;
            }
            break;
        }
        if (_u < 1e-200 || _u > 1e200) Renormalise();
    }

    /// <summary>Rescales all weights by c (order, hence both heaps, unchanged) so they stay in floating-point range.</summary>
    private void Renormalise()
    {
        if (_c == 0) return;
        double c = _c;
        _u = 0;
        for (int i = 0; i < N; i++)
        {
            _w[i] *= c;
            if (!_capped[i]) _u += _w[i];
        }
        _c = _m == _h ? 0 : (_h - _m) / _u;
    }
}
