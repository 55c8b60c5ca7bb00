namespace SimCache.Data.Protocol;

/// <summary>
/// A bit-exact port of the parts of numpy's legacy <c>np.random.RandomState</c> (MT19937) that Liang et al.'s
/// preprocessing uses: <c>seed(int)</c>, <c>permutation(n)</c> and <c>choice(n, k, replace=False)</c>.
/// </summary>
/// <remarks>
/// Why bit-exact: with it, <c>data prepare</c> with seed 98765 reproduces the published VAE-CF split (the same
/// users held out, the same fold-in items), so results can be compared one to one with the official code.
/// Seeding follows numpy's <c>mt19937_seed</c> (Knuth's init_genrand); draws follow <c>random_interval</c>
/// (masked rejection sampling on 32-bit outputs); <c>permutation</c> is numpy's in-place Fisher–Yates from
/// the last index down; legacy <c>choice</c> without replacement takes the first k of a permutation.
/// </remarks>
public sealed class NumpyRandomState
{
    private const int N = 624;
    private const int M = 397;
    private readonly uint[] _mt = new uint[N];
    private int _pos;

    public NumpyRandomState(uint seed) => Seed(seed);

    /// <summary>Equivalent of <c>np.random.seed(seed)</c> for an integer seed.</summary>
    public void Seed(uint seed)
    {
        for (int i = 0; i < N; i++)
        {
            _mt[i] = seed;
            seed = unchecked(1812433253u * (seed ^ (seed >> 30)) + (uint)i + 1u);
        }
        _pos = N;
    }

    /// <summary>Writes the generator's full state (numpy's <c>get_state()</c>: the 624-word key and the position),
    /// so an interrupted training run continues with the very same shuffles.</summary>
    public void WriteState(BinaryWriter writer)
    {
        foreach (uint word in _mt) writer.Write(word);
        writer.Write(_pos);
    }

    /// <summary>Restores a state written by <see cref="WriteState"/>.</summary>
    public void ReadState(BinaryReader reader)
    {
        for (int i = 0; i < N; i++) _mt[i] = reader.ReadUInt32();
        int pos = reader.ReadInt32();
        if (pos < 0 || pos > N) throw new InvalidDataException($"MT19937 position {pos} is outside [0, {N}]");
        _pos = pos;
    }

    /// <summary>The next raw 32-bit output of MT19937.</summary>
    public uint NextUInt32()
    {
        if (_pos >= N) Generate();
        uint y = _mt[_pos++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    private void Generate()
    {
        const uint upper = 0x80000000u, lower = 0x7fffffffu, matrixA = 0x9908b0dfu;
        int k;
        uint y;
        for (k = 0; k < N - M; k++)
        {
            y = (_mt[k] & upper) | (_mt[k + 1] & lower);
            _mt[k] = _mt[k + M] ^ (y >> 1) ^ ((y & 1u) * matrixA);
        }
        for (; k < N - 1; k++)
        {
            y = (_mt[k] & upper) | (_mt[k + 1] & lower);
            _mt[k] = _mt[k + (M - N)] ^ (y >> 1) ^ ((y & 1u) * matrixA);
        }
        y = (_mt[N - 1] & upper) | (_mt[0] & lower);
        _mt[N - 1] = _mt[M - 1] ^ (y >> 1) ^ ((y & 1u) * matrixA);
        _pos = 0;
    }

    /// <summary>A uniform integer in [0, max], as numpy's <c>random_interval</c> draws it.</summary>
    public long Interval(long max)
    {
        if (max == 0) return 0;
        if (max < 0 || max > uint.MaxValue) throw new ArgumentOutOfRangeException(nameof(max), "intervals beyond 2^32 are not needed by the protocol");
        uint mask = (uint)max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        uint value;
        while ((value = NextUInt32() & mask) > max) { }
        return value;
    }

    /// <summary>Equivalent of <c>np.random.permutation(n)</c>.</summary>
    public int[] Permutation(int n)
    {
        var a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        Shuffle(a);
        return a;
    }

    /// <summary>Equivalent of <c>np.random.shuffle</c> on a one-dimensional array.</summary>
    public void Shuffle(Span<int> a)
    {
        for (int i = a.Length - 1; i >= 1; i--)
        {
            int j = (int)Interval(i);
            (a[i], a[j]) = (a[j], a[i]);
        }
    }

    /// <summary>Equivalent of legacy <c>np.random.choice(n, size=k, replace=False)</c>: the first k of a permutation.</summary>
    public int[] ChooseWithoutReplacement(int n, int k)
    {
        if (k < 0 || k > n) throw new ArgumentOutOfRangeException(nameof(k));
        return Permutation(n)[..k];
    }
}
