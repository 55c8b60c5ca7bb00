using System.Buffers.Binary;

namespace SimCache.Data.Arrow;

/// <summary>
/// Just enough bounds-checked FlatBuffers reading to vet an Arrow file's footer and message headers before
/// the Arrow library sees them. The library trusts lengths it reads (it rents buffers of whatever size a
/// damaged header claims), so the sizes are checked here first; every out-of-range read throws
/// <see cref="InvalidDataException"/>.
/// </summary>
internal readonly struct FlatBufferView(byte[] buffer, int length)
{
    public int Length => length;

    public int Int(int pos)
    {
        if (pos < 0 || pos > length - 4) throw new InvalidDataException($"flatbuffer read at {pos} outside {length} bytes");
        return BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(pos));
    }

    public long Long(int pos)
    {
        if (pos < 0 || pos > length - 8) throw new InvalidDataException($"flatbuffer read at {pos} outside {length} bytes");
        return BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(pos));
    }

    public int UShort(int pos)
    {
        if (pos < 0 || pos > length - 2) throw new InvalidDataException($"flatbuffer read at {pos} outside {length} bytes");
        return BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(pos));
    }

    public byte Byte(int pos)
    {
        if (pos < 0 || pos >= length) throw new InvalidDataException($"flatbuffer read at {pos} outside {length} bytes");
        return buffer[pos];
    }

    /// <summary>Position of the root table.</summary>
    public int Root() => Forward(0);

    /// <summary>Absolute position of field <paramref name="index"/> of the table at <paramref name="table"/>, or -1 when absent.</summary>
    public int Field(int table, int index)
    {
        int vtable = table - Int(table);
        int vtableSize = UShort(vtable);
        if (vtableSize < 4) throw new InvalidDataException("flatbuffer vtable too small");
        int slot = 4 + 2 * index;
        if (slot + 2 > vtableSize) return -1;
        int offset = UShort(vtable + slot);
        if (offset == 0) return -1;
        int pos = table + offset;
        if (pos >= length) throw new InvalidDataException("flatbuffer field outside buffer");
        return pos;
    }

    /// <summary>Follows the offset stored at <paramref name="pos"/>; FlatBuffers offsets only point forward.</summary>
    public int Forward(int pos)
    {
        int rel = Int(pos);
        if (rel <= 0 || (long)pos + rel >= length) throw new InvalidDataException($"flatbuffer offset {rel} at {pos} out of range");
        return pos + rel;
    }

    /// <summary>Element count of the vector at <paramref name="vector"/>, checked to fit in the buffer.</summary>
    public int VectorLength(int vector, int elementSize)
    {
        int n = Int(vector);
        if (n < 0 || (long)vector + 4 + (long)n * elementSize > length)
            throw new InvalidDataException($"flatbuffer vector of {n} elements does not fit in {length} bytes");
        return n;
    }
}
