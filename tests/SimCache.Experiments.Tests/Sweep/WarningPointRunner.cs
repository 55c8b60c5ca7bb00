using SimCache.Experiments.Sweep;

namespace SimCache.Experiments.Tests.Sweep;

/// <summary>
/// The formula runner's results, with the warnings <paramref name="warnings"/> gives a point (none when it gives
/// an empty list), so the path of a run's warnings — results.db, a merge, the report — can be checked against
/// known messages.
/// </summary>
public sealed class WarningPointRunner(Func<SweepPoint, long, IReadOnlyList<string>> warnings) : ISweepPointRunner
{
    private readonly FormulaPointRunner _inner = new();

    public string Name => "warning test runner";

    public void Check(SweepPoint point) => _inner.Check(point);

    public PointResult Run(SweepInputs inputs, SweepPoint point, long seed, CancellationToken cancel) =>
        _inner.Run(inputs, point, seed, cancel) with { Warnings = warnings(point, seed) };
}
