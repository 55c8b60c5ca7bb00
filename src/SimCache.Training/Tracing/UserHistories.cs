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
internal sealed class UserHistories
{
    private static readonly string[] Parts = ["train", "validation_tr", "validation_te", "test_tr", "test_te"];
    private readonly int[] _offsets;
    private readonly int[] _items;
    private readonly long[] _times;

    private UserHistories(int[] offsets, int[] items, long[] times)
    {
        _offsets = offsets;
        _items = items;
        _times = times;
    }

    public int Users => _offsets.Length - 1;

    public int Count(int user) => _offsets[user + 1] - _offsets[user];

    /// <summary>The user's items, earliest first.</summary>
    public ReadOnlySpan<int> Items(int user) => _items.AsSpan(_offsets[user], Count(user));

    /// <summary>The times of <see cref="Items"/>, non-decreasing.</summary>
    public ReadOnlySpan<long> Times(int user) => _times.AsSpan(_offsets[user], Count(user));

    public static UserHistories Load(string datasetDir, DatasetManifest manifest)
    {
        int users = manifest.UserIds.Count, items = manifest.ItemIds.Count;
        var rows = new List<(int User, int Item, long Time)[]>();
        var counts = new int[users + 1];
        foreach (var part in Parts)
        {
            var path = Path.Combine(datasetDir, part + ".arrow");
            if (!File.Exists(path)) throw new DataFormatException(path, $"split '{part}' not found in the data set folder");
            using var reader = InteractionFileReader.Open(path);
            foreach (var batch in reader.ReadBatches())
            {
                var chunk = new (int, int, long)[batch.RowCount];
                var u = batch.Users;
                var it = batch.Items;
                var t = batch.Timestamps;
                for (int i = 0; i < chunk.Length; i++)
                {
                    if ((uint)u[i] >= (uint)users) throw new DataFormatException(path, $"user index {u[i]} is outside [0, {users})", batch.FirstRow + i);
                    if ((uint)it[i] >= (uint)items) throw new DataFormatException(path, $"item index {it[i]} is outside [0, {items})", batch.FirstRow + i);
                    chunk[i] = (u[i], it[i], t[i]);
                    counts[u[i] + 1]++;
                }
                rows.Add(chunk);
            }
        }
        for (int u = 0; u < users; u++) counts[u + 1] += counts[u];
        var pairs = new (long Time, int Item)[counts[users]];
        var next = counts.AsSpan(0, users).ToArray();
        foreach (var chunk in rows)
            foreach (var (user, item, time) in chunk)
                pairs[next[user]++] = (time, item);

        var offsets = new int[users + 1];
        var outItems = new int[pairs.Length];
        var outTimes = new long[pairs.Length];
        var seen = new HashSet<int>();
        int write = 0;
        for (int u = 0; u < users; u++)
        {
            offsets[u] = write;
            var span = pairs.AsSpan(counts[u], counts[u + 1] - counts[u]);
            span.Sort(); // by time, then item index
            seen.Clear();
            foreach (var (time, item) in span)
            {
                if (!seen.Add(item)) continue;
                outItems[write] = item;
                outTimes[write] = time;
                write++;
            }
        }
        offsets[users] = write;
        return new UserHistories(offsets, outItems[..write], outTimes[..write]);
    }
}
