using System.Text.Json;

namespace SimCache.Data.Download;

/// <summary>
/// What was fetched, as recorded in <c>download.json</c> beside the data: the address, the size, the sha256
/// computed on download, and the publisher's md5 when it published one (then verified). A later run reads
/// it to recognise a folder that already holds the data set, so it never downloads twice nor replaces
/// something else.
/// </summary>
public sealed record ArchiveRecord(string Name, string Url, string ArchiveName, long Bytes, string Sha256, string? PublisherMd5)
{
    /// <summary>The machine-readable record's file name in the output folder.</summary>
    public const string FileName = "download.json";

    /// <summary>True when the archive was checked against a checksum its publisher gave.</summary>
    public bool Verified => PublisherMd5 is not null;

    public void Save(string folder)
    {
        using var stream = File.Create(Path.Combine(folder, FileName));
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("name", Name);
        json.WriteString("url", Url);
        json.WriteString("archive", ArchiveName);
        json.WriteNumber("bytes", Bytes);
        json.WriteString("sha256", Sha256);
        if (PublisherMd5 is null) json.WriteNull("md5");
        else json.WriteString("md5", PublisherMd5);
        json.WriteString("checksum", PublisherMd5 is null ? "sha256 computed on download; the publisher gives no checksum to verify against" : "md5 verified against the publisher's");
        json.WriteEndObject();
    }

    /// <summary>The record in <paramref name="folder"/>, or null if there is none or it cannot be read.</summary>
    public static ArchiveRecord? TryLoad(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var r = doc.RootElement;
            return new ArchiveRecord(r.GetProperty("name").GetString()!, r.GetProperty("url").GetString()!, r.GetProperty("archive").GetString()!,
                r.GetProperty("bytes").GetInt64(), r.GetProperty("sha256").GetString()!,
                r.GetProperty("md5").ValueKind == JsonValueKind.String ? r.GetProperty("md5").GetString() : null);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
