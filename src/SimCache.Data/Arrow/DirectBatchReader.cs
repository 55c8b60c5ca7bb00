using Apache.Arrow;
using Apache.Arrow.Types;
using Microsoft.Win32.SafeHandles;

namespace SimCache.Data.Arrow;

/// <summary>
/// Reads a record batch straight from the file into one reused buffer, and only the columns the caller wants.
/// The Arrow library's reader allocates (and zero-fills) fresh memory for every batch and copies the whole
/// body, list columns included, which made streaming a trace several times slower than replaying it from
/// memory. The arrays built here are exactly those the library builds (same types, lengths, null counts,
/// offset 0, empty buffers for zero-length ones, children in schema order), so every later check sees the
/// same thing. Anything unusual — a type outside the plain layouts, node or buffer counts that do not match
/// the schema, compression, a buffer outside the body — returns null and the caller lets the library read
/// that batch, so its behaviour on odd or damaged files is unchanged. Arrays stay valid until the next batch
/// is read (they alias the reused buffer; a managed array, so a stale view reads later data, never freed memory).
/// </summary>
internal sealed class DirectBatchReader
{
    /// <summary>Skipped bytes between wanted buffers cheaper to read through than to split the read at.</summary>
    private const int GapToBridge = 1 << 16;
    private const int MaxDepth = 16;
    /// <summary>Bytes read per call: small enough that a chunk is still in cache when its floats are checked.</summary>
    private const int ChunkBytes = 1 << 19;

    private readonly SafeFileHandle _file;
    private readonly Schema _schema;
    private readonly int[] _fieldBuffers;
    private readonly int[] _fieldNodes;
    private readonly int[] _floatValues;
    private readonly bool[] _finite;
    private readonly float[] _limits;
    private readonly List<(int Field, long Start, long End)> _checks = [];
    private readonly int _totalNodes;
    private readonly int _totalBuffers;
    private byte[] _message = new byte[4096];
    private byte[] _body = [];
    private (long Length, long NullCount)[] _nodes = [];
    private (long Offset, long Length)[] _buffers = [];
    private readonly List<(long Start, long End, int At)> _ranges = [];
    private readonly List<(long Start, long End)> _spans = [];

    private DirectBatchReader(SafeFileHandle file, Schema schema, int[] fieldNodes, int[] fieldBuffers)
    {
        _file = file;
        _schema = schema;
        _fieldNodes = fieldNodes;
        _fieldBuffers = fieldBuffers;
        _totalNodes = fieldNodes.Sum();
        _totalBuffers = fieldBuffers.Sum();
        var fields = schema.FieldsList;
        _floatValues = new int[fields.Count];
        _finite = new bool[fields.Count];
        _limits = new float[fields.Count];
        for (int i = 0; i < fields.Count; i++)
        {
            bool vectors = fields[i].DataType is FixedSizeListType { ValueDataType: FloatType };
            _floatValues[i] = vectors ? 2 : -1; // list validity, float validity, float values
            if (vectors) _limits[i] = FiniteCheck.MagnitudeLimit(((FixedSizeListType)fields[i].DataType).ListSize);
        }
    }

    /// <summary>
    /// True when every float of column <paramref name="field"/>'s vector values buffer in the batch last read was
    /// checked finite and within <see cref="FiniteCheck.MagnitudeLimit"/> of the column's dimension while it was read (a FixedSizeList&lt;float32&gt; column only). Checking each chunk as it
    /// arrives, still in cache, saves the separate pass over the vectors; false means "not known", and the
    /// caller then scans as before, so a bad value is reported exactly as it always was.
    /// </summary>
    public bool KnownFinite(int field) => _finite[field];

    /// <summary>A reader for files of <paramref name="schema"/>, or null when a column type is not one this reader lays out.</summary>
    public static DirectBatchReader? For(SafeFileHandle file, Schema schema)
    {
        var fields = schema.FieldsList;
        var nodes = new int[fields.Count];
        var buffers = new int[fields.Count];
        for (int i = 0; i < fields.Count; i++)
            if (!Count(fields[i].DataType, ref nodes[i], ref buffers[i], 0)) return null;
        return new DirectBatchReader(file, schema, nodes, buffers);
    }

