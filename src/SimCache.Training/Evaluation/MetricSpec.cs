namespace SimCache.Training.Evaluation;

/// <summary>
/// One metric at one cut-off (e.g. NDCG@100). Cut-offs are configurable because the papers report NDCG@100,
/// Recall@20 and Recall@50 (<see cref="Standard"/>), while the cache experiments look at other list lengths.
/// </summary>
public readonly record struct MetricSpec
{
    public MetricSpec(MetricKind kind, int k)
    {
        if (!Enum.IsDefined(kind)) throw new ArgumentOutOfRangeException(nameof(kind), $"unknown metric kind {kind}");
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        Kind = kind;
        K = k;
    }

    public MetricKind Kind { get; }

    public int K { get; }

    /// <summary>The papers' figures: NDCG@100, Recall@20, Recall@50.</summary>
    public static IReadOnlyList<MetricSpec> Standard { get; } =
        [new(MetricKind.Ndcg, 100), new(MetricKind.Recall, 20), new(MetricKind.Recall, 50)];

    public static MetricSpec Ndcg(int k) => new(MetricKind.Ndcg, k);

    public static MetricSpec Recall(int k) => new(MetricKind.Recall, k);

    /// <summary>"NDCG@100", "Recall@20".</summary>
    public override string ToString() => (Kind == MetricKind.Ndcg ? "NDCG@" : "Recall@") + K.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
