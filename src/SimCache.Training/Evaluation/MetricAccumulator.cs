namespace SimCache.Training.Evaluation;

/// <summary>
/// Collects per-user metric values and averages them. Each user's values go to that user's own slot and the
/// means are summed in ascending user index at <see cref="Result"/>, so the figure is bit-identical however
/// users are batched, in whatever order they are added, and when <see cref="Add"/> runs concurrently for
/// distinct users (as <see cref="RankingMetrics.Evaluate"/> does): floating-point sums depend on order, and a
/// result that moved in the last digit between runs would make regressions impossible to spot.
/// Users whose test part is empty are recorded as skipped and excluded from the means (docs/METHODS.md §1.4).
/// </summary>
public sealed class MetricAccumulator
{
    private const byte NotAdded = 0, Skipped = 1, Evaluated = 2;

    private readonly MetricSpec[] _metrics;
    private readonly double[] _values; // user * metrics + m
    private readonly byte[] _state;

    /// <param name="users">Number of user indices (the matrix rows); users are 0 .. users − 1.</param>
    /// <param name="metrics">What to measure; null for <see cref="MetricSpec.Standard"/> (NDCG@100, Recall@20, Recall@50).</param>
    public MetricAccumulator(int users, IReadOnlyList<MetricSpec>? metrics = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(users);
        _metrics = [.. metrics ?? MetricSpec.Standard];
        if (_metrics.Length == 0) throw new ArgumentException("no metrics to accumulate", nameof(metrics));
        if (_metrics.Distinct().Count() != _metrics.Length) throw new ArgumentException("a metric is listed twice", nameof(metrics));
        _values = new double[checked((long)users * _metrics.Length)];
        _state = new byte[users];
        MaxK = _metrics.Max(m => m.K);
    }

    public IReadOnlyList<MetricSpec> Metrics => _metrics;

    public int UserCapacity => _state.Length;

    /// <summary>The longest ranking any metric looks at: how many items <see cref="RankingMetrics.TopK"/> must return.</summary>
    public int MaxK { get; }

    /// <summary>
    /// Records one user: <paramref name="ranked"/> is the user's ranking, best first (at least the top
    /// <see cref="MaxK"/> items, or all rankable items if fewer), <paramref name="sortedTest"/> the held-out
    /// items, ascending. An empty test part marks the user skipped. Each user may be added once; concurrent
    /// calls are safe for distinct users.
    /// </summary>
    public void Add(int user, ReadOnlySpan<int> ranked, ReadOnlySpan<int> sortedTest)
    {
        if ((uint)user >= (uint)_state.Length) throw new ArgumentOutOfRangeException(nameof(user), $"user {user} is outside [0, {_state.Length})");
        if (_state[user] != NotAdded) throw new InvalidOperationException($"user {user} was already added");
        if (sortedTest.IsEmpty)
        {
            _state[user] = Skipped;
            return;
        }
        var slot = _values.AsSpan(user * _metrics.Length, _metrics.Length);
        for (int m = 0; m < _metrics.Length; m++)
        {
            var spec = _metrics[m];
            slot[m] = spec.Kind == MetricKind.Ndcg
                ? RankingMetrics.Ndcg(ranked, sortedTest, spec.K)
                : RankingMetrics.Recall(ranked, sortedTest, spec.K);
        }
        _state[user] = Evaluated;
    }

    /// <summary>Users added with a non-empty test part so far.</summary>
    public int Count => _state.Count(s => s == Evaluated);

    /// <summary>Users added with an empty test part so far.</summary>
    public int SkippedCount => _state.Count(s => s == Skipped);

    /// <summary>The means over evaluated users, summed in ascending user index; NaN if there are none.</summary>
    public MetricSet Result()
    {
        var sums = new double[_metrics.Length];
        int n = 0, skipped = 0;
        for (int u = 0; u < _state.Length; u++)
        {
            if (_state[u] == Skipped) skipped++;
            if (_state[u] != Evaluated) continue;
            n++;
            for (int m = 0; m < sums.Length; m++) sums[m] += _values[u * _metrics.Length + m];
        }
        var means = sums.Select(s => n == 0 ? double.NaN : s / n).ToArray();
        return new MetricSet(_metrics, means, n, skipped);
    }
}
