namespace SimCache.Data.Arrow;

/// <summary>
/// Where one vetted record batch lies in an Arrow file: its message (flatbuffer) starts at
/// <see cref="MessageStart"/> and its body follows immediately, as the Arrow library reads it. Kept so each batch
/// can be read straight from the file instead of through the library's stream reader.
/// </summary>
internal readonly record struct ArrowBatchBlock(long MessageStart, int MessageLength, long Rows)
{
    public long BodyStart => MessageStart + MessageLength;
}
