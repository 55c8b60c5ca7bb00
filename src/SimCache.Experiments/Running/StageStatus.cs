namespace SimCache.Experiments.Running;

/// <summary>One line of a run's account: a stage, whether it ran, was reused, was given, or was skipped, and why.</summary>
public sealed record StageStatus(string Stage, string Status, string Detail, string? Key = null, double Seconds = 0)
{
    public const string Ran = "ran";
    public const string Cached = "cached";
    public const string Given = "given";
    public const string Skipped = "skipped";
}
