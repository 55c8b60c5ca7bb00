using SimCache.Training.Data;

namespace SimCache.Training.Evaluation;

/// <summary>
/// The most-popular baseline: every user gets the same scores, the number of training users who have each
/// item. It is the floor any personalised model must beat, and a check of the evaluation path itself, so it
/// is scored through <see cref="RankingMetrics.Evaluate"/> exactly like a trained model. Popularity counts tie
/// often; ties go to the lower item index (see <see cref="RankingMetrics"/>).
/// </summary>
public sealed class PopularityModel
{
    private readonly float[] _scores;

    public PopularityModel(SparseRows train)
    {
        ArgumentNullException.ThrowIfNull(train);
        // Counts are at most the number of users; float is exact up to 2^24 (16.7 M users), far above MSD's.
        _scores = [.. train.ColumnCounts().Select(c => (float)c)];
    }

    public int Items => _scores.Length;

    /// <summary>Training users per item, as scores.</summary>
    public ReadOnlySpan<float> Scores => _scores;

    /// <summary>The scores of a batch of users, row-major <c>users × items</c> (every row the same).</summary>
    public float[] ScoreBatch(ReadOnlySpan<int> users)
    {
        var result = new float[(long)users.Length * _scores.Length];
        for (int b = 0; b < users.Length; b++) _scores.CopyTo(result.AsSpan(b * _scores.Length, _scores.Length));
        return result;
    }

    /// <summary>NDCG/Recall of the baseline with <paramref name="foldIn"/> excluded, against <paramref name="test"/>.</summary>
    public MetricSet Evaluate(SparseRows foldIn, SparseRows test, int batchUsers = RankingMetrics.DefaultBatchUsers, IReadOnlyList<MetricSpec>? metrics = null)
    {
        if (test.Columns != _scores.Length) throw new ArgumentException($"the model knows {_scores.Length} items, the test matrix has {test.Columns}");
        return RankingMetrics.Evaluate(ScoreBatch, foldIn, test, batchUsers, metrics);
    }
}
