namespace SimCache.Geometry.Umap;

/// <summary>
/// UMAP's fuzzy simplicial set as a symmetric sparse matrix in CSR form: row i's neighbours in ascending column
/// order with their membership strengths in (0, 1]. Both directions of every edge are stored, as the layout
/// samples each direction on its own (as the reference implementation does).
/// </summary>
public sealed class FuzzyGraph
{
    public FuzzyGraph(int count, int[] rowStart, int[] columns, double[] weights)
    {
        if (rowStart.Length != count + 1 || columns.Length != weights.Length || rowStart[count] != columns.Length)
            throw new ArgumentException("rowStart must hold count + 1 offsets ending at the number of entries");
        Count = count;
        RowStart = rowStart;
        Columns = columns;
        Weights = weights;
    }

    public int Count { get; }
    public int[] RowStart { get; }
    public int[] Columns { get; }
    public double[] Weights { get; }

    public int Edges => Columns.Length;

    /// <summary>The weight of edge (i, j), 0 when absent.</summary>
    public double Weight(int i, int j)
    {
        int lo = RowStart[i], hi = RowStart[i + 1];
        int at = Array.BinarySearch(Columns, lo, hi - lo, j);
        return at >= 0 ? Weights[at] : 0;
    }
}
