namespace SimCache.Data.Ingest;

/// <summary>
/// What tells the MovieLens layouts apart: the file name inside the archive's folder, the delimiter, and
/// whether a header line comes first (<paramref name="Expected"/> describes the columns for error messages).
/// </summary>
public sealed record MovieLensLayout(string FileName, string Delimiter, string Expected, bool Header);
