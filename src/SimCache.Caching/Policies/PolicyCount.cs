namespace SimCache.Caching.Policies;

/// <summary>A declared <see cref="PolicyCounter"/> and the value the policy counted.</summary>
public readonly record struct PolicyCount(PolicyCounter Counter, double Value)
{
    public string Name => Counter.Name;
}
