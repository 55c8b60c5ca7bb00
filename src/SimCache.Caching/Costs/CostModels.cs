using SimCache.Caching.Configuration;

namespace SimCache.Caching.Costs;

/// <summary>The cost models by config name (one line each).</summary>
public static class CostModels
{
    /// <summary>The default when a cache spec names none.</summary>
    public const string Default = "power";

    public static ComponentRegistry<Func<SpecArguments, CostModel>> Registry { get; } = new("cost", new ComponentInfo<Func<SpecArguments, CostModel>>[]
    {
        new("power", [new("alpha", "1", "exponent α of C_a(d) = d^α"), new("cr", "1", "retrieval cost C_r")],
            "C_a(d) = d^α", a => { double alpha = a.Double("alpha", 0, minExclusive: true); double cr = a.Double("cr", 0, minExclusive: true); return new PowerCost(alpha, cr, a.Canonical()); }),
        new("threshold", [new("theta", null, "distance up to which an answer is free (inclusive)"), new("cr", "1", "retrieval cost C_r")],
            "C_a(d) = 0 if d ≤ θ else 1", a => { double theta = a.Double("theta", 0); double cr = a.Double("cr", 0, minExclusive: true); return new ThresholdCost(theta, cr, a.Canonical()); }),
    });

    /// <summary>Builds the cost model a spec names, e.g. <c>power(alpha=2, cr=5)</c>.</summary>
    public static CostModel Create(Spec spec)
    {
        var (info, args) = Registry.Resolve(spec);
        return info.Create(args);
    }

    /// <summary>Parses and builds.</summary>
    public static CostModel Create(string text) => Create(Spec.Parse(text, "cost"));
}
