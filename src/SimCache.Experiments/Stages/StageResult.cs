namespace SimCache.Experiments.Stages;

/// <summary>A stage's folder and key, and whether it was reused from the cache or run now (and how long that took).</summary>
public sealed record StageResult(string Name, string Folder, string Key, bool Reused, double Seconds);
