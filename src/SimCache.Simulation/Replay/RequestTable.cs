using SimCache.Data.Arrow;
using SimCache.Data.IO;

namespace SimCache.Simulation.Replay;

/// <summary>
/// A trace's users, timestamps and vectors held in memory (no answers or future items), so that a benchmark can
/// time the replay itself apart from reading and decoding the file, which for a large trace costs more than a
/// cheap policy such as lru. Replays of it and of the file give the same counts.
/// </summary>
public sealed class RequestTable
{
    /// <summary>Rows handed to the engine at a time (like one trace batch).</summary>
    public const int ChunkRows = 65536;

    private RequestTable(int dimension, string distance, int[] users, long[] times, float[] vectors)
    {
        Dimension = dimension;
        Distance = distance;
        Users = users;
        Times = times;
        Vectors = vectors;
    }

    public int Dimension { get; }

    /// <summary>The trace's distance metadata (<c>l2</c> or <c>cosine</c>).</summary>
    public string Distance { get; }

    public int[] Users { get; }

    public long[] Times { get; }

    /// <summary>Row-major, <see cref="Count"/> × <see cref="Dimension"/>.</summary>
    public float[] Vectors { get; }

    public int Count => Users.Length;

    /// <summary>Reads the first <paramref name="limit"/> rows (all if null) of a trace file.</summary>
    public static RequestTable Load(string path, long? limit = null)
    {
        using var reader = TraceFileReader.Open(path, columns: TraceColumns.Core);
        long rows = Math.Min(limit ?? long.MaxValue, reader.TotalRows);
        int d = reader.Dimension;
        if ((long)rows * d > Array.MaxLength) throw new UsageException($"{rows} rows of {d} floats do not fit in one array; replay fewer rows");
        var users = new int[rows];
        var times = new long[rows];
        var vectors = new float[rows * d];
        int at = 0;
        while (at < rows && reader.ReadNextBatch() is { } b)
        {
            int n = (int)Math.Min(b.RowCount, rows - at);
            b.Users[..n].CopyTo(users.AsSpan(at));
            b.Timestamps[..n].CopyTo(times.AsSpan(at));
            b.Vectors[..(n * d)].CopyTo(vectors.AsSpan(at * d));
            at += n;
        }
        if (at != rows) throw new DataFormatException(path, $"holds {at} rows, its footer says {rows}");
        return new RequestTable(d, reader.Distance, users, times, vectors);
    }

    /// <summary>Rows [start, start + count).</summary>
    public RequestRows Rows(int start, int count) =>
        new(count, Dimension, Users.AsSpan(start, count), Times.AsSpan(start, count), Vectors.AsSpan(start * Dimension, count * Dimension));
}
