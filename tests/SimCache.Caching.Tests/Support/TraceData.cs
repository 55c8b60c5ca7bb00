using SimCache.Data.Arrow;

namespace SimCache.Caching.Tests.Support;

/// <summary>A whole (small) trace in memory, for oracles that replay it with plain loops.</summary>
public sealed class TraceData
{
    public required string Path { get; init; }

    public required int Count { get; init; }

    public required int Dimension { get; init; }

    public required string Distance { get; init; }

    public required int[] Users { get; init; }

    public required long[] Times { get; init; }

    public required float[] Vectors { get; init; }

    public required int[][] Answers { get; init; }

    public ReadOnlySpan<float> Vector(int row) => Vectors.AsSpan(row * Dimension, Dimension);

    public double[] VectorDouble(int row)
    {
        var v = new double[Dimension];
        for (int i = 0; i < Dimension; i++) v[i] = Vectors[row * Dimension + i];
        return v;
    }

    public static TraceData Load(string path)
    {
        using var r = TraceFileReader.Open(path);
        int n = (int)r.TotalRows, d = r.Dimension;
        var users = new int[n];
        var times = new long[n];
        var vectors = new float[n * d];
        var answers = new int[n][];
        while (r.ReadNextBatch() is { } b)
        {
            int f = (int)b.FirstRow;
            b.Users.CopyTo(users.AsSpan(f));
            b.Timestamps.CopyTo(times.AsSpan(f));
            b.Vectors.CopyTo(vectors.AsSpan(f * d));
            for (int i = 0; i < b.RowCount; i++) answers[f + i] = b.Answer(i).ToArray();
        }
        return new TraceData { Path = path, Count = n, Dimension = d, Distance = r.Distance, Users = users, Times = times, Vectors = vectors, Answers = answers };
    }
}
