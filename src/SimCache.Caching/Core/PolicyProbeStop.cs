namespace SimCache.Caching.Core;

/// <summary>
/// Thrown by a policy built under a <see cref="PolicyProbe"/> at the point where the check is complete; caught
/// by <see cref="CacheFactory"/> only. It carries no error: reaching it means the spec passed.
/// </summary>
internal sealed class PolicyProbeStop() : Exception("the cache check is complete");
