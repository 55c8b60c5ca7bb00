using Apache.Arrow;

namespace SimCache.Data.Arrow;

/// <summary>
/// The life cycle every SimCache Arrow writer shares: rows are buffered per column and written one record
/// batch at a time into a temporary sibling; <see cref="Complete"/> writes the rest and the footer and moves
/// the file into place; disposing without completing deletes the temporary file and leaves whatever was at
/// the target untouched. Each kind only says how to buffer rows and build a batch.
/// </summary>
public abstract class BatchFileWriter : IDisposable
{
    private ArrowFileOutput? _output;
    private bool _disposed;

    /// <summary>Rows appended so far.</summary>
    public long RowCount { get; private protected set; }

    /// <summary>Rows buffered but not yet written.</summary>
    private protected abstract int PendingRows { get; }

    /// <summary>Writes the buffered rows as one record batch (through <see cref="Write"/>) and clears the buffers.</summary>
    private protected abstract void Flush();

    /// <summary>Returns the column buffers to their pool.</summary>
    private protected abstract void ReleaseBuffers();

    /// <summary>Called once by the constructor, when the schema is known.</summary>
    private protected void Open(string path, Schema schema) => _output = new ArrowFileOutput(path, schema);

    private protected void Write(RecordBatch batch) => Output.Write(batch);

    private ArrowFileOutput Output => _output ?? throw new InvalidOperationException("the writer was not opened");

    private protected void EnsureOpen()
    {
        if (_disposed || Output.IsCompleted) throw new InvalidOperationException("the writer is completed or disposed");
    }

    /// <summary>Writes the last batch and the footer, then moves the file into place.</summary>
    public void Complete()
    {
        EnsureOpen();
        if (PendingRows > 0) Flush();
        Output.Complete();
        ReleaseBuffers();
    }

    /// <summary>Without a prior <see cref="Complete"/>: deletes the temporary file; the target is not touched.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _output?.Dispose();
        ReleaseBuffers();
        GC.SuppressFinalize(this);
    }
}
