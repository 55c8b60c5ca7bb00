namespace SimCache.Data.Download;

/// <summary>
/// A download that failed for a reason outside the user's input: the server answered 404, the connection
/// dropped or stalled, the archive did not match the publisher's checksum. An <see cref="IOException"/>,
/// so the CLI reports it in one line with exit code 1; the message says what happened and what was kept.
/// </summary>
public sealed class DownloadException(string message, Exception? inner = null) : IOException(message, inner);
