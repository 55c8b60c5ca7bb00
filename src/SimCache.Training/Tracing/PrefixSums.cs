namespace SimCache.Training.Tracing;

/// <summary>
/// Each user's running sum of first-layer weight columns over the prefix embedded last, so a row costs only the
/// columns of the items added since the user's previous row, not its whole prefix again: a heavy user embedded
/// every few positives would otherwise re-add thousands of columns per row. Rows must be filled in trace order,
/// where a user's rows come in prefix order. Columns are added in history order whether a sum is kept or built
/// afresh, so the result is bit for bit <see cref="PrefixEncoder.InputLayer"/> of the whole prefix.
/// </summary>
/// <remarks>
/// A sum is kept only between a user's first and last row and then reused for another user, so memory follows the
/// users active at once, at most one hidden-width vector per user.
/// </remarks>
internal sealed class PrefixSums
{
    private readonly PrefixEncoder _encoder;
    private readonly UserHistories _histories;
    private readonly int[] _remaining; // rows still to fill per user
    private readonly int[] _summed;    // items in the user's kept sum
    private readonly float[]?[] _sums;
    private readonly Stack<float[]> _free = new();

    public PrefixSums(PrefixEncoder encoder, UserHistories histories, ReadOnlySpan<TraceRow> rows)
    {
        _encoder = encoder;
        _histories = histories;
        _remaining = new int[histories.Users];
        _summed = new int[histories.Users];
        _sums = new float[]?[histories.Users];
        foreach (var row in rows) _remaining[row.User]++;
    }

    /// <summary>Sums kept now (users between their first and last row).</summary>
    public int Kept { get; private set; }

    /// <summary>Writes the first layer's output of each of <paramref name="rows"/> (the next rows in trace order) to <paramref name="firstLayer"/> (rows × hidden).</summary>
    public void Fill(ReadOnlySpan<TraceRow> rows, Span<float> firstLayer)
    {
        int h = _encoder.Hidden;
        for (int r = 0; r < rows.Length; r++)
        {
            var row = rows[r];
            int u = row.User;
            var output = firstLayer.Slice(r * h, h);
            var items = _histories.Items(u);
            if (_remaining[u] <= 0) throw new InvalidOperationException($"user {u} has more rows than planned");
            if (_remaining[u] == 1 && _sums[u] is null)
            {
                _encoder.InputLayer(items[..row.Prefix], output); // the user's only row
            }
            else
            {
                var sum = _sums[u] ??= Rent();
                if (row.Prefix < _summed[u]) throw new InvalidOperationException($"user {u}: prefix {row.Prefix} after {_summed[u]}; rows must come in trace order");
                _encoder.Accumulate(items[_summed[u]..row.Prefix], sum);
                _summed[u] = row.Prefix;
                _encoder.Finish(sum, row.Prefix, output);
            }
            if (--_remaining[u] == 0 && _sums[u] is float[] done)
            {
                Array.Clear(done);
                _free.Push(done);
                _sums[u] = null;
                Kept--;
            }
        }
    }

    private float[] Rent()
    {
        Kept++;
        return _free.Count > 0 ? _free.Pop() : new float[_encoder.Hidden];
    }
}
