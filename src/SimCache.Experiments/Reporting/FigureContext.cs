using SimCache.Experiments.Results;
using SimCache.Experiments.Sweep;

namespace SimCache.Experiments.Reporting;

/// <summary>
/// What every figure of one experiment is drawn from, computed once: its rows, each point's means over seeds,
/// each policy's best setting per capacity (<see cref="PolicyComparison"/>), a fixed colour per policy, and where
/// figures and the notes on figures not drawn go. A figure is a static <c>Draw(FigureContext)</c> in its own file
/// plus one line in <see cref="FigureSet.Build"/>.
/// </summary>
public sealed class FigureContext
{
    private IReadOnlyList<BestSetting>? _best;

    public FigureContext(IReadOnlyList<ResultRow> rows, Func<ResultRow, TimeSeries?> series, string dir)
    {
        Rows = rows;
        Series = series;
        Dir = dir;
        Points = FigureSet.Means(rows);
        Seeds = rows.Select(r => r.Seed).Distinct().Count();
        Policies = rows.Select(r => r.Policy).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    public IReadOnlyList<ResultRow> Rows { get; }
    public Func<ResultRow, TimeSeries?> Series { get; }
    public string Dir { get; }
    public IReadOnlyList<(ResultRow Row, Dictionary<string, double> Means)> Points { get; }
    public int Seeds { get; }

    /// <summary>Every policy of the experiment, in name order: a policy's palette slot is its place here in every figure.</summary>
    public IReadOnlyList<string> Policies { get; }

    public List<Figure> Figures { get; } = [];
    public List<string> Notes { get; } = [];

    /// <summary>Each policy's best setting (lowest mean cost per request) at each capacity.</summary>
    public IReadOnlyList<BestSetting> Best => _best ??= PolicyComparison.Best(Rows, Notes);

    /// <summary>" Each point is the mean over N seeds." when there are several, else "".</summary>
    public string MeanText => Seeds > 1 ? $" Each point is the mean over {Seeds} seeds." : "";

    public int Colour(string policy) => Math.Max(0, Policies.ToList().IndexOf(policy));

    /// <summary>A policy's legend text: its name, marked when its numbers are not on the same footing as the others'.</summary>
    public static string PolicyLabel(string policy) => PolicyComparison.Caveat(policy) is null ? policy : policy + " (not comparable: see text)";

    public void Add(Figure figure, string section)
    {
        Figures.Add(figure with { Section = section });
    }
}
