using SimCache.Data.IO;

namespace SimCache.Data.Ingest.Formats;

/// <summary>Any CSV with a header, its columns named by <c>--columns</c>; thresholded only when a rating column is named.</summary>
public static class CsvFormat
{
    public const string Name = "csv";

    public static readonly RatingFormat Format = new()
    {
        Name = Name,
        Help = "with --columns",
        Input = "any CSV with a header, with `--columns user=NAME,item=NAME[,rating=NAME][,time=NAME]`",
        Timestamps = TimestampKind.UnixSeconds,
        DefaultThreshold = RatingFormat.StarThreshold,
        TakesColumns = true,
        Read = (path, columns, reporter, cancel) =>
            CsvReader.Read(path, columns ?? throw new UsageException("--columns is required with --format csv"), reporter, cancel),
    };
}
