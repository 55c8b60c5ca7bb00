namespace SimCache.Data.Ingest;

/// <summary>
/// Interactions as four growable columns (user, item, timestamp, rating), the layout of the Arrow splits.
/// Columns rather than row objects keep ML-20M-sized inputs (20M rows) at 20 bytes a row with no per-row
/// allocation; both a whole rating log and each part of a split are held this way.
/// </summary>
public class InteractionColumns
{
    private int[] _user;
    private int[] _item;
    private long[] _time;
    private float[] _rating;

    public InteractionColumns(int capacity = 1 << 16)
    {
        capacity = Math.Max(capacity, 16);
        _user = new int[capacity];
        _item = new int[capacity];
        _time = new long[capacity];
        _rating = new float[capacity];
    }

    public int Count { get; private set; }

    public ReadOnlySpan<int> User => _user.AsSpan(0, Count);
    public ReadOnlySpan<int> Item => _item.AsSpan(0, Count);
    public ReadOnlySpan<long> Time => _time.AsSpan(0, Count);
    public ReadOnlySpan<float> Rating => _rating.AsSpan(0, Count);

    public void Add(int user, int item, long time, float rating)
    {
        if (Count == _user.Length)
        {
            int n = checked(_user.Length * 2);
            Array.Resize(ref _user, n);
            Array.Resize(ref _item, n);
            Array.Resize(ref _time, n);
            Array.Resize(ref _rating, n);
        }
        _user[Count] = user;
        _item[Count] = item;
        _time[Count] = time;
        _rating[Count] = rating;
        Count++;
    }
}
