namespace SimCache.Experiments.Running;

/// <summary>
/// One line of a run's account: a stage, whether it ran, was reused, was given, or was skipped, and why; for a
/// stage that ran, its wall time and the process's peak resident memory while it ran (<paramref name="PeakBytes"/>,
/// native memory such as libtorch's and what earlier stages still hold included; 0 where the system cannot
/// measure one stage apart from the rest of the run).
/// </summary>
public sealed record StageStatus(string Stage, string Status, string Detail, string? Key = null, double Seconds = 0, long PeakBytes = 0)
{
    public const string Ran = "ran";
    public const string Cached = "cached";
    public const string Given = "given";
    public const string Skipped = "skipped";
}
