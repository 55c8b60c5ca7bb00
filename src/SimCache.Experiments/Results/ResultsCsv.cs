using System.Text;
using SimCache.Data.IO;
using SimCache.Experiments.Config;

namespace SimCache.Experiments.Results;

/// <summary>
/// results.csv: the whole of results.db as one table for pandas, R or a spreadsheet, regenerated from the
/// database (never appended to), written atomically, rows in <see cref="RowOrder"/>. Columns: experiment,
/// point_key, seed, policy, cache, the simulator options, the cache parameters, the metrics (each group by
/// name), then inputs, code_version, wall_seconds. Numbers in invariant culture (shortest round-trip);
/// an undefined metric is an empty cell; text is quoted as RFC 4180 says when it needs to be.
/// </summary>
public static class ResultsCsv
{
    public const string FileName = "results.csv";

    /// <summary>The header names, in order.</summary>
    public static IReadOnlyList<string> Header(IReadOnlyDictionary<string, ColumnRole> columns) =>
    [
        .. ResultColumns.Leading,
        .. Names(columns, ColumnRole.Simulator),
        .. Names(columns, ColumnRole.Parameter),
        .. Names(columns, ColumnRole.Metric),
        .. ResultColumns.Trailing,
    ];

    /// <summary>Writes the store's rows to <paramref name="path"/> atomically.</summary>
    public static void Write(ResultsStore store, string path) => AtomicFile.WriteAllText(path, Render(store.Columns(), store.Rows()));

    public static string Render(IReadOnlyDictionary<string, ColumnRole> columns, IReadOnlyList<ResultRow> rows)
    {
        var header = Header(columns);
        var sb = new StringBuilder();
        sb.Append(string.Join(",", header.Select(Quote))).Append('\n');
        foreach (var row in rows)
        {
            for (int i = 0; i < header.Count; i++)
            {
                if (i > 0) sb.Append(',');
                sb.Append(Quote(Cell(row, header[i], columns)));
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static IEnumerable<string> Names(IReadOnlyDictionary<string, ColumnRole> columns, ColumnRole role) =>
        columns.Where(c => c.Value == role).Select(c => c.Key).Order(StringComparer.Ordinal);

    private static string Cell(ResultRow row, string name, IReadOnlyDictionary<string, ColumnRole> columns) => name switch
    {
        ResultColumns.Experiment => row.Experiment,
        ResultColumns.PointKey => row.PointKey,
        ResultColumns.Seed => row.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ResultColumns.Policy => row.Policy,
        ResultColumns.Cache => row.Cache,
        ResultColumns.Inputs => row.Inputs,
        ResultColumns.CodeVersion => row.CodeVersion,
        ResultColumns.WallSeconds => ParamValue.FormatNumber(row.WallSeconds),
        _ => columns[name] switch
        {
            ColumnRole.Metric => double.IsNaN(row.Metric(name)) ? "" : ParamValue.FormatNumber(row.Metric(name)),
            ColumnRole.Parameter => row.Parameter(name)?.Canonical ?? "",
            _ => row.Option(name)?.Canonical ?? "",
        },
    };

    private static string Quote(string s) =>
        s.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
