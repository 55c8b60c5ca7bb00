namespace SimCache.Data.Protocol;

/// <summary>One part of a split (train, validation fold-in, …) as columns in the protocol's row order.</summary>
public sealed class SplitPart
{
    private int[] _user;
    private int[] _item;
    private long[] _time;
    private float[] _rating;

    public SplitPart(string name, int capacity = 1024)
    {
        Name = name;
        capacity = Math.Max(capacity, 16);
        _user = new int[capacity];
        _item = new int[capacity];
        _time = new long[capacity];
        _rating = new float[capacity];
    }

    /// <summary>File stem: train, validation_tr, validation_te, test_tr or test_te (Liang et al.'s names).</summary>
    public string Name { get; }

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

    /// <summary>Number of distinct users with at least one row.</summary>
    public int DistinctUsers()
    {
        var seen = new HashSet<int>();
        foreach (var u in User) seen.Add(u);
        return seen.Count;
    }
}
