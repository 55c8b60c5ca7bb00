using SimCache.Simulation.Replay;

namespace SimCache.Simulation.Running;

/// <summary>What <c>simcache simulate</c> was asked to do: one trace, one cache, the replay options.</summary>
public sealed record SimulationRequest
{
    public required string TracePath { get; init; }
    public required string Cache { get; init; }
    public string? Index { get; init; }
    public string? DecoderPath { get; init; }

    /// <summary>A geometry stage's gmm.json, for caches that place keys by a mixture (gmm-placement).</summary>
    public string? GmmPath { get; init; }
    public string Cost { get; init; } = "";
    public required ReplayOptions Replay { get; init; }
    public required string OutDir { get; init; }
    public required string Command { get; init; }
}
