namespace SimCache.Caching.Policies.Greedy;

/// <summary>
/// A process-wide memo of <see cref="CoverageSets"/>: an experiment sweeps static-greedy over capacities at the
/// same trace and θ, and every point but the first reuses the coverage (the all-pairs pass, ~all of the cost)
/// and continues the shared greedy order. Sweep points run concurrently: the first to ask builds, the others
/// wait for it (one build per key); a failed build is forgotten so the next asker retries (and fails alike).
/// Memory is bounded: after each request, least-recently-used finished entries are dropped until the total
/// estimate is within <see cref="BudgetBytes"/> (callers keep what they hold; a dropped key is rebuilt on
/// demand, with identical results). A memo hit returns the very sets a build would, so results never depend
/// on it.
/// </summary>
internal sealed class CoverageMemo(long budgetBytes)
{
    /// <summary>The memo static-greedy uses: 512 MiB (the default experiment's three θ need ~100 MiB).</summary>
    public static CoverageMemo Shared { get; } = new(512L << 20);

    private readonly object _gate = new();
    private readonly Dictionary<CoverageKey, Entry> _entries = [];
    private long _clock;

    public long BudgetBytes { get; } = budgetBytes;

    /// <summary>Keys held (built or being built).</summary>
    public int Count
    {
        get { lock (_gate) return _entries.Count; }
    }

    /// <summary>How many builds ran (for tests).</summary>
    public int Builds { get; private set; }

    public CoverageSets GetOrBuild(CoverageKey key, Func<CoverageSets> build)
    {
        Lazy<CoverageSets> lazy;
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                entry = new Entry(new Lazy<CoverageSets>(() =>
                {
                    lock (_gate) Builds++;
                    return build();
                }, LazyThreadSafetyMode.ExecutionAndPublication));
                _entries[key] = entry;
            }
            entry.LastUse = ++_clock;
            lazy = entry.Value;
        }
        CoverageSets sets;
        try
        {
            sets = lazy.Value;
        }
        catch
        {
            lock (_gate)
                if (_entries.TryGetValue(key, out var current) && current.Value == lazy) _entries.Remove(key);
            throw;
        }
        lock (_gate) Trim();
        return sets;
    }

    public void Clear()
    {
        lock (_gate) _entries.Clear();
    }

    private void Trim()
    {
        while (true)
        {
            long total = 0;
            CoverageKey? oldest = null;
            long oldestUse = long.MaxValue;
            foreach (var (k, e) in _entries)
            {
                if (!e.Value.IsValueCreated) continue;
                total += e.Value.Value.Bytes;
                if (e.LastUse < oldestUse)
                {
                    oldestUse = e.LastUse;
                    oldest = k;
                }
            }
            if (total <= BudgetBytes || oldest is null) return;
            _entries.Remove(oldest.Value);
        }
    }

    private sealed class Entry(Lazy<CoverageSets> value)
    {
        public Lazy<CoverageSets> Value { get; } = value;

        public long LastUse { get; set; }
    }
}