    /// <summary>
    /// Buffers the Arrow library assigns an array of this type (ArrowReaderImplementation.LoadField), or -1 for
    /// types this reader leaves to the library.
    /// </summary>
    private static int BufferCount(IArrowType type) => type.TypeId switch
    {
        ArrowTypeId.FixedSizeList or ArrowTypeId.Struct => 1,
        ArrowTypeId.String or ArrowTypeId.Binary => 3,
        ArrowTypeId.List or ArrowTypeId.Boolean
            or ArrowTypeId.Int8 or ArrowTypeId.UInt8 or ArrowTypeId.Int16 or ArrowTypeId.UInt16
            or ArrowTypeId.Int32 or ArrowTypeId.UInt32 or ArrowTypeId.Int64 or ArrowTypeId.UInt64
            or ArrowTypeId.HalfFloat or ArrowTypeId.Float or ArrowTypeId.Double
            or ArrowTypeId.Date32 or ArrowTypeId.Date64 or ArrowTypeId.Timestamp => 2,
        _ => -1,
    };

    private static bool Count(IArrowType type, ref int nodes, ref int buffers, int depth)
    {
        int own = BufferCount(type);
        if (own < 0 || depth > MaxDepth) return false;
        nodes++;
        buffers += own;
        if (type is NestedType nested)
            foreach (var child in nested.Fields)
                if (!Count(child.DataType, ref nodes, ref buffers, depth + 1)) return false;
        return true;
    }

    /// <summary>
    /// Reads the batch at <paramref name="block"/>, loading only columns with <paramref name="wanted"/> set (the
    /// others are <see cref="NullArray"/> placeholders of the batch length); null when the library should read it.
    /// </summary>
    public RecordBatch? TryRead(ArrowBatchBlock block, bool[] wanted)
    {
        if (block.MessageLength > _message.Length) _message = new byte[block.MessageLength];
        ReadExactly(_message.AsSpan(0, block.MessageLength), block.MessageStart);
        if (!ParseMessage(new FlatBufferView(_message, block.MessageLength), out long rows, out long bodyLength)) return null;
        if (!PlanReads(wanted, bodyLength, out int total)) return null;
        if (_body.Length < total)
        {
            // Batches differ in size (list columns); room for a quarter more keeps one buffer for the whole file,
            // so resident memory stays at one batch (the untouched tail of an uninitialised array is not resident).
            _body = [];
            _body = GC.AllocateUninitializedArray<byte>((int)Math.Min(System.Array.MaxLength, total + (long)total / 4));
        }
        PlanChecks(wanted);
        foreach (var (start, end, at) in _ranges)
            for (long from = start; from < end; from += ChunkBytes)
            {
                int n = (int)Math.Min(ChunkBytes, end - from);
                var chunk = _body.AsSpan(at + (int)(from - start), n);
                ReadExactly(chunk, block.BodyStart + from);
                CheckChunk(chunk, from);
            }

        var fields = _schema.FieldsList;
        var arrays = new List<IArrowArray>(fields.Count);
        int node = 0, buffer = 0;
        for (int i = 0; i < fields.Count; i++)
        {
            if (wanted[i]) arrays.Add(ArrowArrayFactory.BuildArray(Load(fields[i].DataType, ref node, ref buffer)));
            else
            {
                arrays.Add(new NullArray((int)rows));
                node += _fieldNodes[i];
                buffer += _fieldBuffers[i];
            }
        }
        return new RecordBatch(_schema, arrays, (int)rows);
    }

    /// <summary>Reads nodes and buffers of the record-batch message; false when anything is not the plain layout.</summary>
    private bool ParseMessage(FlatBufferView m, out long rows, out long bodyLength)
    {
        rows = bodyLength = 0;
        int root = m.Root();
        int typePos = m.Field(root, 1);
        if (typePos < 0 || m.Byte(typePos) != 3) return false; // 3 = RecordBatch
        int bodyPos = m.Field(root, 3);
        bodyLength = bodyPos < 0 ? 0 : m.Long(bodyPos);
        if (bodyLength < 0 || bodyLength > int.MaxValue) return false;
        int headerPos = m.Field(root, 2);
        if (headerPos < 0) return false;
        int batch = m.Forward(headerPos);
        int lengthPos = m.Field(batch, 0);
        rows = lengthPos < 0 ? 0 : m.Long(lengthPos);
        if (rows < 0 || rows > int.MaxValue || m.Field(batch, 3) >= 0) return false; // compressed
        int nodesPos = m.Field(batch, 1), buffersPos = m.Field(batch, 2);
        if (nodesPos < 0 || buffersPos < 0) return false;
        int nodes = m.Forward(nodesPos), buffers = m.Forward(buffersPos);
        if (m.VectorLength(nodes, 16) != _totalNodes || m.VectorLength(buffers, 16) != _totalBuffers) return false;
        if (_nodes.Length != _totalNodes) _nodes = new (long, long)[_totalNodes];
        if (_buffers.Length != _totalBuffers) _buffers = new (long, long)[_totalBuffers];
        for (int k = 0; k < _totalNodes; k++)
        {
            long length = m.Long(nodes + 4 + 16 * k), nulls = m.Long(nodes + 12 + 16 * k);
            if (length < 0 || length > int.MaxValue || nulls < 0 || nulls > length) return false;
            _nodes[k] = (length, nulls);
        }
        for (int k = 0; k < _totalBuffers; k++)
        {
            long offset = m.Long(buffers + 4 + 16 * k), length = m.Long(buffers + 12 + 16 * k);
            if (offset < 0 || length < 0 || offset > bodyLength || length > bodyLength - offset) return false;
            _buffers[k] = (offset, length);
        }
        return true;
    }

