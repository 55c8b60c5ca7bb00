namespace SimCache.Training.Tracing;

/// <summary>One planned trace row: the user's <paramref name="Prefix"/> first positives, embedded at the time of the last one.</summary>
internal readonly record struct TraceRow(long Timestamp, int User, int Seq, int Prefix) : IComparable<TraceRow>
{
    /// <summary>The trace's order: (timestamp, user, seq).</summary>
    public int CompareTo(TraceRow other)
    {
        int c = Timestamp.CompareTo(other.Timestamp);
        if (c != 0) return c;
        c = User.CompareTo(other.User);
        return c != 0 ? c : Seq.CompareTo(other.Seq);
    }
}
