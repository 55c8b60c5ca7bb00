using Apache.Arrow;
using Apache.Arrow.Ipc;

namespace SimCache.Data.Arrow;

/// <summary>
/// The temp-file-then-rename half of every writer. <see cref="IO.AtomicFile"/> takes the whole write as one
/// callback, which does not fit writers fed row by row over a long run, so this keeps the same contract
/// (sibling temp file, renamed over the target only on <see cref="Complete"/>, deleted otherwise) across calls.
/// </summary>
internal sealed class ArrowFileOutput : IDisposable
{
    private readonly string _target;
    private readonly string _temp;
    private FileStream? _stream;
    private ArrowFileWriter? _writer;
    private bool _completed;

    public ArrowFileOutput(string path, Schema schema)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _target = System.IO.Path.GetFullPath(path);
        var dir = System.IO.Path.GetDirectoryName(_target)!;
        Directory.CreateDirectory(dir);
        _temp = System.IO.Path.Combine(dir,
            "." + System.IO.Path.GetFileName(_target) + ".tmp-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8]);
        _stream = new FileStream(_temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        try
        {
            _writer = new ArrowFileWriter(_stream, schema, leaveOpen: true);
            _writer.WriteStart();
        }
        catch
        {
            Abort();
            throw;
        }
    }

    /// <summary>The final path.</summary>
    public string Path => _target;

    /// <summary>The temporary path (exposed for diagnostics and tests).</summary>
    public string TempPath => _temp;

    public bool IsCompleted => _completed;

    public void Write(RecordBatch batch)
    {
        if (_writer is null) throw new InvalidOperationException("the writer is completed or disposed");
        try
        {
            _writer.WriteRecordBatch(batch);
        }
        catch
        {
            Abort();
            throw;
        }
    }

    public void Complete()
    {
        if (_writer is null || _stream is null) throw new InvalidOperationException("the writer is completed or disposed");
        try
        {
            _writer.WriteEnd();
            _writer.Dispose();
            _writer = null;
            _stream.Flush(flushToDisk: true);
            _stream.Dispose();
            _stream = null;
            File.Move(_temp, _target, overwrite: true);
            _completed = true;
        }
        catch
        {
            Abort();
            throw;
        }
    }

    private void Abort()
    {
        try { _writer?.Dispose(); } catch (Exception) { /* the stream is discarded anyway */ }
        _writer = null;
        try { _stream?.Dispose(); } catch (IOException) { }
        _stream = null;
        try { File.Delete(_temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public void Dispose()
    {
        if (!_completed) Abort();
    }
}
