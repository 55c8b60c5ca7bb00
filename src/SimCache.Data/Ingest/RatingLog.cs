namespace SimCache.Data.Ingest;

/// <summary>
/// A whole rating file in columnar form (dense user and item indices, rating, timestamp), in input order.
/// Columns rather than row objects keep ML-20M-sized inputs (20M rows) at 20 bytes a row.
/// </summary>
public sealed class RatingLog
{
    private int[] _user = new int[1 << 16];
    private int[] _item = new int[1 << 16];
    private float[] _rating = new float[1 << 16];
    private long[] _time = new long[1 << 16];

    public RatingLog(IdTable users, IdTable items, TimestampKind timeKind, bool hasRatings)
    {
        Users = users;
        Items = items;
        TimeKind = timeKind;
        HasRatings = hasRatings;
    }

    public IdTable Users { get; }
    public IdTable Items { get; }
    public TimestampKind TimeKind { get; }

    /// <summary>False when the input has no rating column (every row is a positive).</summary>
    public bool HasRatings { get; }

    public int Count { get; private set; }

    /// <summary>What was read: files, bytes and their sha256.</summary>
    public InputDescription Input { get; internal set; } = new([], 0, "");

    public ReadOnlySpan<int> User => _user.AsSpan(0, Count);
    public ReadOnlySpan<int> Item => _item.AsSpan(0, Count);
    public ReadOnlySpan<float> Rating => _rating.AsSpan(0, Count);
    public ReadOnlySpan<long> Time => _time.AsSpan(0, Count);

    public void Add(int user, int item, float rating, long time)
    {
        if (Count == _user.Length) Grow();
        _user[Count] = user;
        _item[Count] = item;
        _rating[Count] = rating;
        _time[Count] = time;
        Count++;
    }

    private void Grow()
    {
        int n = checked(_user.Length * 2);
        Array.Resize(ref _user, n);
        Array.Resize(ref _item, n);
        Array.Resize(ref _rating, n);
        Array.Resize(ref _time, n);
    }
}
