using SimCache.Experiments.Config;

namespace SimCache.Experiments.Results;

/// <summary>
/// The one order of results rows (CSV, report table): experiment, policy, then parameter values by name and
/// simulator options by name (numbers by value, so capacity 200 comes before 1000; a missing value first;
/// numbers before text), then the point key, then the seed. It depends only on row contents, never on the
/// order points finished in, so <c>--jobs 1</c> and <c>--jobs 8</c> export identical files.
/// </summary>
public sealed class RowOrder : IComparer<ResultRow>
{
    public static readonly RowOrder Instance = new();

    public int Compare(ResultRow? x, ResultRow? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        int c = string.CompareOrdinal(x.Experiment, y.Experiment);
        if (c != 0) return c;
        c = string.CompareOrdinal(x.Policy, y.Policy);
        if (c != 0) return c;
        c = CompareSets(x.Parameters, y.Parameters);
        if (c != 0) return c;
        c = CompareSets(x.Simulator, y.Simulator);
        if (c != 0) return c;
        c = string.CompareOrdinal(x.PointKey, y.PointKey);
        return c != 0 ? c : x.Seed.CompareTo(y.Seed);
    }

    private static int CompareSets(IReadOnlyList<KeyValuePair<string, ParamValue>> x, IReadOnlyList<KeyValuePair<string, ParamValue>> y)
    {
        foreach (var name in x.Select(p => p.Key).Union(y.Select(p => p.Key)).Order(StringComparer.Ordinal))
        {
            int c = CompareValues(x.FirstOrDefault(p => p.Key == name).Value, y.FirstOrDefault(p => p.Key == name).Value);
            if (c != 0) return c;
        }
        return 0;
    }

    /// <summary>Missing first, then numbers by value, then everything else by canonical text.</summary>
    public static int CompareValues(ParamValue? a, ParamValue? b)
    {
        if (a is null || b is null) return a is null ? (b is null ? 0 : -1) : 1;
        if (a.Number is double x && b.Number is double y) return x.CompareTo(y);
        if (a.Number is not null) return -1;
        if (b.Number is not null) return 1;
        return string.CompareOrdinal(a.Canonical, b.Canonical);
    }
}
