using System.Runtime.CompilerServices;

namespace SimCache.Caching.Keys;

/// <summary>
/// User id → slot, for a cache keyed by user. Trace users are small dense indexes (0 .. users − 1), so they are
/// looked up in a flat array — one load, where a hash map costs a hash, a bucket and an entry, and lru does
/// nothing else per request. The array grows by doubling as larger ids appear (a handful of allocations over a
/// whole replay, none per request) up to <see cref="DenseLimit"/> ids; any id outside [0, DenseLimit) goes to a
/// dictionary, so no id is refused and none costs more memory than its entry.
/// </summary>
public sealed class UserSlots
{
    /// <summary>Ids below this use the array (4 bytes per id up to the largest seen: 64 MiB at most).</summary>
    public const int DenseLimit = 1 << 24;

    private int[] _dense; // slot + 1; 0 = absent
    private readonly Dictionary<int, int> _sparse = [];

    public UserSlots(int initialUsers = 1024) => _dense = new int[Math.Clamp(initialUsers, 16, DenseLimit)];

    /// <summary>Users mapped now.</summary>
    public int Count { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGet(int user, out int slot)
    {
        var dense = _dense;
        if ((uint)user < (uint)dense.Length)
        {
            slot = dense[user] - 1;
            return slot >= 0;
        }
        if ((uint)user < DenseLimit)
        {
            slot = -1;
            return false;
        }
        return _sparse.TryGetValue(user, out slot);
    }

    /// <summary>Maps <paramref name="user"/> to <paramref name="slot"/> (≥ 0), replacing any earlier slot.</summary>
    public void Set(int user, int slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        if ((uint)user < DenseLimit)
        {
            if (user >= _dense.Length) Grow(user);
            if (_dense[user] == 0) Count++;
            _dense[user] = slot + 1;
            return;
        }
        if (_sparse.TryAdd(user, slot)) Count++;
        else _sparse[user] = slot;
    }

    /// <summary>Unmaps <paramref name="user"/> if it maps to <paramref name="slot"/>; returns whether it did.</summary>
    public bool RemoveIf(int user, int slot)
    {
        if ((uint)user < DenseLimit)
        {
            if (user >= _dense.Length || _dense[user] != slot + 1) return false;
            _dense[user] = 0;
            Count--;
            return true;
        }
        if (!_sparse.TryGetValue(user, out int held) || held != slot) return false;
        _sparse.Remove(user);
        Count--;
        return true;
    }

    private void Grow(int user)
    {
        long size = _dense.Length;
        while (size <= user) size *= 2;
        Array.Resize(ref _dense, (int)Math.Min(size, DenseLimit));
    }
}
