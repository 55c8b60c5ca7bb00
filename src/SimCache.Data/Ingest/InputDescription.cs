namespace SimCache.Data.Ingest;

/// <summary>The files an input consisted of, their total size and one sha256 over their bytes in reading order.</summary>
public sealed record InputDescription(IReadOnlyList<string> Files, long Bytes, string Sha256);
