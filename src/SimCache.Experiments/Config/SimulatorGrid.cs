namespace SimCache.Experiments.Config;

/// <summary>
/// <c>sweep.simulator</c>: the replay options every point of the sweep runs with (the options of
/// <c>simcache simulate</c>). index, latency, ttl and arrivals may be lists or ranges and then multiply the
/// grid (e.g. a latency sweep for delayed hits); warmup and window are single values. Every option is always
/// present here, defaults filled in, so a point's key names all of them.
/// </summary>
public sealed record SimulatorGrid(IReadOnlyList<GridParameter> Options)
{
    public const string Index = "index";
    public const string Latency = "latency";
    public const string Ttl = "ttl";
    public const string Arrivals = "arrivals";
    public const string Warmup = "warmup";
    public const string Window = "window";

    /// <summary>Option names in canonical (ordinal) order.</summary>
    public static IReadOnlyList<string> Names { get; } = new[] { Index, Latency, Ttl, Arrivals, Warmup, Window }.Order(StringComparer.Ordinal).ToArray();

    /// <summary>The defaults: exact index, no latency, no expiry, the trace's own arrival times, no warm-up, windows of 1,000 requests.</summary>
    public static SimulatorGrid Default { get; } = new(
    [
        new(Arrivals, [ParamValue.Of("trace")]),
        new(Index, [ParamValue.Of("exact")]),
        new(Latency, [ParamValue.Of(0)]),
        new(Ttl, [ParamValue.Of("none")]),
        new(Warmup, [ParamValue.Of(0)]),
        new(Window, [ParamValue.Of(1000)]),
    ]);
}
