namespace SimCache.TestSupport;

/// <summary>
/// Locates <c>../shared/data</c> from a test's bin folder (or SIMCACHE_SHARED), so tests read the real
/// MovieLens files in place: they are never copied into the repository.
/// </summary>
public static class SharedData
{
    /// <summary>The <c>shared</c> folder.</summary>
    public static string Root { get; } = Find();

    public static string MlLatestSmall => Path.Combine(Root, "data", "ml-latest-small");
    public static string RatingsCsv => Path.Combine(MlLatestSmall, "ratings.csv");
    public static string VaeCfSplit => Path.Combine(MlLatestSmall, "vae-cf-split");

    private static string Find()
    {
        var env = Environment.GetEnvironmentVariable("SIMCACHE_SHARED");
        if (!string.IsNullOrEmpty(env)) return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared"), Path.Combine(dir.FullName, "..", "shared") })
                if (Directory.Exists(Path.Combine(candidate, "data", "ml-latest-small"))) return Path.GetFullPath(candidate);
        }
        throw new DirectoryNotFoundException("../shared/data/ml-latest-small not found above " + AppContext.BaseDirectory + "; set SIMCACHE_SHARED");
    }
}
