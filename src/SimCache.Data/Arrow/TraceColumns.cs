namespace SimCache.Data.Arrow;

/// <summary>
/// Which optional trace columns a <see cref="TraceFileReader"/> reads. Users, seqs, timestamps and vectors are
/// always read; the answer and future lists are most of a trace's bytes after the vectors, and a replay without
/// quality metrics never looks at them, so such a caller can leave them on disk (they are then neither read
/// nor vetted, and the reader and its batches report them absent).
/// </summary>
[Flags]
public enum TraceColumns
{
    /// <summary>Only users, seqs, timestamps and vectors.</summary>
    Core = 0,
    Answer = 1,
    Future = 2,
    UserIds = 4,
    /// <summary>Everything the file holds (the default).</summary>
    All = Answer | Future | UserIds,
}
