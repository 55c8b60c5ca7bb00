using System.Buffers.Binary;

namespace SimCache.Data.Arrow;

/// <summary>
/// Structural vetting of an Arrow IPC file before it is handed to the Arrow library: magic at both ends,
/// footer length, every record-batch block and message header inside the file, no dictionaries, no
/// compression, and a bounded schema. This is what makes damaged files fail fast with a clear message
/// instead of the library allocating gigabytes, recursing without end or reading past the end. It also
/// yields the row count of every batch, so readers know the total before streaming.
/// </summary>
internal static class ArrowFileGuard
{
    private static ReadOnlySpan<byte> Magic => "ARROW1"u8;

    private const int MessageHeaderRecordBatch = 3;
    private const int MaxSchemaDepth = 16;

    /// <summary>
    /// Vets the file; throws <see cref="InvalidDataException"/> describing the first problem. Returns where each
    /// record batch's message and body lie, so batches can be read directly without trusting the file again.
    /// </summary>
    public static ArrowBatchBlock[] Scan(FileStream fs)
    {
        long len = fs.Length;
        if (len == 0) throw new InvalidDataException("the file is empty, expected an Arrow IPC file");
        var head = new byte[8];
        int got = ReadAt(fs, 0, head, 0, (int)Math.Min(8, len));
        if (got < 6 || !head.AsSpan(0, 6).SequenceEqual(Magic))
        {
            if (got >= 4 && BinaryPrimitives.ReadInt32LittleEndian(head) == -1)
                throw new InvalidDataException("this is an Arrow IPC stream, expected an Arrow IPC file (Feather v2) starting with ARROW1");
            throw new InvalidDataException("not an Arrow IPC file: it does not start with the magic bytes ARROW1");
        }
        if (len < 8 + 4 + 6 + 8)
            throw new InvalidDataException($"truncated Arrow file: only {len} bytes");
        var tail = new byte[10];
        ReadAt(fs, len - 10, tail, 0, 10);
        if (!tail.AsSpan(4, 6).SequenceEqual(Magic))
            throw new InvalidDataException("truncated or damaged Arrow file: it does not end with the magic bytes ARROW1");
        int footerLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
        long footerStart = len - 10 - (long)footerLength;
        if (footerLength <= 0 || footerStart < 8)
            throw new InvalidDataException($"damaged Arrow file: footer length {footerLength} does not fit in a file of {len} bytes");

        var footerBytes = new byte[footerLength];
        ReadAt(fs, footerStart, footerBytes, 0, footerLength);
        var footer = new FlatBufferView(footerBytes, footerLength);
        int root = footer.Root();

        int schemaPos = footer.Field(root, 1);
        if (schemaPos < 0) throw new InvalidDataException("damaged Arrow file: the footer has no schema");
        CheckSchema(footer, footer.Forward(schemaPos));

        int dictPos = footer.Field(root, 2);
        if (dictPos >= 0 && footer.VectorLength(footer.Forward(dictPos), 24) > 0)
            throw new InvalidDataException("dictionary-encoded columns are not used by SimCache files");

        int batchesPos = footer.Field(root, 3);
        if (batchesPos < 0) return [];
        int vec = footer.Forward(batchesPos);
        int count = footer.VectorLength(vec, 24);
        var blocks = new ArrowBatchBlock[count];
        var prefix = new byte[8];
        for (int i = 0; i < count; i++)
        {
            int b = vec + 4 + 24 * i;
            long offset = footer.Long(b);
            int metaLength = footer.Int(b + 8);
            long bodyLength = footer.Long(b + 16);
            if (offset < 8 || offset >= footerStart || metaLength < 8 || bodyLength < 0 || bodyLength > footerStart
                || offset + metaLength + bodyLength > footerStart)
                throw new InvalidDataException($"damaged Arrow file: record batch {i} block (offset {offset}, metadata {metaLength}, body {bodyLength}) lies outside the data area");
            ReadAt(fs, offset, prefix, 0, 8);
            int first = BinaryPrimitives.ReadInt32LittleEndian(prefix);
            long start;
            int messageLength;
            if (first == -1) { messageLength = BinaryPrimitives.ReadInt32LittleEndian(prefix.AsSpan(4)); start = offset + 8; }
            else { messageLength = first; start = offset + 4; }
            if (messageLength <= 0 || start + messageLength > offset + metaLength)
                throw new InvalidDataException($"damaged Arrow file: record batch {i} message length {messageLength} does not fit its block");
            var messageBytes = new byte[messageLength];
            ReadAt(fs, start, messageBytes, 0, messageLength);
            long rows = CheckMessage(new FlatBufferView(messageBytes, messageLength), i, footerStart - (start + messageLength));
            blocks[i] = new ArrowBatchBlock(start, messageLength, rows);
        }
        return blocks;
    }

