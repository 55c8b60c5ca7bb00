using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;

namespace SimCache.Data.Arrow;

/// <summary>
/// A growable, pooled buffer of one primitive column for the batch being assembled. Writers append
/// millions of rows, so values go straight into rented byte arrays that are handed to Arrow without a copy
/// and reused for the next batch, instead of per-row objects or Arrow builders that reallocate.
/// </summary>
internal sealed class ColumnBuffer<T> : IDisposable where T : unmanaged
{
    private byte[] _bytes;
    private int _count;

    public ColumnBuffer(int initialCapacity = 1024)
    {
        _bytes = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 16) * Unsafe.SizeOf<T>());
    }

    public int Count => _count;

    public ReadOnlySpan<T> Span => MemoryMarshal.Cast<byte, T>(_bytes.AsSpan(0, _count * Unsafe.SizeOf<T>()));

    public void Append(T value)
    {
        EnsureRoom(1);
        MemoryMarshal.Cast<byte, T>(_bytes.AsSpan())[_count++] = value;
    }

    public void Append(ReadOnlySpan<T> values)
    {
        EnsureRoom(values.Length);
        values.CopyTo(MemoryMarshal.Cast<byte, T>(_bytes.AsSpan()).Slice(_count));
        _count += values.Length;
    }

    /// <summary>Reserves <paramref name="n"/> elements at the end and returns them for the caller to fill.</summary>
    public Span<T> Extend(int n)
    {
        EnsureRoom(n);
        var span = MemoryMarshal.Cast<byte, T>(_bytes.AsSpan()).Slice(_count, n);
        _count += n;
        return span;
    }

    /// <summary>Drops the last elements (used to undo a partly appended row).</summary>
    public void Truncate(int count) => _count = count;

    /// <summary>The current contents as an Arrow buffer; valid until the next append or <see cref="Clear"/>.</summary>
    public ArrowBuffer ToArrowBuffer() => new(new ReadOnlyMemory<byte>(_bytes, 0, _count * Unsafe.SizeOf<T>()));

    public void Clear() => _count = 0;

    private void EnsureRoom(int n)
    {
        long needed = ((long)_count + n) * Unsafe.SizeOf<T>();
        if (needed <= _bytes.Length) return;
        long size = Math.Max(needed, (long)_bytes.Length * 2);
        if (size > System.Array.MaxLength) size = needed;
        if (size > System.Array.MaxLength) throw new InvalidOperationException("record batch column exceeds 2 GB; use a smaller batchRows");
        var bigger = ArrayPool<byte>.Shared.Rent((int)size);
        _bytes.AsSpan(0, _count * Unsafe.SizeOf<T>()).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_bytes);
        _bytes = bigger;
    }

    public void Dispose()
    {
        if (_bytes.Length == 0) return;
        ArrayPool<byte>.Shared.Return(_bytes);
        _bytes = [];
        _count = 0;
    }
}
