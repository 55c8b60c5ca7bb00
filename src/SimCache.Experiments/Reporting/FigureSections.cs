namespace SimCache.Experiments.Reporting;

/// <summary>
/// The parts of an experiment's policy comparison on the page, in page order, by the id suffix of their element
/// (the page's check requires some of them by id): the policies side by side, the quality/hit-ratio frontier,
/// hit ratio over time, then every per-setting figure as detail.
/// </summary>
public static class FigureSections
{
    public const string Comparison = "comparison";
    public const string Frontier = "frontier";
    public const string OverTime = "over-time";
    public const string Detail = "detail";

    public static IReadOnlyList<(string Id, string Title)> All { get; } =
    [
        (Comparison, "Policies compared"),
        (Frontier, "Quality loss vs hit ratio"),
        (OverTime, "Hit ratio over time"),
        (Detail, "Detail: every setting"),
    ];
}
