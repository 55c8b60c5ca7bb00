using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SimCache.Data.IO;

namespace SimCache.Experiments.Sweep;

/// <summary>
/// Shard <see cref="Index"/> (0-based) of <see cref="Count"/>: the point × seed pairs whose key hashes to it. The
/// assignment depends on the pair's key alone (the point key and the seed, the key results.db resumes by), through
/// SHA-256 so it is the same in every process, on every machine and for every .NET version (unlike
/// <see cref="string.GetHashCode()"/>, which is randomised per process). It never depends on what is already done,
/// so a shard rerun after a failure gets exactly its own pairs again, and every pair is in exactly one shard.
/// </summary>
public sealed record SweepShard(int Index, int Count)
{
    /// <summary>The folder name of the shard's results, <c>I-of-N</c>.</summary>
    public string Name => string.Create(CultureInfo.InvariantCulture, $"{Index}-of-{Count}");

    /// <summary>The shard's results folder: <c>OUT/shards/I-of-N</c> (its own results.db, so shards never share a SQLite file).</summary>
    public string Folder(string outDir) => Path.Combine(outDir, ShardsFolder, Name);

    public const string ShardsFolder = "shards";

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    /// <summary>Whether the pair belongs to this shard.</summary>
    public bool Contains(string pointKey, long seed) => Of(pointKey, seed, Count) == Index;

    /// <summary>The shard (0 … count−1) of a pair: the first 8 bytes of SHA-256("point key" LF "seed"), little-endian, mod count.</summary>
    public static int Of(string pointKey, long seed, int count)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count));
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(pointKey + "\n" + seed.ToString(CultureInfo.InvariantCulture)), hash);
        return (int)(BinaryPrimitives.ReadUInt64LittleEndian(hash) % (ulong)count);
    }

    /// <summary>Parses <c>I/N</c> (0 ≤ I &lt; N), naming <paramref name="option"/> in the refusal.</summary>
    public static SweepShard Parse(string text, string option = "--shard")
    {
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n))
            throw new UsageException($"{option}: '{text}' is not I/N (shard I, counted from 0, of N shards; e.g. 0/4)");
        if (n < 1) throw new UsageException($"{option}: '{text}': the number of shards must be ≥ 1");
        if (i >= n) throw new UsageException($"{option}: '{text}': the shard index counts from 0, so it must be less than {n}");
        return new SweepShard(i, n);
    }

    /// <summary>Parses a shard folder name <c>I-of-N</c>, or null if it is not one.</summary>
    public static SweepShard? FromName(string name)
    {
        var parts = name.Split("-of-");
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            && n >= 1 && i < n ? new SweepShard(i, n) : null;
    }
}
