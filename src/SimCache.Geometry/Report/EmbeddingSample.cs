using System.Security.Cryptography;
using SimCache.Data.Arrow;
using SimCache.Data.IO;

namespace SimCache.Geometry.Report;

/// <summary>
/// The embeddings the report analyses: norms of every row of the file (cheap, streamed), and a seeded uniform
/// sample of rows without replacement, from which exact duplicate vectors are removed (docs/METHODS.md §2: they give
/// zero neighbour distances, which break every log-distance estimator) and counted.
/// </summary>
public sealed class EmbeddingSample
{
    public required string Path { get; init; }
    public required string Sha256 { get; init; }
    public required long TotalRows { get; init; }
    public required int Dimension { get; init; }
    public required string Distance { get; init; }

    /// <summary>‖x‖ of every row of the file, in file order.</summary>
    public required double[] AllNorms { get; init; }

    /// <summary>Rows drawn before duplicates were removed.</summary>
    public required int SampledRows { get; init; }

    /// <summary>Sampled rows dropped because an identical vector came earlier in the sample.</summary>
    public required int Duplicates { get; init; }

    /// <summary>The distinct sampled vectors, row-major (Count × Dimension), in file order.</summary>
    public required float[] Vectors { get; init; }

    public required string[] UserIds { get; init; }

    public int Count => UserIds.Length;

    public static EmbeddingSample Load(string path, int sample, long seed)
    {
        string sha;
        try
        {
            using var stream = File.OpenRead(path);
            sha = Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DataFormatException(path, "file not found");
        }
        using var reader = EmbeddingFileReader.Open(path);
        long total = reader.TotalRows;
        int d = reader.Dimension;
        if (total > int.MaxValue) throw new DataFormatException(path, $"{total} rows is more than the report handles");
        var chosen = Choose((int)total, sample, seed);
        var norms = new double[total];
        var vectors = new float[(long)chosen.Length * d];
        var ids = new string[chosen.Length];
        int next = 0;
        foreach (var batch in reader.ReadBatches())
        {
            var v = batch.Vectors;
            for (int r = 0; r < batch.RowCount; r++)
            {
                long row = batch.FirstRow + r;
                var x = v.Slice(r * d, d);
                double s = 0;
                foreach (var t in x) s += (double)t * t;
                if (s > float.MaxValue) throw TooLarge(path, row, batch.UserId(r), x, s);
                norms[row] = Math.Sqrt(s);
                if (next < chosen.Length && chosen[next] == row)
                {
                    x.CopyTo(vectors.AsSpan(next * d, d));
                    ids[next] = batch.UserId(r);
                    next++;
                }
            }
        }
        var (kept, duplicates) = Distinct(vectors, chosen.Length, d);
        var keptVectors = new float[(long)kept.Length * d];
        for (int i = 0; i < kept.Length; i++) vectors.AsSpan(kept[i] * d, d).CopyTo(keptVectors.AsSpan(i * d, d));
        return new EmbeddingSample
        {
            Path = path,
            Sha256 = sha,
            TotalRows = total,
            Dimension = d,
            Distance = reader.Distance,
            AllNorms = norms,
            SampledRows = chosen.Length,
            Duplicates = duplicates,
            Vectors = keptVectors,
            UserIds = kept.Select(i => ids[i]).ToArray(),
        };
    }

    /// <summary>
    /// A vector whose squared norm overflows float: every later stage (the caches, the trace replay) computes squared
    /// norms in float, and the report's own PCA would be dominated by the one huge component (explaining "all" of the
    /// variance), so such a file is refused, naming the row, before anything is written.
    /// </summary>
    private static DataFormatException TooLarge(string path, long row, string user, ReadOnlySpan<float> x, double squaredNorm)
    {
        int arg = 0;
        for (int l = 1; l < x.Length; l++) if (Math.Abs(x[l]) > Math.Abs(x[arg])) arg = l;
        return new DataFormatException(path, string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"row {row} (user {user}): component {arg} is {x[arg]:G4}, so the squared norm {squaredNorm:G4} overflows float (max {float.MaxValue:G4}); rescale the embeddings"));
    }

    /// <summary>Sorted row numbers: all rows, or <paramref name="sample"/> of them by a seeded partial Fisher–Yates shuffle.</summary>
    internal static int[] Choose(int total, int sample, long seed)
    {
        if (sample == 0 || sample >= total) return Enumerable.Range(0, total).ToArray();
        var random = new Random(unchecked((int)(seed ^ (seed >> 32))));
        var rows = Enumerable.Range(0, total).ToArray();
        for (int i = 0; i < sample; i++)
        {
            int j = i + random.Next(total - i);
            (rows[i], rows[j]) = (rows[j], rows[i]);
        }
        var chosen = rows[..sample];
        Array.Sort(chosen);
        return chosen;
    }

    /// <summary>Indices of the first occurrence of each distinct vector (by value), and how many rows were dropped.</summary>
    internal static (int[] Kept, int Duplicates) Distinct(float[] vectors, int n, int d)
    {
        var seen = new Dictionary<int, List<int>>();
        var kept = new List<int>(n);
        for (int i = 0; i < n; i++)
        {
            var row = vectors.AsSpan(i * d, d);
            var h = new HashCode();
            foreach (var t in row) h.Add(t == 0 ? 0 : BitConverter.SingleToInt32Bits(t)); // −0 equals +0
            int key = h.ToHashCode();
            if (!seen.TryGetValue(key, out var list)) seen[key] = list = [];
            bool duplicate = false;
            foreach (var j in list)
                if (vectors.AsSpan(j * d, d).SequenceEqual(row)) { duplicate = true; break; }
            if (duplicate) continue;
            list.Add(i);
            kept.Add(i);
        }
        return (kept.ToArray(), n - kept.Count);
    }
}
