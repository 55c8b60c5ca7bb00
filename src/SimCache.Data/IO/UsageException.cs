namespace SimCache.Data.IO;

/// <summary>
/// Raised for a bad option value or combination that the command-line parser cannot catch on its own
/// (an unknown format, a malformed column map, an output folder that holds another data set). Exit code 2.
/// </summary>
public sealed class UsageException(string message) : Exception(message);
