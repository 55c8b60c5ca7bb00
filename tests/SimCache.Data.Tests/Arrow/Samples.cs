using SimCache.Data.Arrow;
using SimCache.Data.IO;

namespace SimCache.Data.Tests.Arrow;

/// <summary>Deterministic sample files of each kind, shared by the round-trip, corruption and export tests.</summary>
public static class Samples
{
    public static readonly Provenance Prov = new("simcache test --seed 7", 7, "0.1.0-test");

    public static float[] Vector(int row, int dim)
    {
        var v = new float[dim];
        for (int j = 0; j < dim; j++) v[j] = row * 0.5f - j * 0.25f + 1f / (j + 3);
        return v;
    }

    public static int[] Answer(int row) => Enumerable.Range(0, row % 4).Select(k => row * 10 + k).ToArray();

    public static int[] Future(int row) => Enumerable.Range(0, (row + 1) % 3).Select(k => -row - k).ToArray();

    public static void WriteInteractions(string path, int rows, int batchRows = 4, IReadOnlyDictionary<string, string>? extra = null)
    {
        using var w = new InteractionFileWriter(path, Prov, extra, batchRows);
        for (int i = 0; i < rows; i++) w.Append(i % 5, 100 + i, 1_600_000_000L + i * 60, (i % 10) * 0.5f);
        w.Complete();
    }

    public static void WriteEmbeddings(string path, int rows, int dim = 3, int batchRows = 4, IReadOnlyDictionary<string, string>? extra = null)
    {
        using var w = new EmbeddingFileWriter(path, dim, SimCacheArrow.DistanceCosine, Prov, extra, batchRows);
        for (int i = 0; i < rows; i++) w.Append(i, $"u-{i}-é", Vector(i, dim));
        w.Complete();
    }

    public static float Bias(int row) => row * 0.125f - 1f / (row + 2);

    public static string ItemId(int row) => $"i-{row}-ü";

    public static void WriteDecoder(string path, int rows, int dim = 3, int batchRows = 4, IReadOnlyDictionary<string, string>? extra = null)
    {
        using var w = new DecoderFileWriter(path, dim, Prov, extra, batchRows);
        for (int i = 0; i < rows; i++) w.Append(i, ItemId(i), Vector(i, dim), Bias(i));
        w.Complete();
    }

    public static void WriteTrace(string path, int rows, int dim = 3, bool answer = true, bool future = true, int batchRows = 4)
    {
        using var w = new TraceFileWriter(path, dim, SimCacheArrow.DistanceL2, Prov, answer, future, null, batchRows);
        for (int i = 0; i < rows; i++)
            w.Append(i % 3, i, 1_700_000_000L + i, Vector(i, dim), answer ? Answer(i) : default, future ? Future(i) : default);
        w.Complete();
    }
}
