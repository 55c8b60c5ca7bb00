namespace SimCache.Caching.Core;

/// <summary>
/// What one lookup did, as a small struct (no allocation): the kind, the key that served (its slot, −1 on a
/// miss) and its distance — on a miss the distance to the nearest key (+∞ if none) —, the cost charged by the
/// cache's cost model, what the policy wants admitted once the request's answer is retrieved, and how many
/// retrievals from the server this request caused (a miss's, plus any background fetch such as qLRU-ΔC
/// inserting a request it served approximately, or CLS-LRU moving a key).
/// </summary>
public readonly record struct CacheOutcome(
    OutcomeKind Kind,
    int Slot,
    float Distance,
    double Cost,
    AdmissionKind Admission,
    int TargetVersion,
    int Fetches)
{
    public bool IsHit => Kind != OutcomeKind.Miss;
}
