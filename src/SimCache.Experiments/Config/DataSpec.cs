using SimCache.Data.Protocol;

namespace SimCache.Experiments.Config;

/// <summary>
/// Where an experiment's ratings come from: exactly one of a synthetic preset, an already prepared data
/// set folder, or a raw rating file with its format; plus the protocol settings used to split it.
/// </summary>
public sealed record DataSpec
{
    /// <summary>Synthetic preset name (small, ml-20m), or null.</summary>
    public string? SyntheticPreset { get; init; }
    public long? SyntheticSeed { get; init; }
    public int? SyntheticUsers { get; init; }
    public int? SyntheticItems { get; init; }
    public int? SyntheticClusters { get; init; }

    /// <summary>A prepared data set folder (with dataset.json), absolute, or null.</summary>
    public string? Dataset { get; init; }

    /// <summary>A raw rating file or folder, absolute, with its format, or null.</summary>
    public string? File { get; init; }
    public string? Format { get; init; }
    public string? Columns { get; init; }

    /// <summary>
    /// The catalogue name of the data set <c>run</c> downloads to <see cref="File"/> before preparing it, when
    /// that folder is missing (<c>"download": true</c>), or null.
    /// </summary>
    public string? Download { get; init; }

    /// <summary>Protocol overrides; null fields take the format's defaults.</summary>
    public double? Threshold { get; init; }
    public int? MinUserItems { get; init; }
    public int? MinItemUsers { get; init; }
    public int? Heldout { get; init; }
    public uint ProtocolSeed { get; init; } = new ProtocolOptions().Seed;
}
