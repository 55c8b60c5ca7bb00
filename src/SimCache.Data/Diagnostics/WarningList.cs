namespace SimCache.Data.Diagnostics;

/// <summary>
/// The warnings of one piece of work (a replay, a sweep point): results that are numbers but may not mean what
/// they seem — no hit at all, a placement policy that never placed a key, a default clipped to a short trace.
/// Any component given the list may add to it; the command that owns it prints every entry on the console and
/// writes them into its output (summary.json's <c>warnings</c>), so a degenerate result is never silent.
/// Thread-safe; a message added twice is kept once, in the order first added.
/// </summary>
public sealed class WarningList
{
    private readonly List<string> _items = [];
    private readonly object _gate = new();

    /// <summary>Adds a warning, a full sentence in the user's terms (what happened, why, what to change).</summary>
    public void Add(string message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        lock (_gate)
            if (!_items.Contains(message)) _items.Add(message);
    }

    /// <summary>Adds each of <paramref name="messages"/>.</summary>
    public void AddRange(IEnumerable<string> messages)
    {
        foreach (var m in messages) Add(m);
    }

    public int Count
    {
        get { lock (_gate) return _items.Count; }
    }

    /// <summary>The warnings so far, in the order added.</summary>
    public IReadOnlyList<string> ToList()
    {
        lock (_gate) return _items.ToArray();
    }
}
