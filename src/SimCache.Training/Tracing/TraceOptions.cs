using SimCache.Data.IO;

namespace SimCache.Training.Tracing;

/// <summary>
/// How users are re-embedded as their history grows (docs/METHODS.md §1.5; the seed report's
/// chapter 4): a user with fewer than <see cref="MinRatings"/> positives is embedded once from all of them; others
/// first from ⌊<see cref="Warmup"/>·n⌋ and then after every <see cref="Every"/> further positives. Left null,
/// <see cref="MinRatings"/> and <see cref="Every"/> are derived from the data's positives per user
/// (<see cref="TraceDensity"/>), so the default trace is usable on small and large data sets alike.
/// </summary>
public sealed record TraceOptions
{
    /// <summary>Users with fewer positives are embedded once; null: derived (<see cref="TraceDensity"/>).</summary>
    public int? MinRatings { get; init; }
    public double Warmup { get; init; } = 0.8;

    /// <summary>Positives between re-embeddings; null: derived (<see cref="TraceDensity"/>).</summary>
    public int? Every { get; init; }

    /// <summary>Items of the decoder's top list stored per row (the answer a server would compute); 0 for none.</summary>
    public int Answers { get; init; } = 100;

    /// <summary>Next items the user really consumed, stored per row as ground truth; 0 for none.</summary>
    public int Future { get; init; } = 50;

    /// <summary>Prefixes encoded per batch, a unit of work for one thread (encoded and scored in groups of a few hundred rows). The trace depends on it
    /// in the last bits (libtorch's products may round differently for another batch shape), not on <see cref="Threads"/>.</summary>
    public int Batch { get; init; } = 2048;

    /// <summary>Trace only this many users drawn at random (null: all).</summary>
    public int? SampleUsers { get; init; }
    public long Seed { get; init; } = 42;
    /// <summary>Batches encoded at once, each on its own single libtorch thread; the trace does not depend on it.</summary>
    public int Threads { get; init; } = Math.Max(1, Environment.ProcessorCount);

    public void Validate()
    {
        if (MinRatings is < 1) throw new UsageException("--min-ratings must be ≥ 1");
        if (!(Warmup > 0 && Warmup <= 1)) throw new UsageException("--warmup must be in (0, 1]");
        if (Every is < 1) throw new UsageException("--every must be ≥ 1");
        if (Answers < 0) throw new UsageException("--answers must be ≥ 0");
        if (Future < 0) throw new UsageException("--future must be ≥ 0");
        if (Batch < 1) throw new UsageException("--batch must be ≥ 1");
        if (SampleUsers is < 1) throw new UsageException("--sample-users must be ≥ 1");
        if (Threads < 1) throw new UsageException("--threads must be ≥ 1");
    }
}
