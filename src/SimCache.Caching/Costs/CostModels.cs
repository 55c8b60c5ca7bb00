using System.Globalization;
using SimCache.Caching.Configuration;
using SimCache.Data.IO;

namespace SimCache.Caching.Costs;

/// <summary>The cost models by config name (one line each).</summary>
public static class CostModels
{
    /// <summary>The default when a cache spec names none.</summary>
    public const string Default = "power";

    public static ComponentRegistry<Func<SpecArguments, CostModel>> Registry { get; } = new("cost", new ComponentInfo<Func<SpecArguments, CostModel>>[]
    {
        new("power", [new("alpha", "1", "exponent α of C_a(d) = d^α"), new("cr", "1", RetrievalHelp)],
            "C_a(d) = d^α", a => { double alpha = a.Double("alpha", 0, minExclusive: true); double cr = a.Double("cr", 0, minExclusive: true); return new PowerCost(alpha, cr, a.Canonical()); }),
        new("threshold", [new("theta", null, "distance up to which an answer is free (inclusive)"), new("cr", "1", RetrievalHelp)],
            "C_a(d) = 0 if d ≤ θ else 1", a => { double theta = a.Double("theta", 0); double cr = a.Double("cr", 0, minExclusive: true); return new ThresholdCost(theta, cr, a.Canonical()); }),
    });

    /// <summary>The help of <c>cr</c>: what an omitted one stands for.</summary>
    public const string RetrievalHelp = "retrieval cost C_r; omitted: the trace's distance scale (1 where no trace is known)";

    /// <summary>Builds the cost model a spec names, e.g. <c>power(alpha=2, cr=5)</c>; an omitted <c>cr</c> is 1.</summary>
    public static CostModel Create(Spec spec) => Create(spec, null);

    /// <summary>
    /// Builds the cost model a spec names. When the spec gives no <c>cr</c> and <paramref name="derivedRetrieval"/>
    /// is given, C_r is its value (the trace's distance scale, asked for only then), the model is marked
    /// <see cref="CostModel.RetrievalDerived"/> and its description names the value, so what a replay used is
    /// always written out; without it an omitted <c>cr</c> is the registry's default 1.
    /// </summary>
    public static CostModel Create(Spec spec, Func<double>? derivedRetrieval)
    {
        bool derive = derivedRetrieval is not null && !spec.Arguments.Any(a => a.Key == "cr");
        if (derive)
        {
            double cr = derivedRetrieval!();
            if (!(cr > 0) || !double.IsFinite(cr))
                throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                    $"cost '{spec.Name}': the trace's distance scale is {cr}, which cannot be a retrieval cost; give cr= explicitly"));
            spec = new Spec(spec.Name, [.. spec.Arguments, new SpecArgument("cr", SpecArguments.Num(cr), null)]);
        }
        var (info, args) = Registry.Resolve(spec);
        var model = info.Create(args);
        model.RetrievalDerived = derive;
        return model;
    }

    /// <summary>Parses and builds.</summary>
    public static CostModel Create(string text) => Create(Spec.Parse(text, "cost"));
}
