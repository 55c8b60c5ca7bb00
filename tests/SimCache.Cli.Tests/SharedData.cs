namespace SimCache.Cli.Tests;

/// <summary>Locates <c>../shared/data</c> (read in place, never copied) from the test's working folder.</summary>
public static class SharedData
{
    public static string MlLatestSmall { get; } = Find();

    public static string RatingsCsv => Path.Combine(MlLatestSmall, "ratings.csv");
    public static string VaeCfSplit => Path.Combine(MlLatestSmall, "vae-cf-split");

    private static string Find()
    {
        var env = Environment.GetEnvironmentVariable("SIMCACHE_SHARED");
        if (!string.IsNullOrEmpty(env)) return Path.Combine(env, "data", "ml-latest-small");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared"), Path.Combine(dir.FullName, "..", "shared") })
            {
                var p = Path.Combine(candidate, "data", "ml-latest-small");
                if (Directory.Exists(p)) return Path.GetFullPath(p);
            }
        }
        throw new DirectoryNotFoundException("../shared/data/ml-latest-small not found above " + AppContext.BaseDirectory + "; set SIMCACHE_SHARED");
    }
}
