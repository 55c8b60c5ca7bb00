namespace SimCache.Experiments.Sweep;

/// <summary>The inputs besides the trace a sweep point cannot run without, so <c>run</c> can check that the stages making them are configured.</summary>
[Flags]
public enum SweepNeeds
{
    None = 0,

    /// <summary>The trained model's decoder (the training stage).</summary>
    Decoder = 1,

    /// <summary>The geometry stage's gmm.json.</summary>
    Mixture = 2,
}
