namespace SimCache.Experiments.Config;

/// <summary>
/// <c>trace</c>: the re-embedding trace of docs/METHODS.md §1.5 (the options of <c>simcache trace</c>): users with
/// fewer than <see cref="MinRatings"/> positives get one row; others a first row from the first
/// <see cref="Warmup"/> share of their history, then one every <see cref="Every"/> ratings; each row carries
/// the top <see cref="Answers"/> items and the next <see cref="Future"/> items the user really consumed.
/// <see cref="MinRatings"/> and <see cref="Every"/> left out (null) are derived from the data's positives per user,
/// as <c>simcache trace</c> does (<see cref="Training.Tracing.TraceDensity"/>).
/// </summary>
public sealed record TraceSpec
{
    public int? MinRatings { get; init; }
    public double Warmup { get; init; } = 0.8;
    public int? Every { get; init; }
    public int Answers { get; init; } = 100;
    public int Future { get; init; } = 50;
}
