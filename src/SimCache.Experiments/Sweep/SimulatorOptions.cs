using SimCache.Experiments.Config;

namespace SimCache.Experiments.Sweep;

/// <summary>
/// A point's simulator options, typed for the simulator adapter (the values of <c>simcache simulate</c>'s
/// options of the same names; see <see cref="SimulatorGrid"/>).
/// </summary>
/// <param name="Index"><c>exact</c>, <c>hnsw</c> or <c>hnsw(ef=N)</c>.</param>
/// <param name="Latency">Seconds (a number) or a distribution such as <c>exp(mean=0.05)</c> (its canonical text).</param>
/// <param name="LatencySeconds">The latency when it is a constant, else null.</param>
/// <param name="TtlSeconds">Entry lifetime, or null for none.</param>
/// <param name="Arrivals"><c>trace</c> or <c>poisson(rate=R)</c>.</param>
/// <param name="Warmup">Requests replayed but not counted.</param>
/// <param name="Window">The time-series window, as <c>simulate --window</c>.</param>
public sealed record SimulatorOptions(string Index, string Latency, double? LatencySeconds, double? TtlSeconds, string Arrivals, long Warmup, double Window)
{
    public static SimulatorOptions From(IReadOnlyList<KeyValuePair<string, ParamValue>> options)
    {
        ParamValue Get(string name) => options.First(o => o.Key == name).Value;
        var latency = Get(SimulatorGrid.Latency);
        return new SimulatorOptions(
            Get(SimulatorGrid.Index).Canonical,
            latency.Canonical,
            latency.Number,
            Get(SimulatorGrid.Ttl).Number,
            Get(SimulatorGrid.Arrivals).Canonical,
            (long)Get(SimulatorGrid.Warmup).Number!.Value,
            Get(SimulatorGrid.Window).Number!.Value);
    }
}
