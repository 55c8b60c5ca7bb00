namespace SimCache.Caching.Policies.Greedy;

/// <summary>
/// Everything static-greedy needs from one trace at one (metric, θ, candidates): the candidate requests (row,
/// raw vector, user, answer), which requests each candidate covers, and the greedy order over them. It does not
/// depend on the capacity, so the sweep points that differ only in K share one (<see cref="CoverageMemo"/>).
/// Immutable apart from <see cref="Greedy"/>, which only grows.
/// </summary>
internal sealed class CoverageSets
{
    public CoverageSets(int requests, int dimension, int[] candidateRows, float[] vectors, int[] users, int[][] answers, int[][] covers)
    {
        Requests = requests;
        Dimension = dimension;
        CandidateRows = candidateRows;
        Vectors = vectors;
        Users = users;
        Answers = answers;
        Covers = covers;
        Greedy = new GreedyOrder(covers, requests);
        long bytes = 64L * candidateRows.Length + 4L * vectors.Length + 2L * requests;
        foreach (var a in answers) bytes += 32 + 4L * a.Length;
        foreach (var c in covers) bytes += 32 + 4L * c.Length;
        Bytes = bytes;
    }

    public int Requests { get; }

    public int Dimension { get; }

    /// <summary>The trace row of each candidate.</summary>
    public int[] CandidateRows { get; }

    /// <summary>Raw (unprepared) candidate vectors, row-major.</summary>
    public float[] Vectors { get; }

    public int[] Users { get; }

    public int[][] Answers { get; }

    /// <summary>For each candidate, the rows within θ of it (in no particular order).</summary>
    public int[][] Covers { get; }

    public GreedyOrder Greedy { get; }

    /// <summary>An estimate of the memory held (arrays, headers and the greedy state).</summary>
    public long Bytes { get; }
}
