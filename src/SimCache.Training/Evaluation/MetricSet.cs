using System.Globalization;

namespace SimCache.Training.Evaluation;

/// <summary>
/// The result of one evaluation: the mean of each metric over the users with a non-empty test part, and how
/// many users that was, because a mean is only comparable with the published figures if it is over the same
/// users.
/// </summary>
public sealed class MetricSet
{
    private readonly MetricSpec[] _metrics;
    private readonly double[] _means;

    public MetricSet(IReadOnlyList<MetricSpec> metrics, IReadOnlyList<double> means, int users, int skippedUsers)
    {
        if (metrics.Count != means.Count) throw new ArgumentException($"{metrics.Count} metrics but {means.Count} means");
        ArgumentOutOfRangeException.ThrowIfNegative(users);
        ArgumentOutOfRangeException.ThrowIfNegative(skippedUsers);
        _metrics = [.. metrics];
        _means = [.. means];
        Users = users;
        SkippedUsers = skippedUsers;
    }

    public IReadOnlyList<MetricSpec> Metrics => _metrics;

    /// <summary>Mean of each metric of <see cref="Metrics"/>, in the same order; NaN if no user was evaluated.</summary>
    public IReadOnlyList<double> Means => _means;

    /// <summary>Users averaged over (non-empty test part).</summary>
    public int Users { get; }

    /// <summary>Users that were offered but skipped because their test part was empty.</summary>
    public int SkippedUsers { get; }

    /// <summary>The mean of <paramref name="metric"/>, which must be one of <see cref="Metrics"/>.</summary>
    public double this[MetricSpec metric]
    {
        get
        {
            int i = Array.IndexOf(_metrics, metric);
            if (i < 0) throw new KeyNotFoundException($"{metric} was not evaluated (have {string.Join(", ", _metrics)})");
            return _means[i];
        }
    }

    public double Ndcg(int k) => this[MetricSpec.Ndcg(k)];

    public double Recall(int k) => this[MetricSpec.Recall(k)];

    /// <summary>"NDCG@100 0.12345 Recall@20 ... (610 users)".</summary>
    public override string ToString() =>
        string.Join(" ", _metrics.Select((m, i) => m + " " + _means[i].ToString("F5", CultureInfo.InvariantCulture)))
        + $" ({Users} users)";
}