    /// <summary>The body ranges to read for the wanted columns, merged when close, packed one after another.</summary>
    private bool PlanReads(bool[] wanted, long bodyLength, out int total)
    {
        _ranges.Clear();
        var spans = _spans;
        spans.Clear();
        int buffer = 0;
        for (int i = 0; i < _fieldBuffers.Length; i++)
        {
            if (wanted[i])
                for (int k = buffer; k < buffer + _fieldBuffers[i]; k++)
                    if (_buffers[k].Length > 0) spans.Add((_buffers[k].Offset, _buffers[k].Offset + _buffers[k].Length));
            buffer += _fieldBuffers[i];
        }
        spans.Sort();
        long at = 0;
        foreach (var (start, end) in spans)
        {
            if (_ranges.Count > 0 && start <= _ranges[^1].End + GapToBridge)
            {
                var last = _ranges[^1];
                if (end > last.End)
                {
                    at += end - last.End;
                    _ranges[^1] = (last.Start, end, last.At);
                }
                continue;
            }
            _ranges.Add((start, end, (int)at));
            at += end - start;
        }
        total = (int)at;
        return at <= bodyLength;
    }

    /// <summary>Which read bytes hold vector floats to check on arrival; the others are known not finite-checked.</summary>
    private void PlanChecks(bool[] wanted)
    {
        _checks.Clear();
        int buffer = 0;
        for (int i = 0; i < _fieldBuffers.Length; i++)
        {
            _finite[i] = false;
            if (wanted[i] && _floatValues[i] >= 0)
            {
                var (offset, length) = _buffers[buffer + _floatValues[i]];
                if (length % sizeof(float) == 0)
                {
                    _finite[i] = true;
                    if (length > 0) _checks.Add((i, offset, offset + length));
                }
            }
            buffer += _fieldBuffers[i];
        }
    }

    /// <summary>Checks the vector floats inside the chunk that starts at body offset <paramref name="from"/>.</summary>
    private void CheckChunk(ReadOnlySpan<byte> chunk, long from)
    {
        foreach (var (field, start, end) in _checks)
        {
            if (!_finite[field]) continue;
            long lo = Math.Max(start, from), hi = Math.Min(end, from + chunk.Length);
            if (lo >= hi) continue;
            if ((lo - start) % sizeof(float) != 0 || (hi - lo) % sizeof(float) != 0) { _finite[field] = false; continue; }
            var floats = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(chunk.Slice((int)(lo - from), (int)(hi - lo)));
            if (FiniteCheck.IndexOfOutOfRange(floats, _limits[field]) >= 0) _finite[field] = false;
        }
    }

    private ArrayData Load(IArrowType type, ref int node, ref int buffer)
    {
        var (length, nulls) = _nodes[node++];
        var buffers = new ArrowBuffer[BufferCount(type)];
        for (int k = 0; k < buffers.Length; k++) buffers[k] = Buffer(_buffers[buffer++]);
        ArrayData[]? children = null;
        if (type is NestedType nested)
        {
            children = new ArrayData[nested.Fields.Count];
            for (int c = 0; c < children.Length; c++) children[c] = Load(nested.Fields[c].DataType, ref node, ref buffer);
        }
        return new ArrayData(type, (int)length, (int)nulls, 0, buffers, children);
    }

    private ArrowBuffer Buffer((long Offset, long Length) b)
    {
        if (b.Length <= 0) return ArrowBuffer.Empty;
        foreach (var (start, end, at) in _ranges)
            if (b.Offset >= start && b.Offset + b.Length <= end)
                return new ArrowBuffer(_body.AsMemory(at + (int)(b.Offset - start), (int)b.Length));
        throw new InvalidOperationException($"buffer at {b.Offset} was not read"); // unreachable: every wanted buffer is planned
    }

    private void ReadExactly(Span<byte> target, long position)
    {
        while (!target.IsEmpty)
        {
            int n = RandomAccess.Read(_file, target, position);
            if (n == 0) throw new InvalidOperationException("Unexpectedly reached the end of the stream before a full buffer was read.");
            target = target[n..];
            position += n;
        }
    }
}
