namespace SimCache.Experiments.Stages;

/// <summary>
/// How to build a stage whose work is too long to throw away when it is stopped (training: an hour of epochs at
/// ML-20M scale). <paramref name="Start"/> builds from nothing in an empty work folder; <paramref name="Resume"/>
/// continues in a work folder an interrupted or killed build of the same key left; <paramref name="Inspect"/> says
/// what such a folder holds. See <see cref="StageCache.RunResumable"/>.
/// </summary>
public sealed record ResumableBuild(Action<string> Start, Action<string> Resume, Func<string, KeptWork> Inspect);
