using System.Security.Cryptography;
using System.Text;

namespace SimCache.Experiments.Sweep;

/// <summary>
/// What every point of a sweep replays: the trace, the decoder that answers for points where no user stands,
/// and optionally the geometry stage's Gaussian mixture. <see cref="Hash"/> identifies their contents; results
/// made on other inputs are not mixed with these (results.db keeps, per experiment, the rows of one input set).
/// </summary>
public sealed record SweepInputs(string Trace, string? Decoder, string? Gmm, string Hash)
{
    /// <summary>
    /// Threads one point's cache may use when its spec leaves the choice to the run (0: all cores). Not part of
    /// <see cref="Hash"/>: results do not depend on it. <see cref="SweepEngine"/> sets 1 when it runs several
    /// points at once, so that parallelism never nests.
    /// </summary>
    public int Threads { get; init; }

    /// <summary>Inputs identified by the sha256 of the files' contents (for <c>simcache sweep</c> on given files).</summary>
    public static SweepInputs FromFiles(string trace, string? decoder, string? gmm)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, path) in new[] { ("trace", trace), ("decoder", decoder), ("gmm", gmm) })
        {
            sha.AppendData(Encoding.UTF8.GetBytes(name + "\n"));
            if (path is not null) sha.AppendData(Encoding.UTF8.GetBytes(Stages.ContentHash.OfFile(path) + "\n"));
        }
        return new SweepInputs(trace, decoder, gmm, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }
}
