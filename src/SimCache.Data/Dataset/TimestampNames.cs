using SimCache.Data.Ingest;

namespace SimCache.Data.Dataset;

/// <summary>The names <c>dataset.json</c> and Arrow metadata use for a <see cref="TimestampKind"/>.</summary>
public static class TimestampNames
{
    public static string Of(TimestampKind kind) => kind switch
    {
        TimestampKind.UnixSeconds => "unix-seconds",
        TimestampKind.UnixDays => "unix-days",
        TimestampKind.FilePosition => "file-position",
        _ => "none",
    };
}
