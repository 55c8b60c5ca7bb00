namespace SimCache.Caching.Bulk;

/// <summary>
/// The decisions of one run of requests whose distances <see cref="DeferredDistances"/> computes in bulk: the
/// policy decides row by row, in order, naming for each row the key whose distance it needs (or none), and is
/// given each distance later with <see cref="Serve"/>. Implemented by a policy's own (ref) struct, so the calls
/// are specialised and inlined: a run allocates nothing.
/// </summary>
public interface IDistanceRun
{
    /// <summary>
    /// Decides row <paramref name="row"/> of the run and returns the slot of the key whose distance to the row's
    /// query it needs, or −1 for none. Everything else about the request (the recency list, insertions, the
    /// outcome of a miss) happens here, in row order; a key about to be overwritten must first be announced
    /// with <see cref="DeferredDistances.BeforeChange"/>.
    /// </summary>
    int Decide(int row);

    /// <summary>
    /// The distance between row <paramref name="row"/>'s query and key <paramref name="slot"/> as the key was
    /// when <see cref="Decide"/> named it. Called once per named key, in the order they were named, before
    /// <see cref="DeferredDistances.Run"/> returns.
    /// </summary>
    void Serve(int row, int slot, float distance);
}
