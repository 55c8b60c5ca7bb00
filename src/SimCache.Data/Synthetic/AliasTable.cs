using System.Runtime.CompilerServices;

namespace SimCache.Data.Synthetic;

/// <summary>
/// Walker/Vose alias table: O(1) draws from a fixed discrete distribution. Every rating in a synthetic log is an
/// item draw, so at ML-20M scale (20M draws, many of them rejected as already seen) a binary search would dominate.
/// </summary>
internal sealed class AliasTable
{
    private readonly double[] _prob;
    private readonly int[] _alias;

    /// <summary>Builds the table for non-negative weights with a positive sum (deterministic for given weights).</summary>
    public AliasTable(ReadOnlySpan<double> weights)
    {
        int n = weights.Length;
        if (n == 0) throw new ArgumentException("At least one weight is required.", nameof(weights));
        double sum = 0;
        foreach (var w in weights)
        {
            if (!(w >= 0) || double.IsInfinity(w)) throw new ArgumentException("Weights must be finite and non-negative.", nameof(weights));
            sum += w;
        }
        if (!(sum > 0)) throw new ArgumentException("Weights must have a positive sum.", nameof(weights));

        _prob = new double[n];
        _alias = new int[n];
        var scaled = new double[n];
        var small = new int[n];
        var large = new int[n];
        int ns = 0, nl = 0;
        for (int i = 0; i < n; i++)
        {
            scaled[i] = weights[i] * n / sum;
            if (scaled[i] < 1.0) small[ns++] = i; else large[nl++] = i;
        }
        while (ns > 0 && nl > 0)
        {
            int s = small[--ns];
            int l = large[--nl];
            _prob[s] = scaled[s];
            _alias[s] = l;
            scaled[l] = scaled[l] + scaled[s] - 1.0;
            if (scaled[l] < 1.0) small[ns++] = l; else large[nl++] = l;
        }
        while (nl > 0) { int l = large[--nl]; _prob[l] = 1.0; _alias[l] = l; }
        while (ns > 0) { int s = small[--ns]; _prob[s] = 1.0; _alias[s] = s; }
    }

    public int Count => _prob.Length;

    /// <summary>Draws an index with probability proportional to its weight.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Sample(ref SynthRandom rng)
    {
        ulong x = rng.NextUInt64();
        int i = (int)(((x >> 32) * (ulong)_prob.Length) >> 32);
        double u = (x & 0xFFFFFFFFUL) * (1.0 / 4294967296.0);
        return u < _prob[i] ? i : _alias[i];
    }
}
