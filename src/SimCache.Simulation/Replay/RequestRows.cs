using SimCache.Data.Arrow;

namespace SimCache.Simulation.Replay;

/// <summary>
/// Consecutive requests as spans: a trace batch straight from the Arrow buffers, or a slice of a
/// <see cref="RequestTable"/> in memory. The engine replays either the same way, so a benchmark can time the
/// replay apart from reading the file. List columns are (offsets, values) pairs as in Arrow: row r's answer is
/// <c>AnswerValues[AnswerOffsets[r]..AnswerOffsets[r + 1]]</c>; empty offsets mean no such column.
/// </summary>
public readonly ref struct RequestRows
{
    public RequestRows(int count, int dimension, ReadOnlySpan<int> users, ReadOnlySpan<long> times, ReadOnlySpan<float> vectors,
        ReadOnlySpan<int> answerOffsets = default, ReadOnlySpan<int> answerValues = default,
        ReadOnlySpan<int> futureOffsets = default, ReadOnlySpan<int> futureValues = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (users.Length < count || times.Length < count || vectors.Length < (long)count * dimension)
            throw new ArgumentException($"{count} rows need {count} users and timestamps and {count}×{dimension} floats");
        if (!answerOffsets.IsEmpty && answerOffsets.Length < count + 1) throw new ArgumentException("answer offsets need count + 1 entries", nameof(answerOffsets));
        if (!futureOffsets.IsEmpty && futureOffsets.Length < count + 1) throw new ArgumentException("future offsets need count + 1 entries", nameof(futureOffsets));
        Count = count;
        Dimension = dimension;
        Users = users;
        Times = times;
        Vectors = vectors;
        AnswerOffsets = answerOffsets;
        AnswerValues = answerValues;
        FutureOffsets = futureOffsets;
        FutureValues = futureValues;
    }

    /// <summary>The rows of one trace batch (no copy).</summary>
    public static RequestRows Of(TraceBatch batch) => new(batch.RowCount, batch.Dimension, batch.Users, batch.Timestamps, batch.Vectors,
        batch.AnswerOffsets, batch.AnswerValues, batch.FutureOffsets, batch.FutureValues);

    public int Count { get; }

    public int Dimension { get; }

    public ReadOnlySpan<int> Users { get; }

    /// <summary>Trace timestamps (Unix seconds).</summary>
    public ReadOnlySpan<long> Times { get; }

    /// <summary>Row-major, <see cref="Count"/> × <see cref="Dimension"/>.</summary>
    public ReadOnlySpan<float> Vectors { get; }

    public ReadOnlySpan<int> AnswerOffsets { get; }

    public ReadOnlySpan<int> AnswerValues { get; }

    public ReadOnlySpan<int> FutureOffsets { get; }

    public ReadOnlySpan<int> FutureValues { get; }

    public bool HasAnswer => !AnswerOffsets.IsEmpty;

    public ReadOnlySpan<int> Answer(int row) => AnswerOffsets.IsEmpty ? default : AnswerValues[AnswerOffsets[row]..AnswerOffsets[row + 1]];

    public ReadOnlySpan<int> Future(int row) => FutureOffsets.IsEmpty ? default : FutureValues[FutureOffsets[row]..FutureOffsets[row + 1]];
}
