namespace SimCache.Training.Evaluation;

/// <summary>
/// The two ranking measures of the RecVAE / Mult-VAE papers (docs/METHODS.md §1.4); an enum rather than names so
/// that a metric set can be looked up without string matching.
/// </summary>
public enum MetricKind
{
    /// <summary>Normalised discounted cumulative gain, normalised by the ideal DCG of min(k, |test|) hits.</summary>
    Ndcg,

    /// <summary>Hits in the top k divided by min(k, |test|).</summary>
    Recall,
}
