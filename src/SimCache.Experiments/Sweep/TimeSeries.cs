using SimCache.Experiments.Results;

namespace SimCache.Experiments.Sweep;

/// <summary>
/// A point's per-window measurements (the simulator's timeseries.csv): named columns, one row per window.
/// Stored with the point's row in results.db, in the same transaction, and drawn as hit ratio over time.
/// Column names follow <see cref="SweepMetrics"/> (<c>time</c>, <c>requests</c>, <c>hit_ratio</c>, …).
/// </summary>
public sealed class TimeSeries
{
    public TimeSeries(IReadOnlyList<string> columns, IReadOnlyList<double[]> rows)
    {
        if (columns.Count == 0) throw new ArgumentException("a time series needs at least one column");
        foreach (var c in columns)
            if (!ResultColumns.IsValidName(c)) throw new ArgumentException($"time series column '{c}': names are lower-case letters, digits and '_'");
        if (columns.Distinct(StringComparer.Ordinal).Count() != columns.Count) throw new ArgumentException("time series columns must be distinct");
        foreach (var r in rows)
            if (r.Length != columns.Count) throw new ArgumentException($"a time series row has {r.Length} values for {columns.Count} columns");
        Columns = columns;
        Rows = rows;
    }

    public IReadOnlyList<string> Columns { get; }
    public IReadOnlyList<double[]> Rows { get; }

    /// <summary>The values of one column, or null if there is no such column.</summary>
    public double[]? Column(string name)
    {
        int c = Columns.ToList().IndexOf(name);
        return c < 0 ? null : Rows.Select(r => r[c]).ToArray();
    }
}
