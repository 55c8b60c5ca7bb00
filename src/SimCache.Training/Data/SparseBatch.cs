using TorchSharp;
using static TorchSharp.torch;

namespace SimCache.Training.Data;

/// <summary>
/// A batch of binary user rows in the form the models' sparse input layer reads: for every non-zero its row in the
/// batch and its item, plus each row's item count. A user's row holds about 0.5 % of the items on MovieLens-size data,
/// so the first encoder layer (items × hidden, the largest weight of the model) costs a few percent of the dense
/// product when it gathers only the rows of the items a user has. The batch owns its index tensors; dispose it
/// after the pass.
/// </summary>
public sealed class SparseBatch : IDisposable
{
    private SparseBatch(int rows, int columns, long[] rowOf, long[] items, float[] counts, bool densePath, SparseRows? source = null, int[]? sourceRows = null)
    {
        Source = source;
        SourceRows = sourceRows;
        Rows = rows;
        Columns = columns;
        NonZeros = items.Length;
        RowCounts = counts;
        DensePath = densePath;
        RowOf = torch.tensor(rowOf).DetachFromDisposeScope();
        Items = torch.tensor(items).DetachFromDisposeScope();
        Counts = torch.tensor(counts).DetachFromDisposeScope();
        var flat = new long[items.Length];
        for (int k = 0; k < flat.Length; k++) flat[k] = rowOf[k] * columns + items[k];
        FlatIndex = torch.tensor(flat).DetachFromDisposeScope();
        Indices = torch.stack([RowOf, Items]).DetachFromDisposeScope();
    }

    /// <summary>Users in the batch.</summary>
    public int Rows { get; }

    /// <summary>Items (the width of a dense row).</summary>
    public int Columns { get; }

    /// <summary>Number of (user, item) entries.</summary>
    public int NonZeros { get; }

    /// <summary>
    /// When true the models compute the same function through dense batch × items tensors (the reference's
    /// computation). Kept so tests can pin the sparse path against it; training always uses the sparse path.
    /// </summary>
    public bool DensePath { get; }

    /// <summary>Per non-zero: its row in the batch (int64), rows ascending.</summary>
    public Tensor RowOf { get; }

    /// <summary>Per non-zero: its item (int64), ascending within a row.</summary>
    public Tensor Items { get; }

    /// <summary>Per non-zero: row · Columns + item, its offset in a dense row-major batch.</summary>
    public Tensor FlatIndex { get; }

    /// <summary>2 × non-zeros (row, item) coordinates, the index of a sparse COO tensor.</summary>
    public Tensor Indices { get; }

    /// <summary>Per row: its number of items |x| (float32; RecVAE's KL weight is γ·|x|).</summary>
    public Tensor Counts { get; }

    /// <summary>The matrix every row of the batch comes from, when there is one (null for a batch of dense rows or of mixed sources).</summary>
    public SparseRows? Source { get; }

    /// <summary>With <see cref="Source"/>: each batch row's row in it.</summary>
    public IReadOnlyList<int>? SourceRows { get; }

    /// <summary>Per row: its number of items, on the managed side.</summary>
    public IReadOnlyList<float> RowCounts { get; }

    /// <summary>The given rows of <paramref name="source"/>, in that order.</summary>
    public static SparseBatch From(SparseRows source, ReadOnlySpan<int> rows, bool densePath = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        var sources = new SparseRows[rows.Length];
        Array.Fill(sources, source);
        return Build(sources, rows, densePath, source);
    }

    /// <summary>Row <paramref name="rows"/>[b] of <paramref name="sources"/>[b] for every b (all over the same items).</summary>
    public static SparseBatch From(ReadOnlySpan<SparseRows> sources, ReadOnlySpan<int> rows, bool densePath = false) =>
        Build(sources, rows, densePath, null);

