namespace SimCache.TestSupport;

/// <summary>
/// Files committed in the repository, found above the test's bin folder, so that every test project reads
/// the same golden trace (traces/golden-small, made by traces/make-golden-small.sh) and the same real data
/// set (data/ml-latest-small, described in its SOURCE.md) from one definition.
/// </summary>
public static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    /// <summary>The golden trace: 1,267 requests of 371 users, d = 32, with answers and future items.</summary>
    public static string GoldenTrace => Path.Combine(Root, "traces", "golden-small", "trace.arrow");

    /// <summary>The decoder that computed the golden trace's answers.</summary>
    public static string GoldenDecoder => Path.Combine(Root, "traces", "golden-small", "decoder.arrow");

    /// <summary>MovieLens ml-latest-small as GroupLens publishes it (LF line endings), committed under its licence.</summary>
    public static string MlLatestSmall => Path.Combine(Root, "data", "ml-latest-small");

    /// <summary>ml-latest-small's <c>ratings.csv</c>: 100,836 ratings of 610 users.</summary>
    public static string RatingsCsv => Path.Combine(MlLatestSmall, "ratings.csv");

    /// <summary>ml-latest-small split by Liang et al.'s own preprocessing code (603 users, 5,181 items).</summary>
    public static string VaeCfSplit => Path.Combine(MlLatestSmall, "vae-cf-split");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Simulator.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Simulator.sln not found above " + AppContext.BaseDirectory);
    }
}
