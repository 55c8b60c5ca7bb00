using SimCache.Data.Arrow;
using SimCache.Data.Dataset;
using SimCache.Data.IO;

namespace SimCache.Training.Tracing;

/// <summary>
/// Every user's positives in time order (ties by item index), gathered from all five parts of a prepared data set,
/// so a held-out user's history is whole again (fold-in and test items together) for re-embedding over time.
/// Items outside the training item set were already dropped by the protocol; a repeated (user, item) keeps its
/// earliest time.
/// </summary>
/// <remarks>
/// Two passes over the splits with flat arrays: the first counts each user's positives, the second places those of
/// the users asked for (all, or a trace's sample chosen from the counts), so a sample of 3,000 users does not
/// gather and sort the whole data set's 10M positives. A user's positives are sorted only if not in (time, item)
/// order already (by time as a primitive key, then runs of equal times by item), and a repeated item is found with
/// one stamp per item (the last user it was seen for).
/// </remarks>
internal sealed class UserHistories
{
    private static readonly string[] Parts = ["train", "validation_tr", "validation_te", "test_tr", "test_te"];
    private readonly int[] _offsets; // a loaded user's distinct positives: [_offsets[u], _offsets[u] + _counts[u])
    private readonly int[] _counts;  // −1 for a user not loaded
    private readonly int[] _items;
    private readonly long[] _times;

    private UserHistories(int[] offsets, int[] counts, int[] items, long[] times, int[] loaded)
    {
        _offsets = offsets;
        _counts = counts;
        _items = items;
        _times = times;
        Loaded = loaded;
    }

    public int Users => _counts.Length;

    /// <summary>The users loaded, ascending.</summary>
    public int[] Loaded { get; }

    /// <summary>The user's distinct positives; the user must be loaded.</summary>
    public int Count(int user) => _counts[user] >= 0 ? _counts[user] : throw new InvalidOperationException($"user {user}'s history is not loaded");

    /// <summary>The user's items, earliest first.</summary>
    public ReadOnlySpan<int> Items(int user) => _items.AsSpan(_offsets[user], Count(user));

    /// <summary>The times of <see cref="Items"/>, non-decreasing.</summary>
    public ReadOnlySpan<long> Times(int user) => _times.AsSpan(_offsets[user], Count(user));

    /// <summary>
    /// The histories of the users <paramref name="choose"/> picks (ascending, distinct) from those with at least one
    /// positive (ascending); without it, every user's.
    /// </summary>
    public static UserHistories Load(string datasetDir, DatasetManifest manifest, Func<int[], int[]>? choose = null)
    {
        int users = manifest.UserIds.Count, items = manifest.ItemIds.Count;
        var paths = Parts.Select(part => Path.Combine(datasetDir, part + ".arrow")).ToArray();
        for (int p = 0; p < paths.Length; p++)
            if (!File.Exists(paths[p])) throw new DataFormatException(paths[p], $"split '{Parts[p]}' not found in the data set folder");

        var positives = new int[users];
        foreach (var path in paths)
        {
            using var reader = InteractionFileReader.Open(path);
            foreach (var batch in reader.ReadBatches())
            {
                var u = batch.Users;
                var it = batch.Items;
                for (int i = 0; i < u.Length; i++)
                {
                    if ((uint)u[i] >= (uint)users) throw new DataFormatException(path, $"user index {u[i]} is outside [0, {users})", batch.FirstRow + i);
                    if ((uint)it[i] >= (uint)items) throw new DataFormatException(path, $"item index {it[i]} is outside [0, {items})", batch.FirstRow + i);
                    positives[u[i]]++;
                }
            }
        }
        var withPositives = Enumerable.Range(0, users).Where(u => positives[u] > 0).ToArray();
        var loaded = choose is null ? Enumerable.Range(0, users).ToArray() : choose(withPositives);
        var counts = new int[users];
        Array.Fill(counts, -1);
        var offsets = new int[users];
        int total = 0;
        for (int i = 0; i < loaded.Length; i++)
        {
            int u = loaded[i];
            if ((uint)u >= (uint)users || (i > 0 && u <= loaded[i - 1])) throw new ArgumentException("the users to load must be ascending, distinct and in range", nameof(choose));
            offsets[u] = total;
            counts[u] = 0;
            total += positives[u];
        }

        var times = new long[total];
        var itemsOf = new int[total];
        foreach (var path in paths)
        {
            using var reader = InteractionFileReader.Open(path);
            foreach (var batch in reader.ReadBatches())
            {
                var u = batch.Users;
                var it = batch.Items;
                var t = batch.Timestamps;
                for (int i = 0; i < u.Length; i++)
                {
                    if ((uint)u[i] >= (uint)users || (uint)it[i] >= (uint)items) // vetted in the first pass, so the file changed since
                        throw new DataFormatException(path, "the file changed while it was read", batch.FirstRow + i);
                    int user = u[i];
                    if (counts[user] < 0) continue; // not loaded
                    if (counts[user] >= positives[user]) throw new DataFormatException(path, "the file changed while it was read", batch.FirstRow + i);
                    int at = offsets[user] + counts[user]++;
                    times[at] = t[i];
                    itemsOf[at] = it[i];
                }
            }
        }
        foreach (int u in loaded)
            if (counts[u] != positives[u]) throw new DataFormatException(datasetDir, $"user {u}'s positives changed while the splits were read");

        var seenBy = new int[items];
        Array.Fill(seenBy, -1);
        foreach (int u in loaded)
            counts[u] = Order(u, times.AsSpan(offsets[u], positives[u]), itemsOf.AsSpan(offsets[u], positives[u]), seenBy);
        return new UserHistories(offsets, counts, itemsOf, times, loaded);
    }

    /// <summary>Puts one user's positives in (time, item) order and drops repeated items (keeping the earliest) in place; returns how many remain.</summary>
    private static int Order(int user, Span<long> times, Span<int> items, int[] seenBy)
    {
        int n = times.Length;
        if (!InOrder(times, items))
        {
            times.Sort(items); // by time, then each run of equal times by item
            for (int i = 0, j; i < n; i = j)
            {
                for (j = i + 1; j < n && times[j] == times[i]; j++) { }
                if (j - i > 1) items[i..j].Sort();
            }
        }
        int write = 0;
        for (int i = 0; i < n; i++) // write never passes the read position
        {
            int item = items[i];
            if (seenBy[item] == user) continue; // a repeat keeps its earliest time
            seenBy[item] = user;
            items[write] = item;
            times[write] = times[i];
            write++;
        }
        return write;
    }

    /// <summary>True if the positives are in (time, item) order already.</summary>
    private static bool InOrder(ReadOnlySpan<long> times, ReadOnlySpan<int> items)
    {
        for (int i = 1; i < times.Length; i++)
            if (times[i] < times[i - 1] || (times[i] == times[i - 1] && items[i] < items[i - 1])) return false;
        return true;
    }
}
