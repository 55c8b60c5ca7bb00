using SimCache.Data.Ingest.Formats;
using SimCache.Data.IO;
using SimCache.Data.Progress;

namespace SimCache.Data.Ingest;

/// <summary>Reads a rating file of any registered format (<see cref="RatingFormats"/>) but an already split one into a <see cref="RatingLog"/>.</summary>
public static class RatingReader
{
    public static RatingLog Read(string format, string path, ColumnMap? columns = null, IWorkReporter? reporter = null,
        CancellationToken cancel = default)
    {
        var f = RatingFormats.Get(format);
        var read = f.Read ?? throw new UsageException($"{f.Name} is an already split data set: import it with DatasetImporter, not as a rating log");
        return read(path, columns, reporter ?? NullWorkReporter.Instance, cancel);
    }
}