    private static long CheckMessage(FlatBufferView m, int index, long roomForBody)
    {
        int root = m.Root();
        int typePos = m.Field(root, 1);
        int headerType = typePos < 0 ? 0 : m.Byte(typePos);
        if (headerType != MessageHeaderRecordBatch)
            throw new InvalidDataException($"damaged Arrow file: block {index} does not hold a record batch (message type {headerType})");
        int bodyPos = m.Field(root, 3);
        long bodyLength = bodyPos < 0 ? 0 : m.Long(bodyPos);
        if (bodyLength < 0 || bodyLength > roomForBody || bodyLength > int.MaxValue)
            throw new InvalidDataException($"damaged Arrow file: record batch {index} claims a body of {bodyLength} bytes, only {roomForBody} are left");
        int headerPos = m.Field(root, 2);
        if (headerPos < 0) throw new InvalidDataException($"damaged Arrow file: record batch {index} has no header");
        int batch = m.Forward(headerPos);
        int lengthPos = m.Field(batch, 0);
        long rows = lengthPos < 0 ? 0 : m.Long(lengthPos);
        if (rows < 0 || rows > int.MaxValue)
            throw new InvalidDataException($"damaged Arrow file: record batch {index} claims {rows} rows");
        if (m.Field(batch, 3) >= 0)
            throw new InvalidDataException($"record batch {index} is compressed; SimCache reads only uncompressed Arrow files");

        int nodesPos = m.Field(batch, 1);
        if (nodesPos >= 0)
        {
            int nodes = m.Forward(nodesPos);
            int n = m.VectorLength(nodes, 16);
            for (int k = 0; k < n; k++)
            {
                long nodeLength = m.Long(nodes + 4 + 16 * k);
                long nullCount = m.Long(nodes + 4 + 16 * k + 8);
                if (nodeLength < 0 || nodeLength > int.MaxValue || nullCount < 0 || nullCount > nodeLength)
                    throw new InvalidDataException($"damaged Arrow file: record batch {index} column node {k} has length {nodeLength} and {nullCount} nulls");
            }
        }
        int buffersPos = m.Field(batch, 2);
        if (buffersPos >= 0)
        {
            int buffers = m.Forward(buffersPos);
            int n = m.VectorLength(buffers, 16);
            for (int k = 0; k < n; k++)
            {
                long off = m.Long(buffers + 4 + 16 * k);
                long blen = m.Long(buffers + 4 + 16 * k + 8);
                if (off < 0 || blen < 0 || off > bodyLength || blen > bodyLength - off)
                    throw new InvalidDataException($"damaged Arrow file: record batch {index} buffer {k} (offset {off}, length {blen}) lies outside its {bodyLength}-byte body");
            }
        }
        return rows;
    }

    /// <summary>Walks schema fields and their children with a depth limit, so a damaged schema cannot loop.</summary>
    private static void CheckSchema(FlatBufferView f, int schema)
    {
        int fieldsPos = f.Field(schema, 1);
        if (fieldsPos < 0) return;
        CheckFields(f, f.Forward(fieldsPos), 0);
    }

    private static void CheckFields(FlatBufferView f, int vector, int depth)
    {
        if (depth > MaxSchemaDepth) throw new InvalidDataException("damaged Arrow file: schema nesting too deep");
        int n = f.VectorLength(vector, 4);
        for (int i = 0; i < n; i++)
        {
            int field = f.Forward(vector + 4 + 4 * i);
            int childrenPos = f.Field(field, 5);
            if (childrenPos >= 0) CheckFields(f, f.Forward(childrenPos), depth + 1);
        }
    }

    private static int ReadAt(FileStream fs, long position, byte[] buffer, int offset, int count)
    {
        fs.Position = position;
        int total = 0;
        while (total < count)
        {
            int n = fs.Read(buffer, offset + total, count - total);
            if (n == 0) break;
            total += n;
        }
        if (total < count && count > 0 && position + count <= fs.Length)
            throw new InvalidDataException("unexpected end of file");
        return total;
    }
}
