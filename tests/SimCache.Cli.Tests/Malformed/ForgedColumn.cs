namespace SimCache.Cli.Tests.Malformed;

/// <summary>
/// A column of an <see cref="ArrowTable"/> held as plain .NET values so a case can corrupt it: <c>int[]</c>
/// (int32), <c>long[]</c> (int64), <c>float[]</c> (float32), <c>float[][]</c> or <c>double[][]</c>
/// (fixed-size lists of <see cref="ListSize"/>), <c>int[][]</c> (list&lt;int32&gt;) or <c>string[]</c> (utf8).
/// </summary>
public sealed class ForgedColumn(string name, object data, int listSize = 0)
{
    public string Name { get; set; } = name;

    public object Data { get; set; } = data;

    /// <summary>The declared length of a fixed-size list column (kept apart from the rows so a 0-row file keeps it).</summary>
    public int ListSize { get; set; } = listSize;

    public int Rows => Data switch
    {
        int[] a => a.Length,
        long[] a => a.Length,
        float[] a => a.Length,
        float[][] a => a.Length,
        double[][] a => a.Length,
        int[][] a => a.Length,
        string[] a => a.Length,
        _ => throw new InvalidOperationException("unsupported column data " + Data.GetType()),
    };

    public ForgedColumn Clone() => new(Name, Data switch
    {
        int[] a => a.ToArray(),
        long[] a => a.ToArray(),
        float[] a => a.ToArray(),
        float[][] a => a.Select(r => r.ToArray()).ToArray(),
        double[][] a => a.Select(r => r.ToArray()).ToArray(),
        int[][] a => a.Select(r => r.ToArray()).ToArray(),
        string[] a => a.ToArray(),
        _ => throw new InvalidOperationException("unsupported column data " + Data.GetType()),
    }, ListSize);
}