    private static SparseBatch Build(ReadOnlySpan<SparseRows> sources, ReadOnlySpan<int> rows, bool densePath, SparseRows? single)
    {
        if (sources.Length != rows.Length) throw new ArgumentException($"{sources.Length} sources for {rows.Length} rows", nameof(sources));
        int columns = sources.Length > 0 ? sources[0].Columns : 0;
        long total = 0;
        for (int b = 0; b < rows.Length; b++)
        {
            if (sources[b].Columns != columns) throw new ArgumentException("the sources cover different item sets", nameof(sources));
            total += sources[b].Count(rows[b]);
        }
        var rowOf = new long[total];
        var items = new long[total];
        var counts = new float[rows.Length];
        long k = 0;
        for (int b = 0; b < rows.Length; b++)
        {
            var own = sources[b].Items(rows[b]);
            counts[b] = own.Length;
            foreach (int item in own)
            {
                rowOf[k] = b;
                items[k++] = item;
            }
        }
        return new SparseBatch(rows.Length, columns, rowOf, items, counts, densePath, single, single is null ? null : rows.ToArray());
    }

    /// <summary>
    /// The rows of a dense binary batch × items tensor (any non-zero counts as an interaction). Lets callers that hold
    /// dense rows use the sparse path.
    /// </summary>
    public static SparseBatch FromDense(Tensor x, bool densePath = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 2) throw new ArgumentException($"Expected a batch × items tensor, got [{string.Join(", ", x.shape)}].", nameof(x));
        int rows = (int)x.shape[0], columns = (int)x.shape[1];
        var values = x.detach().cpu().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
        var rowOf = new List<long>();
        var items = new List<long>();
        var counts = new float[rows];
        for (int b = 0; b < rows; b++)
            for (int i = 0; i < columns; i++)
                if (values[(long)b * columns + i] != 0)
                {
                    rowOf.Add(b);
                    items.Add(i);
                    counts[b]++;
                }
        return new SparseBatch(rows, columns, [.. rowOf], [.. items], counts, densePath);
    }

    /// <summary>
    /// The model input's values per non-zero: each row scaled to unit L2 norm (1/(√|x| + 1e-10), as the reference's
    /// x / (‖x‖ + 1e-10) for binary x), then inverted dropout with rate <paramref name="dropoutRate"/> when
    /// <paramref name="training"/>. A zero of the dense input stays zero under both, so only the non-zeros are
    /// drawn: one Bernoulli draw per non-zero from torch's generator.
    /// </summary>
    public Tensor InputValues(double dropoutRate, bool training)
    {
        if (dropoutRate < 0 || dropoutRate >= 1)
            throw new ArgumentOutOfRangeException(nameof(dropoutRate), dropoutRate, "Dropout rate must be in [0, 1).");
        using var scope = NewDisposeScope();
        var norm = Models.ScalarOps.Add(Counts.sqrt(), Models.VaeMath.NormEpsilon); // per row, float32 as the dense row norm
        var perEntry = norm.reciprocal().index_select(0, RowOf);
        var values = training && dropoutRate > 0 ? nn.functional.dropout(perEntry, dropoutRate, training: true) : perEntry;
        return values.MoveToOuterDisposeScope();
    }

    /// <summary>The batch × items sparse COO tensor with <paramref name="values"/> at the non-zeros.</summary>
    public Tensor ToSparse(Tensor values) =>
        torch.sparse_coo_tensor(Indices, values, [Rows, Columns]);

    /// <summary>The dense batch × items tensor with <paramref name="values"/> at the non-zeros and zeros elsewhere.</summary>
    public Tensor ToDense(Tensor values)
    {
        using var scope = NewDisposeScope();
        var dense = torch.zeros(Rows * (long)Columns, dtype: values.dtype);
        dense.index_put_(values, FlatIndex);
        return dense.view(Rows, Columns).MoveToOuterDisposeScope();
    }

    /// <summary>The binary dense batch × items tensor (1 at every interaction).</summary>
    public Tensor ToDenseBinary()
    {
        using var scope = NewDisposeScope();
        return ToDense(torch.ones(NonZeros)).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        RowOf.Dispose();
        Items.Dispose();
        FlatIndex.Dispose();
        Indices.Dispose();
        Counts.Dispose();
    }
}
