namespace SimCache.Data.Download;

/// <summary>What a download produced, for the command to report.</summary>
/// <param name="Source">The data set.</param>
/// <param name="OutDir">The full path of the folder now holding it.</param>
/// <param name="Archive">The archive's identity and checksums.</param>
/// <param name="AlreadyPresent">True when the folder already held this data set and nothing was fetched.</param>
/// <param name="ResumedFrom">The byte offset a partial download resumed from (0: fetched from the start).</param>
public sealed record DownloadResult(DatasetSource Source, string OutDir, ArchiveRecord Archive, bool AlreadyPresent, long ResumedFrom);
