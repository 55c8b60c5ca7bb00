namespace SimCache.Training.Tests;

/// <summary>
/// Locates <c>../shared/data</c> (read in place, never copied) from the test's working folder; the same search
/// as SimCache.Data.Tests' helper, copied so that the two test projects stay independent.
/// </summary>
public static class SharedData
{
    public static string Root { get; } = Find();

    public static string MlLatestSmall => Path.Combine(Root, "data", "ml-latest-small");
    public static string RatingsCsv => Path.Combine(MlLatestSmall, "ratings.csv");

    private static string Find()
    {
        var env = Environment.GetEnvironmentVariable("SIMCACHE_SHARED");
        if (!string.IsNullOrEmpty(env)) return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "data", "ml-latest-small"))) return candidate;
            candidate = Path.Combine(dir.FullName, "..", "shared");
            if (Directory.Exists(Path.Combine(candidate, "data", "ml-latest-small"))) return Path.GetFullPath(candidate);
        }
        throw new DirectoryNotFoundException("../shared/data/ml-latest-small not found above " + AppContext.BaseDirectory + "; set SIMCACHE_SHARED");
    }
}
