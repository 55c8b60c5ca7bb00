using Apache.Arrow;
using SimCache.Data.IO;

namespace SimCache.Data.Arrow;

/// <summary>
/// What every SimCache Arrow reader shares: opening and vetting the file for one kind, streaming one record
/// batch at a time, and turning anything the Arrow library throws on a damaged batch into a
/// <see cref="DataFormatException"/> naming the file and the batch's first row. Each kind only says how to
/// view a vetted batch.
/// </summary>
public abstract class BatchFileReader<TBatch> : IDisposable where TBatch : class
{
    private protected BatchFileReader(ArrowInput input) => Input = input;

    private protected ArrowInput Input { get; }

    public string Path => Input.Path;

    public IReadOnlyDictionary<string, string> Metadata => Input.Metadata;

    public long TotalRows => Input.TotalRows;

    public int BatchCount => Input.BatchCount;

    /// <summary>The next batch, or null at the end; the previous batch's spans become invalid.</summary>
    public TBatch? ReadNextBatch()
    {
        var batch = Input.ReadNext(out long firstRow);
        if (batch is null) return null;
        try
        {
            return View(batch, firstRow);
        }
        catch (Exception ex) when (ex is not DataFormatException)
        {
            throw new DataFormatException(Input.Path, "damaged record batch: " + ArrowInput.Describe(ex), firstRow, ex);
        }
    }

    /// <summary>All batches in order; each is valid only until the enumeration advances.</summary>
    public IEnumerable<TBatch> ReadBatches()
    {
        while (ReadNextBatch() is { } b) yield return b;
    }

    public void Dispose()
    {
        Input.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Checks one batch's columns and exposes them; may throw anything, which is reported as damage.</summary>
    private protected abstract TBatch View(RecordBatch batch, long firstRow);

    /// <summary>Opens <paramref name="path"/> as a file of <paramref name="kind"/> and builds the reader, closing the file if that fails.</summary>
    private protected static TReader Open<TReader>(string path, ArrowFileKind kind, Func<ArrowInput, TReader> create, bool direct = true)
    {
        var input = ArrowInput.Open(path, kind, direct);
        try
        {
            return create(input);
        }
        catch
        {
            input.Dispose();
            throw;
        }
    }
}
