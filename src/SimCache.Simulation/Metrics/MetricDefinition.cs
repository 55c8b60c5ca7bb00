namespace SimCache.Simulation.Metrics;

/// <summary>
/// One metric of a replay, declared once in <see cref="MetricRegistry"/>: everything that shows it (summary.json,
/// results.db and results.csv, the sweep's metric names, the report's table and the figures' axes) reads it from
/// here, so a name cannot be misspelt in one place and silently missing in another.
/// </summary>
/// <param name="Name">The column of results.db and results.csv (lower-case letters, digits and '_').</param>
/// <param name="Label">Short words for a reader (a table heading's tooltip, an axis).</param>
/// <param name="Unit">What the number counts or measures ("requests", "× C_r", "seconds", "" for a plain share).</param>
/// <param name="SummaryPath">
/// Where summary.json holds it, as a dotted path (<c>ratios.hit_ratio</c>), or null when summary.json keeps it in
/// another form (the warnings' text). A path under a section that the run did not produce (<c>index_recall</c>
/// without sampling) is not written.
/// </param>
/// <param name="Aggregate">How it summarises the counted requests.</param>
/// <param name="Direction">Whether higher or lower is better.</param>
/// <param name="Compute">The value, from the replay's counters and samples; NaN exactly when <paramref name="Undefined"/> holds.</param>
/// <param name="UndefinedWhen">When the value does not exist, in words (null: it always does).</param>
/// <param name="Undefined">The same condition, checkable on a run (null: never).</param>
/// <param name="Integer">Whether the value is a whole number (summary.json writes it without a fraction).</param>
public sealed record MetricDefinition(
    string Name,
    string Label,
    string Unit,
    string? SummaryPath,
    MetricAggregate Aggregate,
    MetricDirection Direction,
    Func<MetricSource, double> Compute,
    string? UndefinedWhen = null,
    Func<MetricSource, bool>? Undefined = null,
    bool Integer = false)
{
    /// <summary>
    /// The slot of <see cref="Replay.ReplayCounters.Events"/> a replay-counted event keeps its count in
    /// (<see cref="MetricRegistry"/>'s <c>Event</c> declarations), or −1 for a metric computed otherwise.
    /// </summary>
    public int EventSlot { get; init; } = -1;

    /// <summary>
    /// Its value over one window of counted requests (a row of timeseries.csv and of the sweep's time series), or
    /// null for a metric kept only for the whole run (quantiles, rates, the scale).
    /// </summary>
    public Func<Replay.WindowRow, double>? PerWindow { get; init; }

    /// <summary>An axis title: the label with its unit, e.g. <c>cost per request (× C_r)</c>.</summary>
    public string AxisLabel => Unit.Length == 0 ? Label : $"{Label} ({Unit})";

    /// <summary>"Higher is better", "Lower is better" or empty, for a caption.</summary>
    public string DirectionText => Direction switch
    {
        MetricDirection.HigherIsBetter => "Higher is better",
        MetricDirection.LowerIsBetter => "Lower is better",
        _ => "",
    };

    /// <summary>Whether the run must have a finite value for it.</summary>
    public bool IsDefinedFor(MetricSource source) => Undefined is null || !Undefined(source);
}
