namespace SimCache.Caching.Policies.Knn;

/// <summary>
/// The fractional cache state of AÇAI: y ∈ [0, 1]^N with Σ y = h, updated by online mirror ascent with the
/// negative-entropy mirror map: z = y ⊙ exp(η·g), then y ← the KL projection of z onto the capped simplex,
/// which is y_i = min(1, c'·z_i) with c' chosen so that Σ y = h.
/// <para>
/// Kept lazily with one global scale: an uncapped item has y_i = c·w_i, a capped one y_i = 1 (its weight is
/// pinned at 1/c, so it holds no excess: mirror ascent steps from the projected point, not from the raw weights).
/// A step multiplies a few weights, returns the capped items to the pool at their pinned weight, and
/// water-fills from the top: with m capped items and U the sum of the other weights, c = (h − m)/U, and the
/// largest weight is capped while c·w ≥ 1 (each cap raises c). An indexed max-heap finds the largest weight, so a
/// step costs O((changed + capped)·log N), not O(N). Only candidates change and the capped set can only
/// contain items that just grew, so both stay small. Every 4096 steps (or when U leaves [1e-150, 1e150]) all
/// weights are rescaled so that U = h and U is recomputed from scratch, so neither rounding nor range can drift;
/// U is also recomputed when capping a weight that dominated it.
/// </para>
/// </summary>
internal sealed class CappedSimplex
{
    private readonly double[] _w;
    private readonly bool[] _capped;
    private readonly int[] _cappedList;
    private readonly IndexedHeap _uncapped; // max-heap of the uncapped weights
    private readonly int _h;
    private int _m;
    private double _c, _u;
    private long _steps;

    public CappedSimplex(int items, int capacity)
    {
        if (capacity < 1 || capacity >= items) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, $"capacity must be in [1, {items})");
        N = items;
        _h = capacity;
        _w = new double[items];
        Array.Fill(_w, 1.0);
        _capped = new bool[items];
        _cappedList = new int[capacity];
        _uncapped = new IndexedHeap(_w, max: true);
        for (int i = 0; i < items; i++) _uncapped.Push(i);
        _u = items;
        Project();
    }

    public int N { get; }

    /// <summary>y_i.</summary>
    public double this[int i] => _capped[i] ? 1.0 : Math.Min(1.0, _c * _w[i]);

    /// <summary>One mirror-ascent step: y_i ← y_i·factor_i for the given (distinct) items, then the projection.</summary>
    public void Scale(ReadOnlySpan<int> items, ReadOnlySpan<double> factors)
    {
        // Capped items re-enter the pool at weight 1/c (y = 1 exactly).
        double pin = 1 / _c;
        for (int j = 0; j < _m; j++)
        {
            int i = _cappedList[j];
            _capped[i] = false;
            _w[i] = pin;
            _uncapped.Push(i);
            _u += pin;
        }
        _m = 0;
        for (int j = 0; j < items.Length; j++)
        {
            double f = factors[j];
            if (f == 1) continue;
            if (!(f > 0) || !double.IsFinite(f)) throw new ArgumentOutOfRangeException(nameof(factors), f, "factors must be positive and finite");
            int i = items[j];
            _uncapped.Remove(i);
            _u -= _w[i];
            _w[i] *= f;
            _uncapped.Push(i);
            _u += _w[i];
        }
        if (++_steps % 4096 == 0 || !(_u > 1e-150 && _u < 1e150)) Renormalise();
        Project();
    }

    /// <summary>Water-filling from the top: cap the largest weight while it would exceed 1.</summary>
    private void Project()
    {
        while (true)
        {
            _c = (_h - _m) / _u;
            // With h − 1 items capped the largest of the rest has c·w = w/U ≤ 1 exactly; rounding may say
            // otherwise when the rest weigh next to nothing, so capping stops there.
            if (_m >= _h - 1) return;
            int top = _uncapped.Top;
            if (_c * _w[top] < 1) return;
            _uncapped.Remove(top);
            double before = _u;
            _u -= _w[top];
            if (_u < before * 1e-6) _u = ExactU(); // the largest weight dominated: its subtraction cancelled
            _capped[top] = true;
            _cappedList[_m++] = top;
        }
    }

    private double ExactU()
    {
        double u = 0;
        for (int i = 0; i < N; i++) if (!_capped[i]) u += _w[i];
        return u;
    }

    /// <summary>
    /// Rescales every weight so that U = h (all items are uncapped at this point of a step; a common factor
    /// keeps the heap's order) and recomputes U exactly, so neither rounding nor range can drift.
    /// </summary>
    private void Renormalise()
    {
        double u = ExactU();
        double f = _h / u;
        for (int i = 0; i < N; i++) _w[i] *= f;
        _u = ExactU();
    }
}
