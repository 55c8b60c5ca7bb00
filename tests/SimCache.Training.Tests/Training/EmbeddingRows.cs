using SimCache.Data.Arrow;

namespace SimCache.Training.Tests.Training;

/// <summary>Every vector of an embeddings file, in file order, for comparing two runs' outputs.</summary>
internal static class EmbeddingRows
{
    public static List<float[]> Read(string path)
    {
        using var reader = EmbeddingFileReader.Open(path);
        var rows = new List<float[]>();
        foreach (var batch in reader.ReadBatches())
            for (int i = 0; i < batch.RowCount; i++) rows.Add(batch.Vector(i).ToArray());
        return rows;
    }
}
