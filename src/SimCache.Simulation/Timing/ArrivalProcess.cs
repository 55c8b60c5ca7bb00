using SimCache.Caching.Configuration;
using SimCache.Data.IO;

namespace SimCache.Simulation.Timing;

/// <summary>
/// When requests arrive. <c>trace</c> keeps the trace's own timestamps (seconds); <c>poisson(rate=R)</c> keeps
/// the trace's order but re-times it as a Poisson process of R requests per second starting at 0 (exponential
/// gaps from a seeded generator), which makes latency and TTL experiments independent of the trace's bursts.
/// </summary>
public abstract class ArrivalProcess
{
    public abstract string Description { get; }

    /// <summary>True if arrivals are the trace's own timestamps (the engine then reads them directly).</summary>
    public virtual bool IsTraceTimes => false;

    /// <summary>The arrival time of the next request, given its trace timestamp.</summary>
    public abstract double Next(long traceTimestamp);

    public static ArrivalProcess Parse(string text, int seed)
    {
        ArgumentNullException.ThrowIfNull(text);
        var spec = Spec.Parse(text, "arrivals");
        switch (spec.Name)
        {
            case "trace":
                _ = new SpecArguments(spec, [], "arrivals");
                return new TraceTimes();
            case "poisson":
                var args = new SpecArguments(spec, [new ParameterInfo("rate", null, "requests per second")], "arrivals");
                return new Poisson(args.Double("rate", 0, minExclusive: true), seed);
            default:
                throw new UsageException($"--arrivals: unknown arrival process '{spec.Name}'; valid: trace, poisson(rate=R)");
        }
    }

    private sealed class TraceTimes : ArrivalProcess
    {
        public override string Description => "trace";
        public override bool IsTraceTimes => true;
        public override double Next(long traceTimestamp) => traceTimestamp;
    }

    private sealed class Poisson(double rate, int seed) : ArrivalProcess
    {
        private readonly Random _random = new(seed);
        private double _time;

        public override string Description => $"poisson(rate={SpecArguments.Num(rate)})";

        public override double Next(long traceTimestamp)
        {
            _time += -Math.Log(1.0 - _random.NextDouble()) / rate;
            return _time;
        }
    }
}
