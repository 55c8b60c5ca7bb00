using System.Security.Cryptography;
using SimCache.Data.IO;

namespace SimCache.Data.Ingest;

/// <summary>
/// Streams the lines of a text file as byte spans (no string per line), hashing every byte on the way so
/// the input's sha256 costs no second pass. Accepts LF and CRLF endings and skips a UTF-8 byte order mark
/// (which still counts in the hash).
/// </summary>
internal sealed class LineSource : IDisposable
{
    private readonly FileStream _stream;
    private readonly IncrementalHash? _hash;
    private byte[] _buffer = new byte[1 << 20];
    private int _start;
    private int _end;
    private bool _eof;
    private bool _bomChecked;

    public LineSource(string path, IncrementalHash? hash)
    {
        Path = path;
        _hash = hash;
        try
        {
            _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFormatException(path, "cannot be opened: " + e.Message);
        }
    }

    public string Path { get; }

    /// <summary>1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Bytes consumed from the file so far.</summary>
    public long BytesRead { get; private set; }

    public long Length => _stream.Length;

    /// <summary>The next line without its terminator; the span is valid until the next call.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            int nl = pending.IndexOf((byte)'\n');
            if (LineNumber == 0 && !_bomChecked)
            {
                if (pending.Length < 3 && !_eof) { Fill(); continue; }
                _bomChecked = true;
                if (pending.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) { _start += 3; continue; } // UTF-8 byte order mark
            }
            if (nl >= 0)
            {
                line = TrimCr(pending[..nl]);
                _start += nl + 1;
                LineNumber++;
                return true;
            }
            if (_eof)
            {
                if (pending.Length > 0)
                {
                    line = TrimCr(pending);
                    _start = _end;
                    LineNumber++;
                    return true;
                }
                line = default;
                return false;
            }
            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= 1 << 28)
                throw new DataFormatException(Path, "a line is longer than 256 MB; this is not a text rating file", LineNumber + 1);
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n == 0)
        {
            _eof = true;
            return;
        }
        _hash?.AppendData(_buffer, _end, n);
        _end += n;
        BytesRead += n;
    }

    private static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> s) =>
        s.Length > 0 && s[^1] == (byte)'\r' ? s[..^1] : s;

    public void Dispose() => _stream.Dispose();
}
