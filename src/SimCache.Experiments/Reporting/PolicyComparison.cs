using SimCache.Caching.Policies;
using SimCache.Experiments.Config;
using SimCache.Experiments.Results;
using SimCache.Experiments.Sweep;

namespace SimCache.Experiments.Reporting;

/// <summary>
/// Puts policies side by side: for each policy and each value of a swept parameter (the capacity), the setting of
/// its other parameters (threshold, q, …) with the lowest mean cost per request over seeds, and every metric of
/// that setting over its seeds (<see cref="SeedBand"/>). One line per policy at its best setting is what a reader
/// can compare across policies; a line per setting only compares a policy with itself. Cost decides because it is
/// the one number that weighs hits against what the approximate answers cost; ties go to the first point in the
/// results' own order, so the choice is reproducible. The figures only draw what this returns.
/// </summary>
public static class PolicyComparison
{
    public const string Capacity = "capacity";

    /// <summary>
    /// The best setting of every policy at every value of <paramref name="x"/>, ordered by policy then x. Points
    /// without a numeric <paramref name="x"/> or without a defined <paramref name="by"/> on any seed are not
    /// candidates; a (policy, x) with no candidate is absent and named in <paramref name="notes"/>.
    /// </summary>
    public static IReadOnlyList<BestSetting> Best(IReadOnlyList<ResultRow> rows, List<string>? notes = null, string x = Capacity, string? by = null)
    {
        by ??= SweepMetrics.CostPerRequest;
        var points = Points(rows);
        var result = new List<BestSetting>();
        foreach (var policy in points.Where(p => p.Rows[0].Parameter(x)?.Number is not null).GroupBy(p => p.Rows[0].Policy).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var varying = Varying(policy.Select(p => p.Rows[0]).ToList(), x);
            foreach (var at in policy.GroupBy(p => p.Rows[0].Parameter(x)!.Number!.Value).OrderBy(g => g.Key))
            {
                var scored = at.Select(p => (Point: p, Score: SeedBand.Of(p.Rows.Select(r => r.Metric(by))).Mean)).Where(s => !double.IsNaN(s.Score)).ToList();
                if (scored.Count == 0)
                {
                    notes?.Add($"{policy.Key} at {x} = {ParamValue.FormatNumber(at.Key)}: no setting has '{by}', so it has no best setting there.");
                    continue;
                }
                var best = scored.OrderBy(s => s.Score).ThenBy(s => s.Point.Rows[0], RowOrder.Instance).First().Point;
                var metrics = best.Rows.SelectMany(r => r.Metrics.Keys).Distinct(StringComparer.Ordinal)
                    .ToDictionary(m => m, m => SeedBand.Of(best.Rows.Select(r => r.Metric(m))), StringComparer.Ordinal);
                result.Add(new BestSetting(policy.Key, at.Key, best.Rows[0], Label(best.Rows[0], varying, null, compact: false), scored.Count, metrics));
            }
        }
        return result;
    }

    /// <summary>Rows grouped by point, each group's rows by seed, the points in the results' order.</summary>
    public static IReadOnlyList<(IReadOnlyList<ResultRow> Rows, string Key)> Points(IReadOnlyList<ResultRow> rows) =>
        rows.GroupBy(r => r.PointKey).Select(g => ((IReadOnlyList<ResultRow>)g.OrderBy(r => r.Seed).ToList(), g.Key))
            .OrderBy(p => p.Item1[0], RowOrder.Instance).ToList();

    /// <summary>The parameters and simulator options that take more than one value among <paramref name="rows"/>, except <paramref name="x"/> and the "_relative" companions.</summary>
    public static IReadOnlyList<string> Varying(IReadOnlyList<ResultRow> rows, string? x)
    {
        IEnumerable<string> Of(Func<ResultRow, IReadOnlyList<KeyValuePair<string, ParamValue>>> set) =>
            rows.SelectMany(set).Select(p => p.Key).Distinct(StringComparer.Ordinal)
                .Where(k => k != x && !k.EndsWith("_relative", StringComparison.Ordinal))
                .Where(k => rows.Select(r => set(r).FirstOrDefault(p => p.Key == k).Value?.Canonical ?? "").Distinct(StringComparer.Ordinal).Count() > 1)
                .Order(StringComparer.Ordinal);
        return Of(r => r.Parameters).Concat(Of(r => r.Simulator)).ToList();
    }

    /// <summary>
    /// A point's setting by the <paramref name="names"/> given (and <paramref name="x"/> first, when not null): a
    /// parameter given relative to the trace's distance scale by its multiple ("threshold=0.4×scale"), the way the
    /// experiment gave it. Compact labels, for text beside a marker, shorten capacity to K and threshold to θ and
    /// drop the word "scale" ("K=100, θ=0.4×").
    /// </summary>
    public static string Label(ResultRow row, IReadOnlyList<string> names, string? x, bool compact)
    {
        var parts = new List<string>();
        foreach (var name in x is null ? names : names.Prepend(x))
        {
            var value = row.Parameter(name) ?? row.Option(name);
            if (value is null) continue;
            string shown = compact ? name switch { Capacity => "K", "threshold" => "θ", _ => name } : name;
            parts.Add(row.Parameter(name + "_relative") is { } relative
                ? $"{shown}={relative.Canonical}×{(compact ? "" : "scale")}"
                : $"{shown}={value.Canonical}");
        }
        return string.Join(", ", parts);
    }

    /// <summary>The declared reason a policy's numbers are not comparable with the key caches' (see the policy's registry line), or null.</summary>
    public static string? Caveat(string policy) => PolicyRegistry.Registry.Entries.FirstOrDefault(e => e.Name == policy)?.Caveat;
}
