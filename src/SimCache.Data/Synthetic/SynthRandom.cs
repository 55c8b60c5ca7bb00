using System.Numerics;
using System.Runtime.CompilerServices;

namespace SimCache.Data.Synthetic;

/// <summary>
/// A xoshiro256** generator seeded through SplitMix64. The generator owns its PRNG so that a synthetic data set
/// is a pure function of its options: System.Random's algorithm is an implementation detail of .NET that may change
/// between runtime versions, and a per-user stream (seed, user index) makes the output independent of threading.
/// </summary>
internal struct SynthRandom
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>A stream for the given seed, stream kind and index (e.g. user index); distinct triples give independent-looking streams.</summary>
    public SynthRandom(long seed, ulong stream, ulong index)
    {
        ulong sm = (ulong)seed;
        // Fold the stream and index into the SplitMix64 state through the mixer so that neighbouring indices diverge fully.
        sm = Mix(sm ^ Mix(stream + 0x9E3779B97F4A7C15UL));
        sm = Mix(sm ^ Mix(index + 0xD1B54A32D192ED03UL));
        _s0 = SplitMix(ref sm);
        _s1 = SplitMix(ref sm);
        _s2 = SplitMix(ref sm);
        _s3 = SplitMix(ref sm);
        if ((_s0 | _s1 | _s2 | _s3) == 0) _s0 = 1;
    }

    private static ulong SplitMix(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        return Mix(state);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in (0, 1], safe for logarithms.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDoubleNonZero() => ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n) (Lemire's multiply-shift; the tiny bias is irrelevant here and deterministic).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int NextInt(int n) => (int)(((NextUInt64() >> 32) * (ulong)n) >> 32);

    /// <summary>Standard normal via Box–Muller (one value per call, so the stream never depends on hidden state).</summary>
    public double NextGaussian()
    {
        double u1 = NextDoubleNonZero();
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Exponential with the given mean.</summary>
    public double NextExponential(double mean) => -Math.Log(NextDoubleNonZero()) * mean;
}
