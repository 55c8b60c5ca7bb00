using System.Text;

namespace SimCache.Data.Download;

/// <summary>
/// The notes written beside downloaded data (<c>SOURCE.md</c>): where it came from, the checksums, the
/// licence summary and the citation, and the command that imports it, so the folder documents itself
/// wherever it is copied. No date in it, so the same archive into the same folder gives the same file.
/// </summary>
public static class SourceNotes
{
    public const string FileName = "SOURCE.md";

    public static string Text(DatasetSource source, ArchiveRecord archive, string prepareCommand)
    {
        var b = new StringBuilder();
        b.Append("# ").Append(source.Title).Append(" (`").Append(source.Name).Append("`)\n\n");
        b.Append(source.Contents).Append(".\n\n");
        b.Append("- Source: ").Append(archive.Url).Append('\n');
        b.Append("- Archive: `").Append(archive.ArchiveName).Append("`, ").Append(archive.Bytes.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)).Append(" bytes\n");
        b.Append("- sha256: `").Append(archive.Sha256).Append("`\n");
        if (archive.PublisherMd5 is { } md5) b.Append("- md5: `").Append(md5).Append("` (verified against the publisher's `").Append(archive.ArchiveName).Append(".md5`)\n");
        else b.Append("- The publisher gives no checksum: the sha256 above was computed on download and is not verified against the publisher.\n");
        b.Append("\n## Licence\n\n").Append(source.Licence).Append("\nFull terms: ").Append(source.LicenceUrl).Append("\n");
        b.Append("\n## Citation\n\n").Append(source.Citation).Append('\n');
        b.Append("\n## Import\n\n```bash\n").Append(prepareCommand).Append("\n```\n");
        return b.ToString();
    }
}
