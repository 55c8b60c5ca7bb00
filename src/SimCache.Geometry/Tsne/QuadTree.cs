namespace SimCache.Geometry.Tsne;

/// <summary>
/// The Barnes–Hut tree of a 2-D map, rebuilt every iteration: each cell stores its centre of mass and point count,
/// so a cell far enough from a point (side / distance &lt; θ) acts on it as one body. Built by recursive
/// partition of index ranges (deterministic); coincident points end in one multi-point leaf.
/// </summary>
internal sealed class QuadTree
{
    private const int MaxDepth = 48;

    // Per node: centre of mass, count, side length, first child (-1 for a leaf), and the leaf's range in Order.
    public double[] ComX = [], ComY = [];
    public int[] Count = [], FirstChild = [], LeafStart = [];
    public double[] Side = [];
    public int Nodes;
    public readonly int[] Order;
    private readonly int[] _buffer;

    public QuadTree(int n)
    {
        Order = new int[n];
        _buffer = new int[n];
        Grow(4 * n + 16);
    }

    private double[] _points = [];

    /// <summary>Rebuilds the tree over the first n points of <paramref name="y"/> (row-major n × 2).</summary>
    public void Rebuild(double[] y, int n)
    {
        _points = y;
        for (int i = 0; i < n; i++) Order[i] = i;
        double minX = double.PositiveInfinity, minY = double.PositiveInfinity, maxX = double.NegativeInfinity, maxY = double.NegativeInfinity;
        for (int i = 0; i < n; i++)
        {
            minX = Math.Min(minX, y[2 * i]);
            maxX = Math.Max(maxX, y[2 * i]);
            minY = Math.Min(minY, y[2 * i + 1]);
            maxY = Math.Max(maxY, y[2 * i + 1]);
        }
        double side = Math.Max(maxX - minX, maxY - minY);
        side = side > 0 ? side * (1 + 1e-6) : 1e-9;
        Nodes = 1;
        Fill(0, 0, n, (minX + maxX) / 2, (minY + maxY) / 2, side, 0);
    }

    private void Fill(int node, int lo, int hi, double cx, double cy, double side, int depth)
    {
        double sx = 0, sy = 0;
        for (int t = lo; t < hi; t++)
        {
            sx += _points[2 * Order[t]];
            sy += _points[2 * Order[t] + 1];
        }
        int count = hi - lo;
        ComX[node] = sx / count;
        ComY[node] = sy / count;
        Count[node] = count;
        Side[node] = side;
        LeafStart[node] = lo;
        FirstChild[node] = -1;
        if (count == 1 || depth >= MaxDepth || AllSame(lo, hi)) return;
        // Partition into quadrants 0..3 (x ≥ cx → bit 0, y ≥ cy → bit 1), stably via the buffer.
        Span<int> starts = stackalloc int[5];
        Span<int> fill = stackalloc int[4];
        for (int t = lo; t < hi; t++) fill[Quadrant(Order[t], cx, cy)]++;
        starts[0] = lo;
        for (int q = 0; q < 4; q++) starts[q + 1] = starts[q] + fill[q];
        for (int q = 0; q < 4; q++) fill[q] = starts[q];
        for (int t = lo; t < hi; t++) _buffer[fill[Quadrant(Order[t], cx, cy)]++] = Order[t];
        Array.Copy(_buffer, lo, Order, lo, count);
        if (Nodes + 4 > Count.Length) Grow(Count.Length * 2);
        int first = Nodes;
        Nodes += 4;
        FirstChild[node] = first;
        double h = side / 4;
        for (int q = 0; q < 4; q++)
        {
            int slot = first + q;
            if (starts[q] == starts[q + 1])
            {
                Count[slot] = 0;
                FirstChild[slot] = -1;
                continue;
            }
            Fill(slot, starts[q], starts[q + 1], cx + ((q & 1) != 0 ? h : -h), cy + ((q & 2) != 0 ? h : -h), side / 2, depth + 1);
        }
    }

    private int Quadrant(int i, double cx, double cy) =>
        (_points[2 * i] >= cx ? 1 : 0) | (_points[2 * i + 1] >= cy ? 2 : 0);

    private bool AllSame(int lo, int hi)
    {
        int a = Order[lo];
        for (int t = lo + 1; t < hi; t++)
        {
            int b = Order[t];
            if (_points[2 * a] != _points[2 * b] || _points[2 * a + 1] != _points[2 * b + 1]) return false;
        }
        return true;
    }

    private void Grow(int size)
    {
        Array.Resize(ref ComX, size);
        Array.Resize(ref ComY, size);
        Array.Resize(ref Count, size);
        Array.Resize(ref FirstChild, size);
        Array.Resize(ref LeafStart, size);
        Array.Resize(ref Side, size);
    }

    /// <summary>
    /// Repulsion on point i: Σ over summarised cells of N_cell·q², times (y_i − com), and Σ N_cell·q (its share of Z),
    /// with q = 1 / (1 + ‖y_i − com‖²); the point itself is left out.
    /// </summary>
    public void Repulsion(int i, double theta2, Span<int> stack, out double fx, out double fy, out double sumQ)
    {
        double px = _points[2 * i], py = _points[2 * i + 1];
        fx = 0;
        fy = 0;
        sumQ = 0;
        int top = 0;
        stack[top++] = 0;
        while (top > 0)
        {
            int node = stack[--top];
            int count = Count[node];
            if (count == 0) continue;
            double dx = px - ComX[node], dy = py - ComY[node];
            double d2 = dx * dx + dy * dy;
            bool leaf = FirstChild[node] < 0;
            if (leaf || Side[node] * Side[node] < theta2 * d2)
            {
                if (leaf && Contains(node, i)) count--;
                if (count == 0) continue;
                double q = 1.0 / (1.0 + d2);
                sumQ += count * q;
                double m = count * q * q;
                fx += m * dx;
                fy += m * dy;
            }
            else
            {
                int first = FirstChild[node];
                for (int c = 3; c >= 0; c--) stack[top++] = first + c;
            }
        }
    }

    private bool Contains(int leaf, int i)
    {
        int start = LeafStart[leaf];
        for (int t = start; t < start + Count[leaf]; t++)
            if (Order[t] == i) return true;
        return false;
    }
}
