using System.Globalization;
using System.Text.Json.Serialization;
using SimCache.Data.IO;

namespace SimCache.Data.Synthetic;

/// <summary>
/// Everything that determines a synthetic rating log. Later stages (training, embedding, cache replay) need a data
/// set that is available offline, reproducible from a seed and shaped like MovieLens (heavy popularity and activity
/// tails, cluster structure, sessions, slow taste drift), so every shape knob is explicit here and recorded in
/// synth.json; two runs with equal options produce byte-identical files.
/// </summary>
/// <remarks>Property names map to kebab-case CLI options (<c>ZipfExponent</c> ↔ <c>--zipf-exponent</c>); validation messages use those names.</remarks>
public sealed record SyntheticOptions
{
    /// <summary>Preset names accepted by <see cref="Preset"/>.</summary>
    public static IReadOnlyList<string> PresetNames { get; } = ["small", "ml-20m"];

    // ---- size ----
    public int Users { get; init; } = 3_000;
    public int Items { get; init; } = 2_000;
    public int Clusters { get; init; } = 12;
    public long Seed { get; init; } = 42;

    // ---- item popularity ----
    /// <summary>Base item weight ∝ rank^-s (ranks shuffled over item ids).</summary>
    public double ZipfExponent { get; init; } = 0.95;

    // ---- user activity: count = min + round(LogNormal(ln(median - min), sigma)), capped ----
    public int MinRatingsPerUser { get; init; } = 10;
    public double MedianRatingsPerUser { get; init; } = 35;
    public double ActivitySigma { get; init; } = 1.45;
    /// <summary>No user rates more than this fraction of the items.</summary>
    public double MaxRatingsFraction { get; init; } = 0.3;

    // ---- tastes ----
    /// <summary>Strength A of each cluster's tilt: cluster c draws item i ∝ popularity · exp(A · z(c,i)), z ~ N(0, 1).</summary>
    public double ClusterAffinity { get; init; } = 2.0;
    /// <summary>Share of draws from global popularity (no taste).</summary>
    public double GlobalShare { get; init; } = 0.15;
    /// <summary>Share of draws from the secondary cluster at the start of a user's history …</summary>
    public double SecondaryShareStart { get; init; } = 0.1;
    /// <summary>… growing linearly to this share at the end (taste drift).</summary>
    public double SecondaryShareEnd { get; init; } = 0.3;

    // ---- ratings: latent = mean + user bias + item quality + match × affinity + noise, rounded to stars ----
    public double RatingMean { get; init; } = 3.1;
    public double UserBiasSd { get; init; } = 0.4;
    public double ItemQualitySd { get; init; } = 0.35;
    /// <summary>Stars per unit of the item's standardised affinity z to the user's clusters (max over primary/secondary), so that positives carry the clusters.</summary>
    public double MatchWeight { get; init; } = 0.35;
    public double NoiseSd { get; init; } = 0.75;
    /// <summary>Share of users who use half stars; the others rate in whole stars (as in MovieLens, where whole stars dominate).</summary>
    public double HalfStarUserShare { get; init; } = 0.5;

    // ---- time ----
    public DateTimeOffset TimeStart { get; init; } = new(1996, 3, 29, 0, 0, 0, TimeSpan.Zero);
    public DateTimeOffset TimeEnd { get; init; } = new(2018, 9, 24, 0, 0, 0, TimeSpan.Zero);
    /// <summary>Share of users whose whole history is one session.</summary>
    public double SingleSessionShare { get; init; } = 0.4;
    /// <summary>Other users put a uniform share in [min, max] of their ratings in the first session.</summary>
    public double FirstSessionShareMin { get; init; } = 0.3;
    public double FirstSessionShareMax { get; init; } = 0.9;
    /// <summary>Mean size of a later session (geometric).</summary>
    public double MeanSessionSize { get; init; } = 12;
    /// <summary>Mean gap between consecutive ratings in a session (exponential, seconds).</summary>
    public double MeanInSessionGapSeconds { get; init; } = 40;
    /// <summary>Gaps between sessions are log-uniform in [min, max] days.</summary>
    public double MinSessionGapDays { get; init; } = 1;
    public double MaxSessionGapDays { get; init; } = 180;

    // ---- execution (does not affect the output) ----
    /// <summary>Worker threads; null means all cores. Output is byte-identical for any value.</summary>
    [JsonIgnore]
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>The named preset: <c>small</c> (built-in data set, trains fast) or <c>ml-20m</c> (ML-20M-sized scale test).</summary>
    public static SyntheticOptions Preset(string name) => name switch
    {
        "small" => new SyntheticOptions(),
        "ml-20m" => new SyntheticOptions
        {
            Users = 138_493,
            Items = 20_000,
            Clusters = 32,
            MinRatingsPerUser = 20,
            MedianRatingsPerUser = 68,
            // mean = min + (median - min)·exp(σ²/2) = 20 + 48·e^{0.95} ≈ 144, as in ML-20M.
            ActivitySigma = 1.378,
            MaxRatingsFraction = 0.4,
            TimeStart = DateTimeOffset.FromUnixTimeSeconds(789_652_004),   // 1995-01-09, first ML-20M rating
            TimeEnd = DateTimeOffset.FromUnixTimeSeconds(1_427_784_002),   // 2015-03-31, last ML-20M rating
        },
        _ => throw new UsageException($"--preset must be one of {string.Join(", ", PresetNames)} (got '{name}')"),
    };

