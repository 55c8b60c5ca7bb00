using SimCache.Data.Arrow;
using SimCache.Data.IO;

namespace SimCache.Experiments.Services;

/// <summary>
/// Reads a whole trace once before a sweep writes or runs anything, so a bad row refuses the sweep instead of
/// failing in its 131st run: the reader vets the schema, nulls and finiteness of every batch, and each vector's
/// size is checked against what the caches can compare (<see cref="VectorMagnitude"/>). Refusals name the file
/// and the row.
/// </summary>
public static class TraceCheck
{
    public static void Vet(string path, CancellationToken cancel = default)
    {
        using var reader = TraceFileReader.Open(path, columns: TraceColumns.Core);
        int d = reader.Dimension;
        foreach (var batch in reader.ReadBatches())
        {
            cancel.ThrowIfCancellationRequested();
            int bad = VectorMagnitude.IndexOfOversized(batch.Vectors, d);
            if (bad >= 0)
            {
                long row = batch.FirstRow + bad;
                throw new DataFormatException(path, $"row {row}: {VectorMagnitude.Describe(batch.Vector(bad))}", row);
            }
        }
    }
}
