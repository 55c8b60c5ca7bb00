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
/// Loading places every positive under its user (two passes over the splits, count then place, flat arrays); a
/// user's positives are put in order and cleared of repeats only when <see cref="Order"/> asks for the user, so a
/// trace of a sample of users does not sort the whole data set's 10M positives. A user's positives are sorted only
/// if not in (time, item) order already (by time as a primitive key, then runs of equal times by item), and a
/// repeated item is found with one stamp per item (the last user it was seen for).
/// </remarks>
internal sealed class UserHistories
{
    private static readonly string[] Parts = ["train", "validation_tr", "validation_te", "test_tr", "test_te"];
    private readonly int[] _offsets; // the user's positives as loaded: [_offsets[u], _offsets[u + 1])
    private readonly int[] _counts;  // after ordering: the distinct ones, from _offsets[u]; −1 before
    private readonly int[] _items;
    private readonly long[] _times;
    private readonly int[] _seenBy;  // per item: the last user ordered that has it

    private UserHistories(int[] offsets, int[] items, long[] times, int itemCount)
    {
        _offsets = offsets;
        _items = items;
        _times = times;
        _counts = new int[offsets.Length - 1];
        Array.Fill(_counts, -1);
        _seenBy = new int[itemCount];
        Array.Fill(_seenBy, -1);
    }

    public int Users => _offsets.Length - 1;

    /// <summary>True if the user has at least one positive (ordered or not).</summary>
    public bool HasPositives(int user) => _offsets[user + 1] > _offsets[user];

    /// <summary>The user's distinct positives; the user must be ordered (<see cref="Order"/>).</summary>
    public int Count(int user) => _counts[user] >= 0 ? _counts[user] : throw new InvalidOperationException($"user {user}'s history is not ordered yet");

    /// <summary>The user's items, earliest first.</summary>
    public ReadOnlySpan<int> Items(int user) => _items.AsSpan(_offsets[user], Count(user));

    /// <summary>The times of <see cref="Items"/>, non-decreasing.</summary>
    public ReadOnlySpan<long> Times(int user) => _times.AsSpan(_offsets[user], Count(user));

    /// <summary>Puts the histories of <paramref name="users"/> in (time, item) order and drops repeated items (keeping the earliest); users already ordered are left as they are.</summary>
    public void Order(ReadOnlySpan<int> users)
    {
        foreach (int u in users)
        {
            if (_counts[u] >= 0) continue;
            int from = _offsets[u], n = _offsets[u + 1] - from;
            var times = _times.AsSpan(from, n);
            var items = _items.AsSpan(from, n);
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
            for (int i = 0; i < n; i++) // in place: write never passes the read position
            {
                int item = items[i];
                if (_seenBy[item] == u) continue; // a repeat keeps its earliest time
                _seenBy[item] = u;
                items[write] = item;
                times[write] = times[i];
                write++;
            }
            _counts[u] = write;
        }
    }

    /// <summary>Every user's history, each ordered.</summary>
    public static UserHistories Load(string datasetDir, DatasetManifest manifest)
    {
        var histories = LoadUnordered(datasetDir, manifest);
        histories.Order(Enumerable.Range(0, histories.Users).ToArray());
        return histories;
    }

    /// <summary>Every user's positives, to be ordered per user with <see cref="Order"/> before they are read.</summary>
    public static UserHistories LoadUnordered(string datasetDir, DatasetManifest manifest)
    {
        int users = manifest.UserIds.Count, items = manifest.ItemIds.Count;
        var paths = Parts.Select(part => Path.Combine(datasetDir, part + ".arrow")).ToArray();
        for (int p = 0; p < paths.Length; p++)
            if (!File.Exists(paths[p])) throw new DataFormatException(paths[p], $"split '{Parts[p]}' not found in the data set folder");

        var offsets = new int[users + 1];
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
                    offsets[u[i] + 1]++;
                }
            }
        }
        for (int u = 0; u < users; u++) offsets[u + 1] += offsets[u];
        var times = new long[offsets[users]];
        var itemsOf = new int[offsets[users]];
        var next = offsets.AsSpan(0, users).ToArray();
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
                    // vetted in the first pass; a file changed in between is caught here
                    if ((uint)u[i] >= (uint)users || (uint)it[i] >= (uint)items || next[u[i]] >= offsets[u[i] + 1])
                        throw new DataFormatException(path, "the file changed while it was read", batch.FirstRow + i);
                    int at = next[u[i]]++;
                    times[at] = t[i];
                    itemsOf[at] = it[i];
                }
            }
        }
        return new UserHistories(offsets, itemsOf, times, items);
    }

    /// <summary>True if the positives are in (time, item) order already.</summary>
    private static bool InOrder(ReadOnlySpan<long> times, ReadOnlySpan<int> items)
    {
        for (int i = 1; i < times.Length; i++)
            if (times[i] < times[i - 1] || (times[i] == times[i - 1] && items[i] < items[i - 1])) return false;
        return true;
    }
}
