using System.Globalization;
using SimCache.Caching.Configuration;
using SimCache.Data.IO;

namespace SimCache.Simulation.Timing;

/// <summary>
/// How long a miss's retrieval takes, in seconds. Latency is what turns a miss into a window during which further
/// requests can only wait (delayed hits), so it is a distribution, sampled from a seeded generator so a replay is
/// reproducible: <c>0</c> or a number (constant), <c>const(value=S)</c>, <c>exp(mean=S)</c>, <c>uniform(min=A, max=B)</c>.
/// </summary>
public abstract class LatencyModel
{
    /// <summary>The canonical spelling, recorded with the results.</summary>
    public abstract string Description { get; }

    /// <summary>True if every retrieval completes at once (the engine then takes its zero-latency path).</summary>
    public virtual bool IsZero => false;

    public abstract double Sample(Random random);

    public override string ToString() => Description;

    public static LatencyModel Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double constant))
            return Constant(constant, "--latency");
        var spec = Spec.Parse(text, "latency");
        return spec.Name switch
        {
            "const" => Constant(Args(spec, ["value"]).Double("value", 0), "--latency const(value)"),
            "exp" => new Exponential(Args(spec, ["mean"]).Double("mean", 0, minExclusive: true)),
            "uniform" => Uniform(Args(spec, ["min", "max"])),
            _ => throw new UsageException($"--latency: unknown latency '{spec.Name}'; valid: a number of seconds, const(value=S), exp(mean=S), uniform(min=A, max=B)"),
        };
    }

    private static SpecArguments Args(Spec spec, string[] names) =>
        new(spec, names.Select(n => new ParameterInfo(n, null, "seconds")).ToArray(), "latency " + spec.Name);

    private static LatencyModel Constant(double seconds, string where)
    {
        if (!(seconds >= 0) || !double.IsFinite(seconds)) throw new UsageException($"{where}: the latency must be a finite number of seconds ≥ 0, got {seconds}");
        return new ConstantLatency(seconds);
    }

    private static LatencyModel Uniform(SpecArguments args)
    {
        double min = args.Double("min", 0), max = args.Double("max", 0);
        if (!(max >= min)) throw new UsageException($"--latency uniform: max ({max}) must be ≥ min ({min})");
        return new UniformLatency(min, max);
    }

    private sealed class ConstantLatency(double seconds) : LatencyModel
    {
        public override string Description => seconds == 0 ? "0" : $"const(value={SpecArguments.Num(seconds)})";
        public override bool IsZero => seconds == 0;
        public override double Sample(Random random) => seconds;
    }

    private sealed class Exponential(double mean) : LatencyModel
    {
        public override string Description => $"exp(mean={SpecArguments.Num(mean)})";
        public override double Sample(Random random) => -mean * Math.Log(1.0 - random.NextDouble());
    }

    private sealed class UniformLatency(double min, double max) : LatencyModel
    {
        public override string Description => $"uniform(min={SpecArguments.Num(min)}, max={SpecArguments.Num(max)})";
        public override double Sample(Random random) => min + (max - min) * random.NextDouble();
    }
}
