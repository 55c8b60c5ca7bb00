using SimCache.Data.Arrow;

namespace SimCache.Experiments.Services;

/// <summary>
/// Reads a whole trace once before a sweep writes or runs anything, so a bad row refuses the sweep instead of
/// failing in its 131st run. The trace reader does the vetting as it reads each batch (schema, nulls, finite
/// components within <see cref="VectorMagnitude.ComponentLimit"/>, users, timestamps in order), naming the file
/// and the row; this only makes it read every batch up front.
/// </summary>
public static class TraceCheck
{
    public static void Vet(string path, CancellationToken cancel = default)
    {
        using var reader = TraceFileReader.Open(path, columns: TraceColumns.Core);
        foreach (var _ in reader.ReadBatches()) cancel.ThrowIfCancellationRequested();
    }
}