    /// <summary>Rating count cap per user implied by <see cref="MaxRatingsFraction"/>.</summary>
    public int MaxRatingsPerUser => (int)Math.Min(Items, Math.Floor(MaxRatingsFraction * Items));

    /// <summary>Throws <see cref="UsageException"/> naming the first offending option.</summary>
    public void Validate()
    {
        Require(Users >= 1, "--users must be ≥ 1");
        Require(Items >= 1, "--items must be ≥ 1");
        Require(Clusters >= 1, "--clusters must be ≥ 1");
        Require(Clusters <= Items, "--clusters must be ≤ --items");
        Require((long)Clusters * Items <= 100_000_000, "--clusters × --items must be ≤ 100,000,000 (one affinity per cluster and item is kept in memory)");
        Require(Finite(ZipfExponent) && ZipfExponent >= 0 && ZipfExponent <= 5, "--zipf-exponent must be in [0, 5]");
        Require(MinRatingsPerUser >= 1, "--min-ratings-per-user must be ≥ 1");
        Require(Finite(MaxRatingsFraction) && MaxRatingsFraction > 0 && MaxRatingsFraction <= 1, "--max-ratings-fraction must be in (0, 1]");
        Require(MinRatingsPerUser <= MaxRatingsPerUser,
            $"--min-ratings-per-user must be ≤ --max-ratings-fraction × --items (= {MaxRatingsPerUser.ToString(CultureInfo.InvariantCulture)})");
        Require(Finite(MedianRatingsPerUser) && MedianRatingsPerUser > MinRatingsPerUser, "--median-ratings-per-user must be > --min-ratings-per-user");
        Require(Finite(ActivitySigma) && ActivitySigma >= 0 && ActivitySigma <= 4, "--activity-sigma must be in [0, 4]");
        Require(Finite(ClusterAffinity) && ClusterAffinity >= 0 && ClusterAffinity <= 5, "--cluster-affinity must be in [0, 5]");
        Require(Share(GlobalShare), "--global-share must be in [0, 1]");
        Require(Share(SecondaryShareStart), "--secondary-share-start must be in [0, 1]");
        Require(Share(SecondaryShareEnd), "--secondary-share-end must be in [0, 1]");
        Require(GlobalShare + Math.Max(SecondaryShareStart, SecondaryShareEnd) <= 1, "--global-share + --secondary-share-start/end must be ≤ 1");
        Require(Finite(RatingMean), "--rating-mean must be finite");
        Require(Finite(UserBiasSd) && UserBiasSd >= 0, "--user-bias-sd must be ≥ 0");
        Require(Finite(ItemQualitySd) && ItemQualitySd >= 0, "--item-quality-sd must be ≥ 0");
        Require(Finite(MatchWeight), "--match-weight must be finite");
        Require(Finite(NoiseSd) && NoiseSd >= 0, "--noise-sd must be ≥ 0");
        Require(Share(HalfStarUserShare), "--half-star-user-share must be in [0, 1]");
        Require(TimeStart.ToUnixTimeSeconds() >= 0, "--time-start must not be before 1970-01-01");
        Require(TimeEnd > TimeStart, "--time-end must be after --time-start");
        Require(Share(SingleSessionShare), "--single-session-share must be in [0, 1]");
        Require(Share(FirstSessionShareMin) && FirstSessionShareMin > 0, "--first-session-share-min must be in (0, 1]");
        Require(Share(FirstSessionShareMax) && FirstSessionShareMax >= FirstSessionShareMin, "--first-session-share-max must be in [--first-session-share-min, 1]");
        Require(Finite(MeanSessionSize) && MeanSessionSize >= 1, "--mean-session-size must be ≥ 1");
        Require(Finite(MeanInSessionGapSeconds) && MeanInSessionGapSeconds >= 0, "--mean-in-session-gap-seconds must be ≥ 0");
        Require(Finite(MinSessionGapDays) && MinSessionGapDays > 0, "--min-session-gap-days must be > 0");
        Require(Finite(MaxSessionGapDays) && MaxSessionGapDays >= MinSessionGapDays, "--max-session-gap-days must be ≥ --min-session-gap-days");
        Require(MaxDegreeOfParallelism is null || MaxDegreeOfParallelism >= 1, "--max-degree-of-parallelism must be ≥ 1");
    }

    private static bool Finite(double x) => double.IsFinite(x);
    private static bool Share(double x) => double.IsFinite(x) && x >= 0 && x <= 1;

    private static void Require(bool ok, string message)
    {
        if (!ok) throw new UsageException(message);
    }
}
