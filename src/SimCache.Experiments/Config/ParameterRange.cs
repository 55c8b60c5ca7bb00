using System.Globalization;

namespace SimCache.Experiments.Config;

/// <summary>
/// A range of sweep values, <c>{"from": 0.2, "to": 2, "steps": 10}</c>: <see cref="Steps"/> counts the points,
/// both ends included, so that example is 0.2, 0.4, …, 2.0 (spacing (to − from)/(steps − 1)). With
/// <c>"scale": "log"</c> the points are spaced evenly in log (from·(to/from)^(i/(steps−1)), both ends &gt; 0),
/// e.g. 1 to 1000 in 4 steps is 1, 10, 100, 1000. Each value is rounded to 12 significant digits, so that
/// floating-point drift (0.2 + 3·0.2 = 0.8000000000000002) never leaks into point keys; with
/// <c>"integer": true</c> values are rounded to whole numbers (capacities), and two equal values are refused.
/// </summary>
public sealed record ParameterRange(double From, double To, int Steps, bool Log = false, bool Integer = false)
{
    public const int MaxSteps = 100_000;

    /// <summary>The values, first to last; throws <see cref="ArgumentException"/> with a plain reason when the range is invalid.</summary>
    public IReadOnlyList<double> Expand()
    {
        if (!double.IsFinite(From) || !double.IsFinite(To)) throw new ArgumentException("from and to must be finite numbers");
        if (Steps < 2 || Steps > MaxSteps) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"steps counts the points with both ends included and must be in [2, {MaxSteps}], found {Steps}; for one value write the value itself"));
        if (From == To) throw new ArgumentException("from and to are equal; for one value write the value itself");
        if (Log && (From <= 0 || To <= 0)) throw new ArgumentException("a log-spaced range needs from > 0 and to > 0");
        var values = new double[Steps];
        double logFrom = Math.Log(From), logTo = Math.Log(To);
        for (int i = 0; i < Steps; i++)
        {
            double v = i == 0 ? From
                : i == Steps - 1 ? To
                : Log ? Math.Exp(logFrom + (logTo - logFrom) * i / (Steps - 1))
                : From + (To - From) * i / (Steps - 1);
            v = double.Parse(v.ToString("G12", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            if (Integer) v = Math.Round(v, MidpointRounding.AwayFromZero);
            if (v == 0) v = 0;
            values[i] = v;
        }
        if (Integer)
            for (int i = 1; i < Steps; i++)
                if (values[i] == values[i - 1])
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"rounded to whole numbers, points {i} and {i + 1} are both {values[i]}: use fewer steps"));
        return values;
    }
}
